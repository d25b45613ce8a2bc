import type { RunSummary } from "../../ports/journal-store.js";

export interface ChooseRunOptions {
  /** The plan's key in the store, as messages name it. */
  readonly planKey: string;
  /** `bascule run --new`: start another run on purpose once the latest one has ended. */
  readonly forceNew?: boolean;
  /** Only continue an existing run; never start one. */
  readonly existingOnly?: boolean;
  /** Continue the latest run whatever its status (a rollback after completion, a retry after one). */
  readonly anyStatus?: boolean;
}

/** What a command does about the plan's latest run. */
export type RunStart =
  | { readonly kind: "resume"; readonly run: RunSummary }
  | { readonly kind: "create" }
  /** The latest run ended (completed, or rolled back to its end): nothing is run again. */
  | { readonly kind: "ended"; readonly run: RunSummary }
  | { readonly kind: "refused"; readonly message: string; readonly exitCode: 2 | 4 };

const ended: readonly string[] = ["completed", "rolled_back"];

/**
 * The one place that decides, from the latest run alone, whether a command continues it,
 * starts another, or neither. It runs inside the store's claim, so two processes deciding
 * at once cannot both start a run (SEMANTICS section 7).
 */
export function chooseRun(latest: RunSummary | undefined, options: ChooseRunOptions): RunStart {
  if (latest === undefined) {
    return options.existingOnly ? { kind: "refused", message: `no run of ${options.planKey} to continue; start one with \`bascule run\``, exitCode: 2 } : { kind: "create" };
  }
  if (options.existingOnly || options.anyStatus) {
    if (options.anyStatus || !ended.includes(latest.status)) return { kind: "resume", run: latest };
    return { kind: "refused", message: `run ${latest.runId} has ended (${latest.status}); there is nothing to continue`, exitCode: 2 };
  }
  if (options.forceNew) {
    if (latest.status === "in_progress" || latest.status === "paused") {
      return {
        kind: "refused",
        message: `run ${latest.runId} is still ${latest.status === "paused" ? "paused" : "in progress"}: continue it with \`bascule run\` (without --new), or end it with \`bascule rollback --level full\`, before starting another`,
        exitCode: 2,
      };
    }
    return { kind: "create" };
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
