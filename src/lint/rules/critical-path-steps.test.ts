import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { criticalPathStepsRule } from "./critical-path-steps.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [criticalPathStepsRule] }).diagnostics);

const phases = `migration_phases:
  - phase_id: PHASE-1
    steps:
      - step_id: STEP-1-1
      - step_id: STEP-1-2
  - phase_id: PHASE-2
`;

describe("critical-path-steps", () => {
  it("accepts the spec's example, which has no execution timeline", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("accepts entries that name steps", () => {
    expect(lint(`${phases}execution_timeline:\n  critical_path:\n    - step_id: STEP-1-1\n    - { step_id: STEP-1-2, dependencies: [STEP-1-1] }\n`)).toEqual([]);
  });

  it("reports an entry naming no step at its id, with the step it resembles", () => {
    const yaml = `${phases}execution_timeline:
  critical_path:
    - step_id: STEP-1-1
    - step_id: STEP-1-3
      duration: "1 hour"
    - { duration: "2 hours", step_id: Deploy everything }
`;
    expect(lint(yaml)).toEqual([
      'error critical-path-steps 10:16 critical path entry "STEP-1-3" names no step of the plan; did you mean "STEP-1-1"?',
      `error critical-path-steps 12:39 critical path entry "Deploy everything" names no step of the plan; name the step_id of one of the plan's steps`,
    ]);
  });

  it("explains that a phase id is not a step", () => {
    expect(lint(`${phases}execution_timeline:\n  critical_path:\n    - step_id: PHASE-1\n    - step_id: PHASE-2\n`)).toEqual([
      'error critical-path-steps 9:16 critical path entry "PHASE-1" names a phase, not a step; the critical path lists steps: name one of its steps such as "STEP-1-1"',
      'error critical-path-steps 10:16 critical path entry "PHASE-2" names a phase, not a step; the critical path lists steps: name one of its steps',
    ]);
  });
});
