import { createInterface } from "node:readline/promises";
import type { RunQuestions } from "../../app/run-service/answering-prompter.js";

/**
 * Asks the person at the terminal for what the run waits on: attestations, approvals, a
 * decision, an in-doubt step. An empty answer leaves it paused (exit 3), as without a terminal.
 */
export function createTerminalQuestions(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): RunQuestions {
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
    async attest(item, actor) {
      const answer = (await ask(`attest "${item.text}" (${item.field})? [y] holds / [n] does not hold / [enter] pause: `)).toLowerCase();
      if (answer !== "y" && answer !== "n") return undefined;
      const by = (await ask(`  attested by [${actor}]: `)) || actor;
      const evidence = await ask("  evidence (a link or a note, optional): ");
      return { holds: answer === "y", by, ...(evidence ? { evidence } : {}) };
    },
    async approve(gate, refused) {
      if (refused !== undefined) output.write(`  ${refused}\n`);
      const identity = await ask(`gate ${gate.gateId} needs approval by ${gate.roles.join(", ")}; sign as (identity, or enter to pause): `);
      if (identity === "") return undefined;
      const decision = (await ask("  [a]pprove or [r]eject? ")).toLowerCase();
      const comment = await ask("  comment (optional): ");
      return { identity, reject: decision.startsWith("r"), ...(comment ? { comment } : {}) };
    },
    async decide(waiting) {
      const answer = await ask(`${waiting.phaseId} failed: ${waiting.reason}\n  decide: ${waiting.options.join(" / ")} (enter to pause): `);
      return waiting.options.find((o) => o === answer.toLowerCase());
    },
    async resolve(stepId) {
      const answer = (await ask(`step ${stepId} was interrupted while running; resolve as succeeded / failed / rerun (enter to pause): `)).toLowerCase();
      return answer === "succeeded" || answer === "failed" || answer === "rerun" ? answer : undefined;
    },
    async overrideWindow(window) {
      return (await ask(`outside the migration window (${window}); run anyway? the override is recorded [y/N]: `)).toLowerCase() === "y";
    },
  };
}
