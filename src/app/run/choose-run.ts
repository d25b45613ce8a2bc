import type { RunStatus, RunSummary } from "../../ports/journal-store.js";
import { quoteShellCommand } from "../quote-shell-argument.js";
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
  | { readonly kind: "refused"; readonly message: string; readonly exitCode: 2 | 4 };

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
    const start = quoteShellCommand(["bascule", "run", ...envArguments(options.environment)]);
    const message =
      other === undefined
        ? `no run of ${options.plan}${options.environment ? ` ${describeEnvironment(options.environment)}` : ""} to continue; start one with \`${start}\``
        : `no run of ${options.plan} ${describeEnvironment(options.environment)} to continue; ${describeRunElsewhere(other)}`;
    return { kind: "refused", message, exitCode: 2 };
  }
  if (options.existingOnly || options.anyStatus) {
    if (options.anyStatus || !ended.includes(latest.status)) return { kind: "resume", run: latest };
    return { kind: "refused", message: `run ${latest.runId} has ended (${latest.status}); there is nothing to continue`, exitCode: 2 };
  }
  if (options.forceNew) {
    if (live.includes(latest.status)) {
      return {
        kind: "refused",
        message: `run ${latest.runId} is still ${latest.status === "paused" ? "paused" : "in progress"}: continue it with \`bascule run\` (without --new), or end it with \`bascule rollback --level full\`, before starting another`,
        exitCode: 2,
      };
    }
    return create(elsewhere, options);
  }
  if (ended.includes(latest.status)) return { kind: "ended", run: latest };
  if (latest.status === "rollback_failed") {
    return {
      kind: "refused",
      message: `run ${latest.runId} ended with a failed rollback: the system may be between states. Check \`bascule status\`, repair by hand, then start afresh with \`bascule run --new\``,
      exitCode: 4,
    };
  }
  // In progress, paused, or failed and blocked: continue it, where decide and retry take over.
  return { kind: "resume", run: latest };
}

/**
 * "run R is paused for environment staging: address it with `--env staging`, e.g. …", for a
 * command whose environment has no run while another's has.
 */
export function describeRunElsewhere(run: RunSummary, plan?: string): string {
  const example = plan === undefined ? "" : `, e.g. \`${quoteShellCommand(["bascule", "status", plan, ...envArguments(run.environment)])}\``;
  return `run ${run.runId} ${describeStatus(run.status)} ${describeEnvironment(run.environment)}: address it ${run.environment ? `with \`${quoteShellCommand(envArguments(run.environment))}\`` : "without --env"}${example}`;
}

function create(elsewhere: readonly RunSummary[], options: ChooseRunOptions): RunStart {
  // A failed run may be left behind on purpose with --new, as in its own environment; a live one never.
  const blocking = elsewhere.find((run) => live.includes(run.status) || (!options.forceNew && !ended.includes(run.status)));
  if (blocking !== undefined) {
    const flags = envArguments(blocking.environment);
    const anyway = live.includes(blocking.status) ? "" : `, or start one ${describeEnvironment(options.environment)} anyway with --new`;
    return {
      kind: "refused",
      message:
        `run ${blocking.runId} of ${options.plan} ${describeStatus(blocking.status)} ${describeEnvironment(blocking.environment)}, and a run is never continued in another environment: ` +
        `continue it with \`${quoteShellCommand(["bascule", "run", options.plan, ...flags])}\`, or end it with \`${quoteShellCommand(["bascule", "rollback", options.plan, ...flags, "--level", "full"])}\`, ` +
        `before starting one ${describeEnvironment(options.environment)}${anyway}`,
      exitCode: 2,
    };
  }
  const stray = options.forceNew ? undefined : options.strays?.[0];
  if (stray !== undefined) {
    return {
      kind: "refused",
      message:
        `run ${stray.runId} was started from ${options.plan} under other metadata names (migration_name, enhancement_id) and ${describeStatus(stray.status)}: ` +
        `restore the names to continue it, or start a run of the plan as it is now on purpose with --new`,
      exitCode: 2,
    };
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

function envArguments(environment: string | undefined): string[] {
  return environment ? ["--env", environment] : [];
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
