import { describe, expect, it } from "vitest";
import { lintFixture, summarize } from "../../testing/lint-fixture.js";
import { riskMitigationTestedRule } from "./risk-mitigation-tested.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [riskMitigationTestedRule] }).diagnostics);

const risks = (...entries: string[]) => `migration_phases:
  - phase_id: PHASE-1
risk_mitigation:
  migration_risks:
${entries.join("")}`;
const fix = "rehearse it (a test_dataset_id in mitigation.validation says with what) and set mitigation.validation.tested: true";

describe("risk-mitigation-tested", () => {
  it("accepts tested mitigations and leaves lesser risks alone", () => {
    const yaml = risks("    - risk_id: RISK-1\n      impact: critical\n      mitigation:\n        validation: { tested: true }\n", "    - risk_id: RISK-2\n      impact: medium\n");
    expect(lint(yaml)).toEqual([]);
  });

  it("warns at the tested flag when it is false, else at the risk", () => {
    const yaml = risks(
      "    - risk_id: RISK-1\n      impact: high\n      mitigation:\n        validation: { test_dataset_id: DS-1, tested: false }\n",
      "    - risk_id: RISK-2\n      impact: critical\n      mitigation:\n        preventive_measures: [Backup first]\n",
    );
    expect(lint(yaml)).toEqual([
      `warning risk-mitigation-tested 8:54 risk "RISK-1" has high impact, but its mitigation is not tested; ${fix}`,
      `warning risk-mitigation-tested 9:7 risk "RISK-2" has critical impact, but its mitigation is not tested; ${fix}`,
    ]);
  });
});
