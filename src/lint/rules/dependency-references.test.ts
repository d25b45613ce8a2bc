import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { dependencyReferencesRule } from "./dependency-references.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [dependencyReferencesRule] }).diagnostics);

const phases = `migration_phases:
  - phase_id: PHASE-1
    steps:
      - step_id: STEP-1-1
      - step_id: STEP-1-2
    validation_gate:
      gate_id: GATE-1
validation_strategy:
  validation_gates:
    - gate_id: GATE-FINAL
`;

describe("dependency-references", () => {
  it("accepts the spec's example, which has no execution timeline", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("accepts critical-path dependencies on entries, steps and phases", () => {
    const yaml = `${phases}execution_timeline:
  critical_path:
    - step_id: CP-1
    - step_id: STEP-1-2
      dependencies: [CP-1, STEP-1-1, PHASE-1]
`;
    expect(lint(yaml)).toEqual([]);
  });

  it("accepts milestone dependencies on milestones, phases, steps and gates of either kind", () => {
    const yaml = `${phases}execution_timeline:
  milestones:
    - milestone_id: M1
    - milestone_id: M2
      dependencies: [M1, PHASE-1, STEP-1-2, GATE-1, GATE-FINAL]
`;
    expect(lint(yaml)).toEqual([]);
  });

  it("flags an unknown critical-path dependency with a suggestion", () => {
    const yaml = `${phases}execution_timeline:
  critical_path:
    - step_id: STEP-1-2
      dependencies: [STEP-1-3, GATE-1]
`;
    expect(lint(yaml)).toEqual([
      'error dependency-references 14:22 critical path entry "STEP-1-2" depends on "STEP-1-3", which is no critical-path entry, step or phase of the plan; did you mean "STEP-1-1"?',
      'error dependency-references 14:32 critical path entry "STEP-1-2" depends on "GATE-1", which is no critical-path entry, step or phase of the plan; name an existing critical-path entry, step or phase id',
    ]);
  });

  it("flags an unknown milestone dependency", () => {
    const yaml = `${phases}execution_timeline:
  milestones:
    - milestone_id: M1
      dependencies:
        - GATE-2
        - Launch approved
`;
    expect(lint(yaml)).toEqual([
      'error dependency-references 15:11 milestone "M1" depends on "GATE-2", which is no milestone, phase, step or gate of the plan; did you mean "GATE-1"?',
      'error dependency-references 16:11 milestone "M1" depends on "Launch approved", which is no milestone, phase, step or gate of the plan; name an existing milestone, phase, step or gate id',
    ]);
  });

  it("flags a self-dependency", () => {
    const yaml = `execution_timeline:
  critical_path:
    - step_id: A
      dependencies: [A]
  milestones:
    - milestone_id: M1
      dependencies: [M1]
`;
    expect(lint(yaml)).toEqual([
      'error dependency-references 4:22 critical path entry "A" depends on itself; remove "A" from its dependencies',
      'error dependency-references 7:22 milestone "M1" depends on itself; remove "M1" from its dependencies',
    ]);
  });
});
