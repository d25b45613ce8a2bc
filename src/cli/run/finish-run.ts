import { quoteShellCommand } from "../../app/quote-shell-argument.js";
import type { RunResult } from "../../app/run-service/run-service.js";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { refusalError } from "../render-remedy.js";

/**
 * Exit codes of SEMANTICS section 9 for how a run ended; `rolledBackOk` for a rollback asked
 * for; `plan` as the user typed it, for the commands a message suggests.
 */
export function exitCodeOf(result: RunResult, io: CliIo, options: { rolledBackOk?: boolean; plan: string }): number {
  switch (result.kind) {
    case "refused":
      throw refusalError(result, options.plan);
    case "ended": {
      // Nothing ran and nothing was written: the run is over, and says how it ended.
      const { run, state } = result;
      const { plan } = options;
      const env = run.environment ? ["--env", run.environment] : [];
      const again = `\`${quoteShellCommand(["bascule", "run", plan, ...env, "--new"])}\` starts another run on purpose`;
      if (run.status === "completed") {
        io.stdout(`run ${run.runId} completed at ${run.updatedAt}; nothing is run again. ${again}\n`);
        return 0;
      }
      const rollback = state.rollback?.started;
      const how = rollback ? ` (${rollback.level} rollback, ${rollback.trigger === "operator" ? `ordered by ${rollback.by ?? "an operator"}` : rollback.reason})` : "";
      const message = `run ${run.runId} was rolled back at ${run.updatedAt}${how}; nothing is run again. \`${quoteShellCommand(["bascule", "retry", plan, ...env])}\` tries again from where it failed; ${again}`;
      if (rollback?.trigger === "operator") {
        io.stdout(`${message}\n`);
        return 0;
      }
      throw new CliError(message, 1);
    }
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
