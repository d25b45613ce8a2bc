import type { RunPlanResult } from "../../app/run/run-plan.js";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";

/** Exit codes of SEMANTICS section 9 for how a run ended; `rolledBackOk` for a rollback asked for. */
export function exitCodeOf(result: RunPlanResult, io: CliIo, options: { rolledBackOk?: boolean } = {}): number {
  switch (result.kind) {
    case "lock-held": {
      const h = result.holder;
      throw new CliError(
        `another run holds this plan's lock: run ${h.runId}, pid ${h.pid} on ${h.host}, since ${h.since} (last heartbeat ${h.heartbeat}); wait for it, or stop that process`,
        1,
      );
    }
    case "refused":
      throw new CliError(result.message, result.exitCode);
    case "driven": {
      const outcome = result.outcome;
      if (outcome.kind === "paused") return 3;
      if (outcome.kind === "interrupted") {
        io.stderr("bascule: interrupted; the run is recorded and continues with `bascule run`\n");
        return 3;
      }
      switch (outcome.status) {
        case "completed":
          return 0;
        case "rolled_back":
          // A rollback someone ordered, carried to its end, is a success; one forced by a failure is not.
          return options.rolledBackOk || outcome.state.rollback?.started.trigger === "operator" ? 0 : 1;
        case "failed":
          return 1;
        case "rollback_failed":
          return 4;
      }
    }
  }
}
