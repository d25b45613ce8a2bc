import { basename, dirname, join, relative, sep } from "node:path";
import type { PlanSelector, RunSummary } from "../../ports/journal-store.js";

/**
 * Which of a store's runs a command may continue: a run is its plan's (the plan's identity),
 * for one environment, in one store. The plan's identity is its metadata names, so the plan
 * keeps its runs wherever its file is read from; without names, its path from the store's root.
 */
export interface RunIdentity {
  /** The plan's key in the store: `{"enhancement_id":…,"migration_name":…}` or `{"path":…}`, as JSON. */
  readonly planKey: string;
  /** The `--env` of the command; undefined for none. */
  readonly environment?: string;
  /** How messages name the plan: its path as the user gave it. */
  readonly label: string;
  /** The plan file, absolute. */
  readonly planPath: string;
  /** The key an older store kept the plan's runs by: its file name. */
  readonly legacyKey: string;
  /** True for the store beside the plan, where the file name alone told plans apart. */
  readonly besideStore: boolean;
}

export interface IdentifyRunInput {
  /** The plan as loaded, before validation: only `metadata` is read. */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly planPath: string;
  readonly statePath: string;
  readonly environment?: string;
  readonly label: string;
}

export function identifyRun(input: IdentifyRunInput): RunIdentity {
  return {
    planKey: planKeyOf(input.raw, input.planPath, input.statePath),
    ...(input.environment ? { environment: input.environment } : {}),
    label: input.label,
    planPath: input.planPath,
    legacyKey: basename(input.planPath),
    besideStore: input.statePath === join(dirname(input.planPath), ".bascule", "state.db"),
  };
}

/**
 * The plan's key: `metadata.migration_name` and `metadata.enhancement_id`, whichever it has;
 * else its path relative to the store's root. Two plans of the same names are one migration,
 * wherever their files are: the names are what tells migrations apart.
 */
export function planKeyOf(raw: Readonly<Record<string, unknown>>, planPath: string, statePath: string): string {
  const metadata = raw.metadata !== null && typeof raw.metadata === "object" ? (raw.metadata as Record<string, unknown>) : {};
  const name = textOf(metadata.migration_name);
  const enhancement = textOf(metadata.enhancement_id);
  if (name !== undefined || enhancement !== undefined) {
    return JSON.stringify({ ...(enhancement === undefined ? {} : { enhancement_id: enhancement }), ...(name === undefined ? {} : { migration_name: name }) });
  }
  return JSON.stringify({ path: relative(storeRoot(statePath), planPath).split(sep).join("/") });
}

/** The folder a store's plan paths are taken from: the one holding `.bascule/`, or the state file's own. */
export function storeRoot(statePath: string): string {
  const folder = dirname(statePath);
  return basename(folder) === ".bascule" ? dirname(folder) : folder;
}

/** What to ask the store for: the plan's runs, and the legacy runs that may be its. */
export function planSelector(identity: RunIdentity): PlanSelector {
  return { planKey: identity.planKey, legacyKey: identity.legacyKey };
}

/**
 * Whether a run the store gave for `planSelector` is the plan's. A legacy run is found as the
 * older Bascule found it: by file name in the store beside the plan, where a folder holds one
 * file of a name; elsewhere (`--state`) only by the path it was started from.
 */
export function isRunOfPlan(run: RunSummary, identity: RunIdentity): boolean {
  if (run.legacy !== true) return run.planKey === identity.planKey;
  return run.planKey === identity.legacyKey && (identity.besideStore || run.planPath === identity.planPath);
}

/** Whether a run is for this environment; a legacy run's is unknown, so it is taken for any. */
export function isRunOfEnvironment(run: RunSummary, environment: string | undefined): boolean {
  return run.legacy === true || (run.environment ?? undefined) === (environment || undefined);
}

/** "for environment staging", or "without an environment". */
export function describeEnvironment(environment: string | undefined): string {
  return environment ? `for environment ${environment}` : "without an environment";
}

function textOf(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
