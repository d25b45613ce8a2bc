import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { rollbackPointReversibilityRule } from "./rollback-point-reversibility.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [rollbackPointReversibilityRule] }).diagnostics);

const phase = (canRollbackFromHere: boolean, steps: Array<[string, boolean]>) => `migration_phases:
  - phase_id: P1
    steps:
${steps.map(([id, can]) => `      - step_id: ${id}\n        rollback_procedure:\n          can_rollback: ${can}\n`).join("")}    rollback_point:
      can_rollback_from_here: ${canRollbackFromHere}
`;

describe("rollback-point-reversibility", () => {
  it("accepts the spec's example: every step can be rolled back", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("flags a rollback point that claims reversibility over an irreversible step", () => {
    expect(
      lint(
        phase(true, [
          ["S1", true],
          ["S2", false],
        ]),
      ),
    ).toEqual([
      'error rollback-point-reversibility 11:31 phase "P1" says can_rollback_from_here: true, but step "S2" cannot be rolled back (can_rollback: false); set can_rollback_from_here: false or give that step a rollback',
    ]);
  });

  it("names every irreversible step", () => {
    expect(
      lint(
        phase(true, [
          ["S1", false],
          ["S2", false],
        ]),
      ),
    ).toEqual([
      'error rollback-point-reversibility 11:31 phase "P1" says can_rollback_from_here: true, but steps "S1", "S2" cannot be rolled back (can_rollback: false); set can_rollback_from_here: false or give those steps a rollback',
    ]);
  });

  it("accepts an honest wall and a fully reversible phase", () => {
    expect(lint(phase(false, [["S1", false]]))).toEqual([]);
    expect(lint(phase(true, [["S1", true]]))).toEqual([]);
  });
});
