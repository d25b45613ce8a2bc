import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { didYouMean } from "../../lint/closest-match.js";
import { compareDiagnostics, type Diagnostic } from "../../lint/diagnostic.js";
import { decodePlanBytes, maxPlanBytes } from "../../plan/decode-plan-bytes.js";
import { loadYaml } from "../../plan/load-yaml.js";
import type { PlanPath } from "../../plan/plan-path.js";
import type { SourceProblem } from "../../plan/source-problem.js";
import { type BindingsSource, bindingsDiagnostic } from "./bindings-diagnostic.js";
import { bindingsFileSchema } from "./bindings-schema.js";
import { type Bindings, bindingsFileName, emptyBindings } from "./bindings.js";
import { collectSecrets, looksSecretName, sortSecrets } from "./collect-secrets.js";
import { describeBindingsIssues } from "./describe-bindings-issues.js";
import { mergeEnvironment } from "./merge-environment.js";
import { resolveBindings } from "./resolve-bindings.js";
import { substituteVariables } from "./substitute-variables.js";

export { type Bindings, bindingsFileName, emptyBindings } from "./bindings.js";

export type LoadedBindings =
  | {
      readonly kind: "bindings";
      readonly bindings: Bindings;
      /** Strings to mask in logs and output, longest first. */
      readonly secrets: readonly string[];
    }
  | { readonly kind: "invalid"; readonly diagnostics: readonly Diagnostic[]; readonly text: string; readonly file: string };

export interface LoadBindingsOptions {
  /** The bindings file's path; `sqlite:` paths resolve against its folder. */
  readonly file: string;
  /** The `--env` chosen, an entry of `environments`. */
  readonly environment?: string;
  /** Variables for `${VAR}`; the loader never reads `process.env` itself. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The plan's folder: `${BASCULE_PLAN_DIR}`, and `BASCULE_PLAN_DIR` in `Bindings.env`. */
  readonly planDir: string;
}

/** Parses, substitutes, merges and checks the text of a bindings file. */
export function loadBindingsText(text: string, options: LoadBindingsOptions): LoadedBindings {
  const file = resolve(options.file);
  const planDir = resolve(options.planDir);
  const invalid = (diagnostics: Diagnostic[]): LoadedBindings => ({
    kind: "invalid",
    diagnostics: diagnostics.sort(compareDiagnostics),
    text,
    file,
  });
  const loaded = loadYaml(text);
  if (loaded.kind === "source-problem" && loaded.code !== "empty") return invalid([describeSourceProblem(loaded)]);
  const data = loaded.kind === "loaded" ? loaded.data : {};
  const source: BindingsSource = { text, positions: loaded.kind === "loaded" ? loaded.positions : undefined };

  const missingEnvironment = checkEnvironment(data, options.environment, source);
  const environment = missingEnvironment === undefined ? options.environment : undefined;
  const substituted = substituteTree(data, { ...options.env, BASCULE_PLAN_DIR: planDir }, environment, source);
  const parsed = bindingsFileSchema.safeParse(substituted.data);
  const diagnostics = [...(missingEnvironment ? [missingEnvironment] : []), ...substituted.diagnostics];
  if (!parsed.success) diagnostics.push(...describeBindingsIssues(parsed.error.issues, substituted.data, source));
  if (diagnostics.length > 0 || !parsed.success) return invalid(diagnostics);

  const resolved = resolveBindings(mergeEnvironment(parsed.data, environment), source, { file, planDir });
  if (resolved.kind === "invalid") return invalid([...resolved.diagnostics]);
  return { kind: "bindings", bindings: resolved.bindings, secrets: sortSecrets(substituted.secrets) };
}

export interface ReadBindingsOptions extends Omit<LoadBindingsOptions, "file"> {
  /** Where a relative `--config` path starts. @default process.cwd() */
  readonly cwd?: string;
}

/**
 * Reads the bindings given with `--config` (`path`), or else `bascule.config.yaml` beside the
 * plan. Only the file beside the plan may be missing: then the bindings are empty.
 */
export function readBindingsFile(path: string | undefined, options: ReadBindingsOptions): LoadedBindings {
  const file = path === undefined ? join(resolve(options.planDir), bindingsFileName) : resolve(options.cwd ?? process.cwd(), path);
  const read = readText(file);
  if (read.kind === "missing" && path === undefined) {
    if (options.environment === undefined) {
      return { kind: "bindings", bindings: emptyBindings(resolve(options.planDir)), secrets: [] };
    }
    const message = `environment ${JSON.stringify(options.environment)} is not defined: there is no ${bindingsFileName} beside the plan; create one with environments:, or name another bindings file`;
    return { kind: "invalid", diagnostics: [bindingsDiagnostic({ text: "" }, [], message)], text: "", file };
  }
  if (read.kind !== "text") {
    const problem = read.kind === "missing" ? "no such file" : read.problem.message;
    return { kind: "invalid", diagnostics: [describeSourceProblem({ message: problem })], text: "", file };
  }
  return loadBindingsText(read.text, { ...options, file });
}

function checkEnvironment(data: Record<string, unknown>, environment: string | undefined, source: BindingsSource): Diagnostic | undefined {
  if (environment === undefined) return undefined;
  const environments = data.environments;
  const defined = isMapping(environments) ? Object.keys(environments) : [];
  if (defined.includes(environment)) return undefined;
  const name = JSON.stringify(environment);
  const message =
    defined.length === 0
      ? `environment ${name} is not defined: this file has no environments; add it under environments:`
      : `environment ${name} is not defined; defined environments: ${defined.join(", ")}${didYouMean(environment, defined)}`;
  return bindingsDiagnostic(source, environments === undefined ? [] : ["environments"], message, { target: "key" });
}

interface SubstitutedTree {
  readonly data: unknown;
  readonly diagnostics: Diagnostic[];
  readonly secrets: string[];
}

/**
 * Substitutes every string value of the top level and of the chosen environment. Other
 * environments stay as written: their variables need not be set for this one to load.
 */
function substituteTree(
  data: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
  environment: string | undefined,
  source: BindingsSource,
): SubstitutedTree {
  const out: SubstitutedTree = { data: undefined, diagnostics: [], secrets: [] };
  const walk = (value: unknown, path: PlanPath): unknown => {
    if (typeof value === "string") return substituteString(value, path, env, source, out);
    if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, i]));
    if (!isMapping(value)) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const skip = path.length === 1 && path[0] === "environments" && key !== environment;
      copy[key] = skip ? child : walk(child, [...path, key]);
      // A literal under a secret-looking name in `env:` is as secret as a substituted one.
      if (isEnvEntry(path) && typeof copy[key] === "string" && looksSecretName(key)) out.secrets.push(copy[key] as string);
    }
    return copy;
  };
  return { ...out, data: walk(data, []) };
}

function substituteString(value: string, path: PlanPath, env: Readonly<Record<string, string | undefined>>, source: BindingsSource, out: SubstitutedTree): string {
  const result = substituteVariables(value, env);
  if (result.kind === "unknown-variables") {
    for (const { name } of result.unknown) {
      const message = `variable ${name} is not set and has no default; set it, or write \${${name}:-default}`;
      out.diagnostics.push(bindingsDiagnostic(source, path, message, { within: `\${${name}` }));
    }
    return value;
  }
  out.secrets.push(...collectSecrets(result.text, result.substitutions));
  return result.text;
}

function isEnvEntry(path: PlanPath): boolean {
  return (path.length === 1 && path[0] === "env") || (path.length === 3 && path[0] === "environments" && path[2] === "env");
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

type ReadText = { kind: "text"; text: string } | { kind: "missing" } | { kind: "problem"; problem: Problem };

type Problem = Pick<SourceProblem, "message" | "line" | "column"> & { readonly code?: string };

function readText(file: string): ReadText {
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return { kind: "problem", problem: { message: `is a folder; name the bindings file inside it, e.g. ${bindingsFileName}` } };
    if (stat.size > maxPlanBytes) return { kind: "problem", problem: { message: `file is larger than ${maxPlanBytes / (1024 * 1024)} MiB; refused` } };
    const decoded = decodePlanBytes(readFileSync(file));
    return decoded.kind === "text" ? decoded : { kind: "problem", problem: decoded };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { kind: "missing" };
    const reason = code === "EACCES" || code === "EPERM" ? "permission denied" : `cannot read file (${code ?? String(error)})`;
    return { kind: "problem", problem: { message: reason } };
  }
}

/** Unreadable text gets the `source` rule, as an unreadable plan does. */
function describeSourceProblem(problem: Problem): Diagnostic {
  const message =
    problem.code === "not-a-mapping" ? problem.message.replace("the plan must be a mapping of sections", `${bindingsFileName} must be a mapping of keys`) : problem.message;
  const line = problem.line ?? 1;
  const column = problem.column ?? 1;
  return { rule: "source", severity: "error", message, path: [], line, column, endLine: line, endColumn: column + 1 };
}
