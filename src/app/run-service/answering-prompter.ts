import type { JournalEvent, WaitingFor } from "../../engine/journal-event.js";
import type { RunState } from "../../engine/run-state.js";
import type { Actor } from "../../ports/actor.js";
import type { Prompter } from "../run/drive-run.js";
import { attestationEvents, checkApproval, resolutionEvent } from "../run/record-signature.js";
import type { RunSession } from "../run/run-session.js";

/**
 * The questions a front end puts to the person driving a run when it pauses. Each returns
 * their answer, or undefined to leave the run paused; the run service turns answers into
 * journal events with the same checks as `approve`, `attest`, `decide` and `resolve`.
 */
export interface RunQuestions {
  attest(item: { readonly text: string; readonly field: string }, actor: string): Promise<{ readonly holds: boolean; readonly by: string; readonly evidence?: string } | undefined>;
  /** Asked again, with the refusal's message, until an approval is valid or the person passes. */
  approve(
    gate: { readonly gateId: string; readonly roles: readonly string[] },
    refused?: string,
  ): Promise<{ readonly identity: string; readonly reject: boolean; readonly comment?: string } | undefined>;
  decide(waiting: Extract<WaitingFor, { kind: "decision" }>): Promise<"proceed" | "retry" | "rollback" | undefined>;
  resolve(stepId: string): Promise<"succeeded" | "failed" | "rerun" | undefined>;
  overrideWindow(window: string): Promise<boolean>;
}

export function createAnsweringPrompter(session: RunSession, actor: Actor, questions: RunQuestions): Prompter {
  return {
    async ask(waiting: WaitingFor, state: RunState): Promise<readonly JournalEvent[] | undefined> {
      switch (waiting.kind) {
        case "attestations": {
          const events: JournalEvent[] = [];
          for (const item of waiting.items) {
            const answer = await questions.attest(item, actor.name);
            if (answer === undefined) return events.length > 0 ? events : undefined;
            events.push(...attestationEvents([item], { by: answer.by, evidence: answer.evidence, failed: !answer.holds }));
          }
          return events;
        }
        case "approvals": {
          let refused: string | undefined;
          for (;;) {
            const answer = await questions.approve(waiting, refused);
            if (answer === undefined) return undefined;
            // The pause is not recorded yet while asking: check against what the run waits for now.
            const checked = checkApproval(session, { ...state, waitingFor: waiting }, { gateId: waiting.gateId, ...answer });
            if (checked.kind === "approval") return [checked.event];
            refused = checked.message;
          }
        }
        case "decision": {
          const decision = await questions.decide(waiting);
          return decision !== undefined && waiting.options.includes(decision) ? [{ kind: "decision.recorded", decision, by: actor.name }] : undefined;
        }
        case "in-doubt": {
          const as = await questions.resolve(waiting.stepId);
          return as === undefined ? undefined : [resolutionEvent(waiting.stepId, as, actor.name)];
        }
        case "window":
          return (await questions.overrideWindow(waiting.window)) ? [{ kind: "window.overridden", window: waiting.window, by: actor.name }] : undefined;
      }
    },
  };
}
