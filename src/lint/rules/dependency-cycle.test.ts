import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { dependencyCycleRule } from "./dependency-cycle.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [dependencyCycleRule] }).diagnostics);

describe("dependency-cycle", () => {
  it("accepts the spec's example, which has no execution timeline", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("accepts an acyclic critical path and milestones", () => {
    const yaml = `execution_timeline:
  critical_path:
    - { step_id: A }
    - { step_id: B, dependencies: [A] }
    - { step_id: C, dependencies: [A, B, PHASE-1] }
  milestones:
    - { milestone_id: M1 }
    - { milestone_id: M2, dependencies: [M1, GATE-1] }
`;
    expect(lint(yaml)).toEqual([]);
  });

  it("names a critical-path cycle in order, at the dependency that closes it", () => {
    const yaml = `execution_timeline:
  critical_path:
    - step_id: STEP-A
      dependencies: [STEP-B]
    - step_id: STEP-B
      dependencies: [STEP-C]
    - step_id: STEP-C
      dependencies: [STEP-X, STEP-A]
`;
    expect(lint(yaml)).toEqual([
      "error dependency-cycle 8:30 critical path has a cycle: STEP-A → STEP-B → STEP-C → STEP-A; each depends on the next, so none can start: remove one of these dependencies",
    ]);
  });

  it("reports each separate cycle once, among milestones too", () => {
    const yaml = `execution_timeline:
  milestones:
    - { milestone_id: M1, dependencies: [M2] }
    - { milestone_id: M2, dependencies: [M1] }
    - { milestone_id: M3, dependencies: [M4] }
    - { milestone_id: M4, dependencies: [M3] }
`;
    expect(lint(yaml)).toEqual([
      "error dependency-cycle 4:42 milestones have a cycle: M1 → M2 → M1; each depends on the next, so none can start: remove one of these dependencies",
      "error dependency-cycle 6:42 milestones have a cycle: M3 → M4 → M3; each depends on the next, so none can start: remove one of these dependencies",
    ]);
  });

  it("leaves a self-dependency to dependency-references", () => {
    expect(lint("execution_timeline:\n  critical_path:\n    - { step_id: A, dependencies: [A] }\n")).toEqual([]);
  });

  it("follows the dependencies of a duplicated entry id", () => {
    const yaml = `execution_timeline:
  critical_path:
    - { step_id: A }
    - { step_id: B, dependencies: [A] }
    - { step_id: A, dependencies: [B] }
`;
    expect(lint(yaml)).toEqual([
      "error dependency-cycle 4:36 critical path has a cycle: A → B → A; each depends on the next, so none can start: remove one of these dependencies",
    ]);
  });
});
