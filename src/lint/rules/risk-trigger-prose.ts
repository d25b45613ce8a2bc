import { classifyCheck } from "../../plan/check-kind.js";
import type { LintRule } from "../lint-rule.js";

export const riskTriggerProseRule: LintRule = {
  id: "risk-trigger-prose",
  description: "Notes each risk whose contingency trigger a run cannot watch, so it only documents when an operator should act (SEMANTICS section 11.1).",
  category: "automation",
  severity: "info",
  check({ plan, vocabulary }, report) {
    (plan.risk_mitigation?.migration_risks ?? []).forEach((risk, i) => {
      const text = risk.contingency?.trigger;
      if (text == null || text.trim() === "") return;
      // A run watches what it can read as a number: a condition on a known metric, or a bound check.
      if (vocabulary.boundChecks.has(text)) return;
      const kind = classifyCheck(text, vocabulary);
      if (kind.kind === "condition" && kind.metricResolved) return;
      const why =
        kind.kind === "condition" ? `names metric ${JSON.stringify(kind.condition.metric)}, which neither the plan nor the bindings define` : "is no condition on a metric";
      report({
        path: ["risk_mitigation", "migration_risks", i, "contingency", "trigger"],
        message: `the trigger ${JSON.stringify(text)} of risk ${JSON.stringify(risk.risk_id)} ${why}, so a run cannot watch it: it documents when an operator should act; write it as <metric> <op> <number> on a metric of the plan to have it watched`,
      });
    });
  },
};
