import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { riskReferencesRule } from "./risk-references.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [riskReferencesRule] }).diagnostics);

const phases = `migration_phases:
  - phase_id: PHASE-1
    steps:
      - step_id: STEP-1-1
      - step_id: STEP-1-2
`;

describe("risk-references", () => {
  it("accepts the spec's example, which lists no risks", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("accepts risks naming existing phases and steps", () => {
    const yaml = `${phases}risk_mitigation:
  migration_risks:
    - risk_id: RISK-1
      affected_phases: [PHASE-1]
      affected_steps: [STEP-1-1, STEP-1-2]
`;
    expect(lint(yaml)).toEqual([]);
  });

  it("flags unknown phases and steps, suggesting the nearest id", () => {
    const yaml = `${phases}risk_mitigation:
  migration_risks:
    - risk_id: RISK-1
      affected_phases: [PHASE-2, Schema phase]
      affected_steps: [STEP-1-3]
`;
    expect(lint(yaml)).toEqual([
      'error risk-references 9:25 risk "RISK-1" names phase "PHASE-2", which the plan does not have; did you mean "PHASE-1"?',
      'error risk-references 9:34 risk "RISK-1" names phase "Schema phase", which the plan does not have; name an existing phase id',
      'error risk-references 10:24 risk "RISK-1" names step "STEP-1-3", which the plan does not have; did you mean "STEP-1-1"?',
    ]);
  });

  it("does not take a step id for a phase id", () => {
    const yaml = `${phases}risk_mitigation:
  migration_risks:
    - risk_id: RISK-1
      affected_phases: [STEP-1-1]
`;
    expect(lint(yaml)).toEqual(['error risk-references 9:25 risk "RISK-1" names phase "STEP-1-1", which the plan does not have; name an existing phase id']);
  });
});
