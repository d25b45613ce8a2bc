import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { phaseRollbackRule } from "./phase-rollback.js";

const lint = (yaml: string, strict = false) => summarize(lintFixture(yaml, { rules: [phaseRollbackRule], strict }).diagnostics);

const plan = `migration_phases:
  - phase_id: P1
    rollback_point:
      can_rollback_from_here: true
      rollback_procedure: "Execute rollback scripts S2, S1"
  - phase_id: P2
  - phase_id: P3
    rollback_point:
      can_rollback_from_here: true
      rollback_procedure: "  "
  - phase_id: P4
    rollback_point:
      can_rollback_from_here: false
`;

describe("phase-rollback", () => {
  it("warns only on PHASE-3 of the spec's example, the one phase without a rollback_point", () => {
    expect(lint(readExamplePlan())).toEqual(['warning phase-rollback 258:15 phase "PHASE-3" has no rollback_point; add one whose rollback_procedure says how to undo the phase']);
  });

  it("warns on a missing rollback_point and on a blank rollback_procedure", () => {
    expect(lint(plan)).toEqual([
      'warning phase-rollback 6:15 phase "P2" has no rollback_point; add one whose rollback_procedure says how to undo the phase',
      'warning phase-rollback 8:5 phase "P3" has a rollback_point without a rollback_procedure; say how to undo the phase, or set can_rollback_from_here: false if it cannot be undone',
    ]);
  });

  it("accepts a phase that declares it cannot be rolled back from", () => {
    expect(lint("migration_phases:\n  - phase_id: P4\n    rollback_point:\n      can_rollback_from_here: false\n")).toEqual([]);
  });

  it("is an error under --strict", () => {
    expect(lint(plan, true).map((line) => line.split(" ").slice(0, 3).join(" "))).toEqual(["error phase-rollback 6:15", "error phase-rollback 8:5"]);
  });
});
