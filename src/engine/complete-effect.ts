import type { ActionOutcome, JournalEvent } from "./journal-event.js";
import type { Effect } from "./run-context.js";

export interface EffectResult {
  readonly outcome: ActionOutcome;
  readonly durationMs: number;
  readonly outputTail: string;
}

/** The events that record how an effect ended: its finish, and the check it decided, if any. */
export function completeEffect(effect: Effect, result: EffectResult): JournalEvent[] {
  const succeeded = result.outcome.kind === "exited" && result.outcome.exitCode === 0;
  const events: JournalEvent[] = [
    {
      kind: "action.finished",
      actionId: effect.intent.actionId,
      scope: effect.intent.scope,
      outcome: result.outcome,
      succeeded,
      durationMs: Math.round(result.durationMs),
      outputTail: result.outputTail.length > 4096 ? `…${result.outputTail.slice(-4096)}` : result.outputTail,
    },
  ];
  if (effect.check !== undefined) {
    events.push({
      kind: "check.evaluated",
      scope: effect.intent.scope,
      site: effect.check.site,
      text: effect.check.text,
      via: effect.check.via,
      verdict: succeeded ? "passed" : "failed",
      ...(succeeded ? {} : { detail: describeOutcome(result.outcome) }),
    });
  }
  return events;
}

/** How an action ended, in words that follow its name: "exited with 1", "could not start: …". */
export function describeOutcome(outcome: ActionOutcome): string {
  switch (outcome.kind) {
    case "exited":
      return `exited with ${outcome.exitCode}`;
    case "timed-out":
      return `timed out after ${outcome.timeoutMs} ms`;
    case "killed":
      return `was killed by ${outcome.signal}`;
    case "failed-to-start":
      return `could not start: ${outcome.message}`;
    case "sql-error":
      return `failed: ${outcome.message}`;
  }
}
