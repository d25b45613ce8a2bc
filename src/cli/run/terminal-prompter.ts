import { createInterface } from "node:readline/promises";
import type { Prompter } from "../../app/run/drive-run.js";
import { checkApproval } from "../../app/run/record-signature.js";
import type { RunSession } from "../../app/run/run-session.js";
import type { JournalEvent, WaitingFor } from "../../engine/journal-event.js";
import type { RunState } from "../../engine/run-state.js";

/**
 * Asks the person at the terminal for what the run waits on: attestations, approvals, a
 * decision, an in-doubt step. An empty answer leaves it paused (exit 3), as without a terminal.
 */
export function createTerminalPrompter(session: RunSession, actor: string, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompter {
  const ask = async (question: string): Promise<string> => {
    const rl = createInterface({ input, output, terminal: false });
    try {
      output.write(question);
      const line = await new Promise<string>((resolve) => {
        rl.once("line", resolve);
        rl.once("close", () => resolve(""));
      });
      return line.trim();
    } finally {
      rl.close();
    }
  };
  return {
    async ask(waiting: WaitingFor, state: RunState): Promise<readonly JournalEvent[] | undefined> {
      switch (waiting.kind) {
        case "attestations": {
          const events: JournalEvent[] = [];
          for (const item of waiting.items) {
            const answer = (await ask(`attest "${item.text}" (${item.field})? [y] holds / [n] does not hold / [enter] pause: `)).toLowerCase();
            if (answer !== "y" && answer !== "n") return events.length > 0 ? events : undefined;
            const by = (await ask(`  attested by [${actor}]: `)) || actor;
            const evidence = await ask("  evidence (a link or a note, optional): ");
            events.push({ kind: "attestation.recorded", scope: item.scope, site: item.site, text: item.text, by, verdict: answer === "y" ? "passed" : "failed", ...(evidence ? { evidence } : {}) });
          }
          return events;
        }
        case "approvals": {
          for (;;) {
            const identity = await ask(`gate ${waiting.gateId} needs approval by ${waiting.roles.join(", ")}; sign as (identity, or enter to pause): `);
            if (identity === "") return undefined;
            const decision = (await ask("  [a]pprove or [r]eject? ")).toLowerCase();
            const comment = await ask("  comment (optional): ");
            // The pause is not recorded yet while asking: check against what the run waits for now.
            const checked = checkApproval(session, { ...state, waitingFor: waiting }, { gateId: waiting.gateId, identity, reject: decision.startsWith("r"), comment: comment || undefined });
            if (checked.kind === "approval") return [checked.event];
            output.write(`  ${checked.message}\n`);
          }
        }
        case "decision": {
          const answer = await ask(`${waiting.phaseId} failed: ${waiting.reason}\n  decide: ${waiting.options.join(" / ")} (enter to pause): `);
          const decision = waiting.options.find((o) => o === answer.toLowerCase());
          return decision ? [{ kind: "decision.recorded", decision, by: actor }] : undefined;
        }
        case "in-doubt": {
          const answer = (await ask(`step ${waiting.stepId} was interrupted while running; resolve as succeeded / failed / rerun (enter to pause): `)).toLowerCase();
          if (answer !== "succeeded" && answer !== "failed" && answer !== "rerun") return undefined;
          return [{ kind: "step.resolved", stepId: waiting.stepId, as: answer, by: actor, automatic: false }];
        }
        case "window": {
          const answer = (await ask(`outside the migration window (${waiting.window}); run anyway? the override is recorded [y/N]: `)).toLowerCase();
          return answer === "y" ? [{ kind: "window.overridden", window: waiting.window, by: actor }] : undefined;
        }
      }
    },
  };
}
