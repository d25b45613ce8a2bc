/** A well-known kind of YAML or JSON file that is not a migration plan, and what gave it away. */
export interface ForeignDocument {
  /** "a Kubernetes manifest", "a docker-compose file", … */
  readonly kind: string;
  /** The keys (or shape) that identify it, as the user will recognise them. */
  readonly telltales: readonly string[];
}

type Mapping = Readonly<Record<string, unknown>>;

interface Recognizer {
  readonly kind: string;
  /** The telltales found, or undefined when the document is not of this kind. */
  readonly match: (root: Mapping) => readonly string[] | undefined;
}

/** Keys of an Ansible task besides its module (modules themselves are often `ansible.builtin.x`). */
const ansibleTaskKeys = new Set(["become", "when", "register", "notify", "loop", "with_items", "tags"]);

const helmValueKeys = [
  "replicaCount",
  "image",
  "imagePullSecrets",
  "serviceAccount",
  "podAnnotations",
  "securityContext",
  "ingress",
  "resources",
  "autoscaling",
  "nodeSelector",
  "tolerations",
  "affinity",
  "fullnameOverride",
  "nameOverride",
];

/** Checked in order, so that the loosest guesses (Helm values, Ansible variables) come last. */
const recognizers: readonly Recognizer[] = [
  { kind: "a Kubernetes manifest", match: (root) => all(root, ["apiVersion", "kind"]) },
  { kind: "a Helm chart's Chart.yaml", match: (root) => all(root, ["apiVersion", "name", "version"]) },
  { kind: "a Liquibase changelog", match: (root) => all(root, ["databaseChangeLog"]) },
  {
    kind: "an AWS CloudFormation template",
    match: (root) => any(root, ["AWSTemplateFormatVersion", "Resources"]),
  },
  { kind: "an OpenAPI document", match: (root) => any(root, ["openapi", "swagger"]) },
  { kind: "a GitHub Actions workflow", match: (root) => all(root, ["on", "jobs"]) },
  {
    kind: "an npm package.json",
    match: (root) => {
      const base = all(root, ["name", "version"]);
      const extra = any(root, ["dependencies", "devDependencies", "scripts"]);
      return base && extra ? [...base, ...extra] : undefined;
    },
  },
  {
    kind: "a docker-compose file",
    match: (root) => {
      if (!isMapping(root.services)) return undefined;
      return Object.hasOwn(root, "version") ? ["services", "version"] : Object.hasOwn(root, "metadata") ? undefined : ["services"];
    },
  },
  { kind: "an Ansible play", match: (root) => all(root, ["hosts", "tasks"]) ?? all(root, ["hosts", "roles"]) },
  {
    kind: "Helm chart values",
    match: (root) => {
      const found = helmValueKeys.filter((key) => Object.hasOwn(root, key));
      return found.length >= 2 ? found.slice(0, 3) : undefined;
    },
  },
  {
    kind: "Ansible variables",
    match: (root) => {
      const keys = Object.keys(root);
      const ansible = keys.filter((key) => key.startsWith("ansible_"));
      if (ansible.length > 0) return ansible.slice(0, 3);
      const templated = keys.filter((key) => typeof root[key] === "string" && /\{\{.*\}\}/.test(root[key] as string));
      return templated.length > 0 ? [`Jinja templates in ${templated.slice(0, 2).join(", ")}`] : undefined;
    },
  },
];

/**
 * What a document that is no migration plan looks like instead, from its root: the telltale
 * keys of Kubernetes, Liquibase, docker-compose, Helm, CloudFormation, Ansible, npm, GitHub
 * Actions and OpenAPI files. Undefined when it resembles none of them.
 */
export function recognizeForeignDocument(root: unknown): ForeignDocument | undefined {
  if (Array.isArray(root)) return recognizeForeignList(root);
  if (!isMapping(root)) return undefined;
  for (const { kind, match } of recognizers) {
    const telltales = match(root);
    if (telltales !== undefined) return { kind, telltales };
  }
  return undefined;
}

/** "this looks like a Kubernetes manifest (apiVersion, kind), not a migration-strategy plan" */
export function describeForeignDocument(foreign: ForeignDocument): string {
  return `this looks like ${foreign.kind} (${foreign.telltales.join(", ")}), not a migration-strategy plan`;
}

/** A list at the root: an Ansible playbook (plays with hosts) or task list, else nothing known. */
function recognizeForeignList(items: readonly unknown[]): ForeignDocument | undefined {
  const mappings = items.filter(isMapping);
  if (mappings.some((item) => Object.hasOwn(item, "hosts"))) {
    const keys = ["hosts", "tasks", "roles"].filter((key) => mappings.some((item) => Object.hasOwn(item, key)));
    return { kind: "an Ansible playbook", telltales: ["a list of plays", ...keys] };
  }
  const named = mappings.length > 0 && mappings.every((item) => Object.hasOwn(item, "name"));
  if (named && mappings.some((item) => Object.keys(item).some((key) => key.includes(".") || ansibleTaskKeys.has(key)))) {
    return { kind: "an Ansible task list", telltales: ["a list of tasks with name and a module"] };
  }
  return undefined;
}

function all(root: Mapping, keys: readonly string[]): readonly string[] | undefined {
  return keys.every((key) => Object.hasOwn(root, key)) ? keys : undefined;
}

function any(root: Mapping, keys: readonly string[]): readonly string[] | undefined {
  const found = keys.filter((key) => Object.hasOwn(root, key));
  return found.length > 0 ? found : undefined;
}

function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
