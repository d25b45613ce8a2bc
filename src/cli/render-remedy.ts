import { quoteShellCommand } from "../app/quote-shell-argument.js";
import type { Refusal, RefusalReason } from "../app/run-service/refusal.js";
import type { Remedy } from "../app/run-service/remedy.js";
import { CliError } from "./cli-error.js";

/** A remedy as the `bascule` command that carries it out, for the plan as the user named it. */
export function renderRemedy(remedy: Remedy, plan: string): string {
  // Every value from the plan or the request is quoted, whatever characters it holds; the
  // environment comes last, so the command reads as the plain one plus where it applies.
  const bascule = (...words: string[]) => quoteShellCommand(["bascule", ...words, ...(remedy.environment ? ["--env", remedy.environment] : [])]);
  switch (remedy.kind) {
    case "run":
      return bascule("run", plan, ...(remedy.fresh ? ["--new"] : []), ...(remedy.ignoreWindow ? ["--ignore-window"] : []));
    case "status":
      return bascule("status", plan);
    case "rollback":
      return bascule("rollback", plan, "--level", remedy.level);
    case "retry":
      return bascule("retry", plan);
    case "decide":
      return bascule("decide", plan, remedy.decision);
    case "attest":
      return `${bascule("attest", plan, remedy.text)} --by NAME [--evidence TEXT] [--failed]`;
    case "approve":
      return `${bascule("approve", plan, remedy.gateId, "--as", remedy.role)} [--reject] [--comment TEXT]`;
    case "resolve":
      return `${bascule("resolve", plan, remedy.stepId)} --as succeeded|failed|rerun`;
    case "choose-role":
      return `--role ${remedy.roles.join("|")}`;
    case "sign-as-role":
      return `--as ${quoteShellCommand([remedy.role])}`;
  }
}

// SEMANTICS section 9: 1 for a refusal that is the run's own state, 2 for bad input or a run
// that cannot be addressed this way, 4 when the system may be between states.
const exitCodes: Record<RefusalReason, 1 | 2 | 4> = {
  "plan-unreadable": 2,
  "plan-invalid": 1,
  "bindings-invalid": 2,
  "state-unavailable": 2,
  "no-run": 2,
  "run-ended": 2,
  "run-elsewhere": 2,
  "run-unfinished": 2,
  "rollback-failed": 4,
  "lock-held": 1,
  "plan-changed": 2,
  "unknown-target": 2,
  "not-waiting": 2,
  "not-permitted": 2,
  ambiguous: 2,
  "nothing-to-undo": 2,
  "bad-request": 2,
};

/** The commands that answer what a run waits for, as `bascule status` and a paused run list them. */
export function renderWaitRemedies(waiting: { readonly kind: string; readonly window?: string }, remedies: readonly Remedy[], plan: string): string[] {
  const commands = remedies.map((remedy) => renderRemedy(remedy, plan));
  return waiting.kind === "window" ? commands.map((command) => `wait for the window (${waiting.window ?? ""}), or: ${command}`) : commands;
}

export function exitCodeOfRefusal(reason: RefusalReason): 1 | 2 | 4 {
  return exitCodes[reason];
}

/** The CLI's one rendering of a refusal: its message, then the commands that address it. */
export function describeRefusal(refused: Refusal, plan: string): string {
  const remedies = (refused.remedies ?? []).map((remedy) => `\`${renderRemedy(remedy, plan)}\``);
  return remedies.length === 0 ? refused.message : `${refused.message}; next: ${remedies.join(" or ")}`;
}

export function refusalError(refused: Refusal, plan: string): CliError {
  return new CliError(describeRefusal(refused, plan), exitCodeOfRefusal(refused.reason));
}
