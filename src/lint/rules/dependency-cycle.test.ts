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

  // A cycle used to be reported at the dependency that closes it; now at the one that points forward.
  it("names a critical-path cycle in order, at the dependency that points forward from an earlier entry", () => {
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
      'error dependency-cycle 4:22 critical path has a cycle: STEP-A → STEP-B → STEP-C → STEP-A; "STEP-A" comes before "STEP-B" on the critical path yet depends on it: remove this dependency to break the cycle',
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
      'error dependency-cycle 3:42 milestones have a cycle: M1 → M2 → M1; "M1" comes before "M2" among the milestones yet depends on it: remove this dependency to break the cycle',
      'error dependency-cycle 5:42 milestones have a cycle: M3 → M4 → M3; "M3" comes before "M4" among the milestones yet depends on it: remove this dependency to break the cycle',
    ]);
  });

  it("leaves a self-dependency to dependency-references", () => {
    expect(lint("execution_timeline:\n  critical_path:\n    - { step_id: A, dependencies: [A] }\n")).toEqual([]);
  });

  it("points at the dependency that runs against the order the steps run in, not the list's order", () => {
    const yaml = `migration_phases:
  - phase_id: P1
    order: 1
    steps:
      - { step_id: S1, order: 1 }
      - { step_id: S2, order: 2 }
  - phase_id: P2
    order: 2
    steps:
      - { step_id: S3, order: 1 }
execution_timeline:
  critical_path:
    - step_id: S3
      dependencies: [S2]
    - step_id: S2
      dependencies: [S1]
    - step_id: S1
      dependencies: [S3]
`;
    expect(lint(yaml)).toEqual([
      'error dependency-cycle 18:22 critical path has a cycle: S3 → S2 → S1 → S3; "S1" comes before "S3" in the plan yet depends on it: remove this dependency to break the cycle',
    ]);
  });

  it("follows the dependencies of a duplicated entry id", () => {
    const yaml = `execution_timeline:
  critical_path:
    - { step_id: A }
    - { step_id: B, dependencies: [A] }
    - { step_id: A, dependencies: [B] }
`;
    expect(lint(yaml)).toEqual(["error dependency-cycle 4:36 critical path has a cycle: A → B → A; each depends on the next, so none can start: remove one of these dependencies"]);
  });
});
