import type { LintRule } from "../lint-rule.js";

export const requiredSectionsRule: LintRule = {
  id: "required-sections",
  description: "The plan defines monitoring, risks with mitigations, a communication plan and success criteria (spec checklist).",
  category: "completeness",
  severity: "warning",
  strictSeverity: "error",
  check({ plan }, report) {
    if (!hasContent(plan.monitoring_and_observability?.migration_monitoring)) {
      report({
        path: [],
        message: "the plan defines no monitoring; add monitoring_and_observability.migration_monitoring with the metrics to watch and their alert thresholds",
      });
    }
    const risks = plan.risk_mitigation?.migration_risks ?? [];
    if (risks.length === 0) {
      report({ path: [], message: "the plan identifies no risks; add risk_mitigation.migration_risks, each with a mitigation" });
    }
    risks.forEach((risk, i) => {
      if (hasContent(risk.mitigation)) return;
      report({
        path: ["risk_mitigation", "migration_risks", i],
        message: `risk ${JSON.stringify(risk.risk_id)} has no mitigation; add mitigation with preventive_measures, a detection_method or a response_procedure`,
      });
    });
    if (!hasContent(plan.communication_plan)) {
      report({
        path: [],
        message: "the plan has no communication_plan; add one saying who is told what and when, and how incidents are escalated",
      });
    }
    if (!hasContent(plan.success_criteria)) {
      report({
        path: [],
        message: "the plan has no success_criteria; add technical_success and business_success criteria that say when the migration is done",
      });
    }
  },
};

/** A section counts only if something in it is filled in: `communication_plan: {}` plans nothing. */
function hasContent(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.some(hasContent);
  if (typeof value === "object") {
    return Object.entries(value).some(([key, inner]) => !key.startsWith("x-") && hasContent(inner));
  }
  return true;
}
