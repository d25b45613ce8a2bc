import { type CheckVocabulary, classifyCheck } from "../plan/check-kind.js";
import { collectCheckSites } from "../plan/check-sites.js";
import type { Plan } from "../plan/schema/plan-schema.js";
import { summarizeAutomation } from "../lint/automation-coverage.js";
import type { ExplainedAutomationCoverage } from "./plan-explanation.js";

/** How many of the plan's checks run without a person: lint's own count, over the same checks. */
export function measureAutomation(plan: Plan, vocabulary: CheckVocabulary): ExplainedAutomationCoverage {
  const coverage = summarizeAutomation(collectCheckSites(plan, { metricKeys: vocabulary.metricKeys }).map((site) => ({ site, kind: classifyCheck(site.text, vocabulary) })));
  return {
    total: coverage.total,
    automatic: coverage.automatic,
    attested: coverage.total - coverage.automatic,
    conditions: coverage.conditions,
    references: coverage.references,
    attestations: coverage.attestations,
    bound_attestations: coverage.boundAttestations,
    unresolved_conditions: coverage.unresolvedConditions,
  };
}
