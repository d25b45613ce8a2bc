import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { uniqueIdsRule } from "./unique-ids.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [uniqueIdsRule] }).diagnostics);

describe("unique-ids", () => {
  it("accepts the spec's example", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("flags a step id reused in another phase, pointing at the second one", () => {
    const yaml = `migration_phases:
  - phase_id: P1
    steps:
      - step_id: S1
  - phase_id: P2
    steps:
      - step_id: S1
`;
    expect(lint(yaml)).toEqual(['error unique-ids 7:18 step id "S1" is already used at migration_phases[0].steps[0].step_id; ids must be unique so references are not ambiguous']);
  });

  it.each([
    ["risks", "risk_mitigation:\n  migration_risks:\n    - risk_id: R1\n    - risk_id: R1\n", "4:16", "risk"],
    ["milestones", "execution_timeline:\n  milestones:\n    - milestone_id: M1\n    - milestone_id: M1\n", "4:21", "milestone"],
    ["prerequisites", "prerequisites:\n  - prerequisite_id: A\n  - prerequisite_id: A\n", "3:22", "prerequisite"],
  ])("flags duplicated %s", (_name, yaml, where, kind) => {
    const [finding] = lint(yaml);
    expect(finding).toContain(`error unique-ids ${where} ${kind} id`);
  });

  it("keeps namespaces apart: a phase and a step may share an id", () => {
    expect(lint("migration_phases:\n  - phase_id: X\n    steps:\n      - step_id: X\n")).toEqual([]);
  });
});
