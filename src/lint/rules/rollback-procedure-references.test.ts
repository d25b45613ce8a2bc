import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { rollbackProcedureReferencesRule } from "./rollback-procedure-references.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [rollbackProcedureReferencesRule] }).diagnostics);

/** Two phases; PHASE-1's rollback procedure is `procedure`. */
const plan = (procedure: string) => `migration_phases:
  - phase_id: PHASE-1
    steps:
      - step_id: STEP-1-1
        rollback_procedure: { can_rollback: true, rollback_test_id: ROLLBACK-TEST-001 }
      - step_id: STEP-1-2
        rollback_procedure: { can_rollback: false }
    validation_gate: { gate_id: GATE-1 }
    rollback_point:
      rollback_procedure: ${JSON.stringify(procedure)}
  - phase_id: PHASE-2
    steps:
      - step_id: STEP-2-1
      - step_id: deploy
`;

const at = "10:27";

describe("rollback-procedure-references", () => {
  it("accepts the spec's example: PHASE-1 names its own steps, PHASE-2 names none", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("accepts prose, the phase's own reversible steps and other ids of the plan", () => {
    expect(lint(plan("Execute rollback script STEP-1-1."))).toEqual([]);
    expect(lint(plan("Roll back PHASE-1 up to GATE-1, verify with ROLLBACK-TEST-001 and ROLLBACK-TEST-009"))).toEqual([]);
    expect(lint(plan("Keep schema changes; restore the v2-blue pool and utf-8 data; takes 2-3 hours"))).toEqual([]);
  });

  it("flags an id-like token that is no step, suggesting the nearest", () => {
    expect(lint(plan("Execute rollback scripts STEP-1-3, STP-1-1"))).toEqual([
      `error rollback-procedure-references ${at} rollback procedure of phase "PHASE-1" names step "STEP-1-3", which the plan does not have; did you mean "STEP-1-1"?`,
      `error rollback-procedure-references ${at} rollback procedure of phase "PHASE-1" names step "STP-1-1", which the plan does not have; did you mean "STEP-1-1"?`,
    ]);
  });

  it("flags a step that cannot be rolled back", () => {
    expect(lint(plan("Execute STEP-1-2 then STEP-1-1"))).toEqual([
      `error rollback-procedure-references ${at} rollback procedure of phase "PHASE-1" names step "STEP-1-2", whose can_rollback is false, so there is nothing to run; remove it from the procedure or give the step a rollback`,
    ]);
  });

  it("warns about a step of another phase, recognising any known step id", () => {
    expect(lint(plan("Undo STEP-2-1 and deploy, then STEP-1-1"))).toEqual([
      `warning rollback-procedure-references ${at} rollback procedure of phase "PHASE-1" names step "STEP-2-1", which belongs to phase "PHASE-2"; a rollback point undoes its own phase, so name only steps of "PHASE-1"`,
      `warning rollback-procedure-references ${at} rollback procedure of phase "PHASE-1" names step "deploy", which belongs to phase "PHASE-2"; a rollback point undoes its own phase, so name only steps of "PHASE-1"`,
    ]);
  });

  it("reports a step named twice once", () => {
    expect(lint(plan("STEP-1-2, then STEP-1-2 again"))).toHaveLength(1);
  });
});
