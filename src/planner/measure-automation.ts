import { type CheckVocabulary, classifyCheck, isAutomaticCheck } from "../plan/check-kind.js";
import { collectCheckSites } from "../plan/check-sites.js";
import type { Plan } from "../plan/schema/plan-schema.js";
import type { ExplainedAutomationCoverage } from "./plan-explanation.js";

/** How many of the plan's checks run without a person, counted over the same checks as lint. */
export function measureAutomation(plan: Plan, vocabulary: CheckVocabulary): ExplainedAutomationCoverage {
  const coverage = { total: 0, automatic: 0, attested: 0, conditions: 0, references: 0, attestations: 0, unresolved_conditions: 0 };
  for (const site of collectCheckSites(plan)) {
    const kind = classifyCheck(site.text, vocabulary);
    coverage.total++;
    if (isAutomaticCheck(kind)) coverage.automatic++;
    else coverage.attested++;
    if (kind.kind === "condition") {
      coverage.conditions++;
      if (!kind.metricResolved) coverage.unresolved_conditions++;
    } else if (kind.kind === "reference") coverage.references++;
    else coverage.attestations++;
  }
  return coverage;
}
