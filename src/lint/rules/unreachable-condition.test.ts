import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { unreachableConditionRule } from "./unreachable-condition.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [unreachableConditionRule] }).diagnostics);

/** Three phases of two steps each; the arguments fill PHASE-2's start condition and STEP-2-2's preconditions. */
const plan = (startCondition: string[], preconditions: string[] = []) => `prerequisites:
  - prerequisite_id: PREREQ-1
migration_phases:
  - phase_id: PHASE-1
    order: 1
    steps:
      - { step_id: STEP-1-1, order: 1 }
      - { step_id: STEP-1-2, order: 2 }
    validation_gate: { gate_id: GATE-1 }
  - phase_id: PHASE-2
    order: 2
    start_condition: ${JSON.stringify(startCondition)}
    steps:
      - { step_id: STEP-2-2, order: 2, preconditions: ${JSON.stringify(preconditions)} }
      - { step_id: STEP-2-1, order: 1 }
    validation_gate: { gate_id: GATE-2 }
  - phase_id: PHASE-3
    order: 3
    steps:
      - { step_id: STEP-3-1, order: 1 }
    validation_gate: { gate_id: GATE-3 }
`;

const startAt = (column: number) => `12:${column}`;
const preAt = (column: number) => `14:${column}`;

describe("unreachable-condition", () => {
  it("accepts the spec's example: each condition names something earlier", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("accepts references to earlier steps, phases, gates and to prerequisites", () => {
    const earlier = ["STEP-1-2 successful", "Phase 1 validation gate passed", "PHASE-1 completed", "PREREQ-1 verified"];
    expect(lint(plan(earlier, [...earlier, "STEP-2-1 successful", "GATE-1 verified"]))).toEqual([]);
  });

  it("leaves prose and conditions alone", () => {
    expect(lint(plan(["Phase 2 ready", "Error rate < 1%"], ["STEP-9-9 successful", "No critical issues"]))).toEqual([]);
  });

  it("flags a precondition naming the step itself or a step that runs after it", () => {
    const found = lint(plan([], ["STEP-2-2 successful", "STEP-3-1 done"]));
    expect(found).toEqual([
      `error unreachable-condition ${preAt(56)} precondition "STEP-2-2 successful" of step "STEP-2-2" names the step itself, so it can never hold; name something that completes before the step`,
      `error unreachable-condition ${preAt(78)} precondition "STEP-3-1 done" of step "STEP-2-2" names step "STEP-3-1" of the later phase "PHASE-3", so it can never hold; name something that completes before the step`,
    ]);
  });

  it("flags a precondition on its own phase or gate, or a later one", () => {
    const found = lint(plan([], ["PHASE-2 completed", "Phase 2 gate passed", "GATE-3 passed", "Phase 3 completed"]));
    expect(found).toEqual([
      `error unreachable-condition ${preAt(56)} precondition "PHASE-2 completed" of step "STEP-2-2" names its own phase "PHASE-2", which completes only after its steps, so it can never hold; name something that completes before the step`,
      `error unreachable-condition ${preAt(76)} precondition "Phase 2 gate passed" of step "STEP-2-2" names gate "GATE-2" of its own phase, which is checked only after the phase's steps, so it can never hold; name something that completes before the step`,
      `error unreachable-condition ${preAt(98)} precondition "GATE-3 passed" of step "STEP-2-2" names gate "GATE-3" of the later phase "PHASE-3", so it can never hold; name something that completes before the step`,
      `error unreachable-condition ${preAt(114)} precondition "Phase 3 completed" of step "STEP-2-2" names the later phase "PHASE-3", so it can never hold; name something that completes before the step`,
    ]);
  });

  it("flags a later step in the same phase by execution order, not file order", () => {
    const yaml = plan([]).replace("{ step_id: STEP-2-1, order: 1 }", '{ step_id: STEP-2-1, order: 1, preconditions: ["STEP-2-2 successful"] }');
    expect(lint(yaml)).toEqual([
      'error unreachable-condition 15:56 precondition "STEP-2-2 successful" of step "STEP-2-1" names step "STEP-2-2", which runs after it, so it can never hold; name something that completes before the step',
    ]);
  });

  it("flags a start condition naming the phase's own steps, gate or itself, or anything later", () => {
    const found = lint(plan(["STEP-2-1 successful", "GATE-2 passed", "PHASE-2 completed", "STEP-3-1 successful", "Phase 3 validation gate passed"]));
    const tail = "so it can never hold; name something that completes before the phase starts";
    expect(found).toEqual([
      `error unreachable-condition ${startAt(23)} start condition "STEP-2-1 successful" of phase "PHASE-2" names step "STEP-2-1" of this very phase, which runs only once it has started, ${tail}`,
      `error unreachable-condition ${startAt(45)} start condition "GATE-2 passed" of phase "PHASE-2" names gate "GATE-2" of its own phase, which is checked only after the phase's steps, ${tail}`,
      `error unreachable-condition ${startAt(61)} start condition "PHASE-2 completed" of phase "PHASE-2" names the phase itself, ${tail}`,
      `error unreachable-condition ${startAt(81)} start condition "STEP-3-1 successful" of phase "PHASE-2" names step "STEP-3-1" of the later phase "PHASE-3", ${tail}`,
      `error unreachable-condition ${startAt(103)} start condition "Phase 3 validation gate passed" of phase "PHASE-2" names gate "GATE-3" of the later phase "PHASE-3", ${tail}`,
    ]);
  });
});
