import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { irreversibleStepApprovalRule } from "./irreversible-step-approval.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [irreversibleStepApprovalRule] }).diagnostics);

const gate = (approval: string) => `    validation_gate:
      gate_id: G1
${approval}`;

/** P1 (written second, runs first) closes with `gate`; P2 holds an irreversible step. */
const plan = (p1Gate: string) => `migration_phases:
  - phase_id: P2
    order: 2
    steps:
      - step_id: S2
        rollback_procedure:
          can_rollback: false
  - phase_id: P1
    order: 1
${p1Gate}`;

describe("irreversible-step-approval", () => {
  it("accepts the spec's example: every step can be rolled back", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("accepts an irreversible step after a phase whose gate needs approval, by order, not by position", () => {
    expect(lint(plan(gate('      approval_required: true\n      approvers: ["DBA Lead"]\n')))).toEqual([]);
  });

  it.each([
    ["no gate", ""],
    ["a gate without approval", gate("      approval_required: false\n")],
    ["an approval without approvers", gate("      approval_required: true\n      approvers: []\n")],
  ])("flags an irreversible step behind %s", (_name, p1Gate) => {
    expect(lint(plan(p1Gate))).toEqual([
      'error irreversible-step-approval 7:25 step "S2" cannot be rolled back, but no approval gate comes before it; move it to a phase after a gate with approval_required: true and approvers',
    ]);
  });

  it("does not count the step's own phase gate, which runs after it", () => {
    const yaml = `migration_phases:
  - phase_id: P1
    steps:
      - step_id: S1
        rollback_procedure:
          can_rollback: false
    validation_gate:
      gate_id: G1
      approval_required: true
      approvers: ["DBA Lead"]
`;
    expect(lint(yaml)).toEqual([
      'error irreversible-step-approval 6:25 step "S1" cannot be rolled back, but no approval gate comes before it (its own phase\'s gate "G1" runs after it); move it to a phase after a gate with approval_required: true and approvers',
    ]);
  });

  const migration = `data_migration:
  migrations:
    - migration_id: MIG-1
      rollback:
        can_rollback: false
`;

  it("warns on an irreversible data migration when no gate anywhere needs approval", () => {
    expect(lint(`${migration}migration_phases:\n  - phase_id: P1\n`)).toEqual([
      'warning irreversible-step-approval 5:23 data migration "MIG-1" cannot be rolled back, but no gate in the plan requires approval; set approval_required: true with approvers on the gate of a phase that runs before it',
    ]);
    expect(lint(`${migration}${plan(gate('      approval_required: true\n      approvers: ["DBA Lead"]\n'))}`)).toEqual([]);
  });

  it("checks an irreversible data migration at the step that runs it", () => {
    const runs = `${migration}migration_phases:
  - phase_id: P1
    steps:
      - step_id: S1
        execution_details:
          commands: ["bascule data run MIG-1"]
    validation_gate:
      gate_id: G1
      approval_required: true
      approvers: ["DBA Lead"]
`;
    expect(lint(runs)).toEqual([
      'error irreversible-step-approval 5:23 data migration "MIG-1" cannot be rolled back, but no approval gate comes before step "S1", which runs it; move that step to a phase after a gate with approval_required: true and approvers',
    ]);
  });
});
