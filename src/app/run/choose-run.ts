import type { RunStatus, RunSummary } from "../../ports/journal-store.js";
import { type Refusal, refusal } from "../run-service/refusal.js";
import type { Remedy } from "../run-service/remedy.js";
import { describeEnvironment, isRunOfEnvironment } from "./run-identity.js";

export interface ChooseRunOptions {
  /** How messages name the plan: its path as the user gave it. */
  readonly plan: string;
  /** The command's environment (`--env`); undefined for none. */
  readonly environment?: string;
  /** `bascule run --new`: start another run on purpose once the latest one has ended. */
  readonly forceNew?: boolean;
  /** Only continue an existing run; never start one. */
  readonly existingOnly?: boolean;
  /** Continue the latest run whatever its status (a rollback after completion, a retry after one). */
  readonly anyStatus?: boolean;
  /**
   * Unfinished runs started from this plan's file under other metadata names: the plan was
   * renamed, or another plan put in its place. None is silently left behind for a fresh run.
   */
  readonly strays?: readonly RunSummary[];
}

/** What a command does about the plan's latest run. */
export type RunStart =
  | { readonly kind: "resume"; readonly run: RunSummary }
  | { readonly kind: "create" }
  /** The latest run ended (completed, or rolled back to its end): nothing is run again. */
  | { readonly kind: "ended"; readonly run: RunSummary }
  | Refusal;

const ended: readonly RunStatus[] = ["completed", "rolled_back"];
const live: readonly RunStatus[] = ["in_progress", "paused"];

/**
 * The one place that decides, from the plan's runs alone (newest first), whether a command
 * continues one, starts another, or neither. It runs inside the store's claim, so two
 * processes deciding at once cannot both start a run (SEMANTICS section 7). Only a run of the
 * command's environment is continued; while another environment's latest run is unfinished,
 * none is started either, since the plan has one unfinished run at a time.
 */
export function chooseRun(runs: readonly RunSummary[], options: ChooseRunOptions): RunStart {
  const latest = runs.find((run) => isRunOfEnvironment(run, options.environment));
  const elsewhere = latestOfOtherEnvironments(runs, options.environment);
  if (latest === undefined) {
    if (!options.existingOnly) return create(elsewhere, options);
    const other = elsewhere[0];
    if (other === undefined) {
      return refusal("no-run", `no run of ${options.plan}${options.environment ? ` ${describeEnvironment(options.environment)}` : ""} to continue; start one`, [
        run(options.environment),
      ]);
    }
    const away = describeRunElsewhere(other);
    return refusal("run-elsewhere", `no run of ${options.plan} ${describeEnvironment(options.environment)} to continue; ${away.text}`, away.remedies);
  }
  if (options.existingOnly || options.anyStatus) {
    if (options.anyStatus || !ended.includes(latest.status)) return { kind: "resume", run: latest };
    return refusal("run-ended", `run ${latest.runId} has ended (${latest.status}); there is nothing to continue`);
  }
  if (options.forceNew) {
    if (live.includes(latest.status)) {
      return refusal(
        "run-unfinished",
        `run ${latest.runId} is still ${latest.status === "paused" ? "paused" : "in progress"}: continue it, or end it with a full rollback, before starting another`,
        [run(latest.environment), rollbackFull(latest.environment)],
      );
    }
    return create(elsewhere, options);
  }
  if (ended.includes(latest.status)) return { kind: "ended", run: latest };
  if (latest.status === "rollback_failed") {
    return refusal(
      "rollback-failed",
      `run ${latest.runId} ended with a failed rollback: the system may be between states. Check its status, repair by hand, then start afresh with a new run`,
      [{ kind: "status", ...env(latest.environment) }, run(latest.environment, true)],
    );
  }
  // In progress, paused, or failed and blocked: continue it, where decide and retry take over.
  return { kind: "resume", run: latest };
}

/**
 * "run R is paused for environment staging: address it in that environment", with its status
 * as the remedy, for a request whose environment has no run while another's has.
 */
export function describeRunElsewhere(other: RunSummary): { readonly text: string; readonly remedies: readonly Remedy[] } {
  const where = other.environment ? `in environment ${other.environment}` : "without an environment";
  return {
    text: `run ${other.runId} ${describeStatus(other.status)} ${describeEnvironment(other.environment)}: address it ${where}`,
    remedies: [{ kind: "status", ...env(other.environment) }],
  };
}

function create(elsewhere: readonly RunSummary[], options: ChooseRunOptions): RunStart {
  // A failed run may be left behind on purpose with --new, as in its own environment; a live one never.
  const blocking = elsewhere.find((run) => live.includes(run.status) || (!options.forceNew && !ended.includes(run.status)));
  if (blocking !== undefined) {
    const isLive = live.includes(blocking.status);
    const anyway = isLive ? "" : `, or start one ${describeEnvironment(options.environment)} anyway as a new run`;
    return refusal(
      "run-elsewhere",
      `run ${blocking.runId} of ${options.plan} ${describeStatus(blocking.status)} ${describeEnvironment(blocking.environment)}, and a run is never continued in another environment: ` +
        `continue it or end it with a full rollback before starting one ${describeEnvironment(options.environment)}${anyway}`,
      [run(blocking.environment), rollbackFull(blocking.environment), ...(isLive ? [] : [run(options.environment, true)])],
    );
  }
  const stray = options.forceNew ? undefined : options.strays?.[0];
  if (stray !== undefined) {
    return refusal(
      "run-elsewhere",
      `run ${stray.runId} was started from ${options.plan} under other metadata names (migration_name, enhancement_id) and ${describeStatus(stray.status)}: ` +
        `restore the names to continue it, or start a run of the plan as it is now on purpose`,
      [run(options.environment, true)],
    );
  }
  return { kind: "create" };
}

/** The latest run of every environment other than `environment`, newest first. */
function latestOfOtherEnvironments(runs: readonly RunSummary[], environment: string | undefined): RunSummary[] {
  const seen = new Set<string>();
  const latest: RunSummary[] = [];
  for (const run of runs) {
    if (isRunOfEnvironment(run, environment)) continue;
    const key = run.environment ?? "";
    if (seen.has(key)) continue;
    seen.add(key);
    latest.push(run);
  }
  return latest;
}

function env(environment: string | undefined): { readonly environment?: string } {
  return environment ? { environment } : {};
}

function run(environment: string | undefined, fresh = false): Remedy {
  return { kind: "run", ...env(environment), ...(fresh ? { fresh } : {}) };
}

function rollbackFull(environment: string | undefined): Remedy {
  return { kind: "rollback", level: "full", ...env(environment) };
}

function describeStatus(status: RunStatus): string {
  switch (status) {
    case "in_progress":
      return "is in progress";
    case "paused":
      return "is paused";
    case "failed":
      return "failed";
    case "rollback_failed":
      return "ended with a failed rollback";
    case "completed":
      return "completed";
    case "rolled_back":
      return "was rolled back";
  }
}
