import type { LintRule } from "../lint-rule.js";

const severeImpacts: ReadonlySet<string> = new Set(["high", "critical"]);

export const riskMitigationTestedRule: LintRule = {
  id: "risk-mitigation-tested",
  description: "A risk of high or critical impact has a mitigation that was tested (spec checklist: all risks with mitigation plans).",
  category: "completeness",
  severity: "warning",
  check({ plan }, report) {
    (plan.risk_mitigation?.migration_risks ?? []).forEach((risk, i) => {
      if (risk.impact == null || !severeImpacts.has(risk.impact)) return;
      const tested = risk.mitigation?.validation?.tested;
      if (tested === true) return;
      const path = ["risk_mitigation", "migration_risks", i];
      report({
        path: tested === undefined ? path : [...path, "mitigation", "validation", "tested"],
        message: `risk ${JSON.stringify(risk.risk_id)} has ${risk.impact} impact, but its mitigation is not tested; rehearse it (a test_dataset_id in mitigation.validation says with what) and set mitigation.validation.tested: true`,
      });
    });
  },
};
