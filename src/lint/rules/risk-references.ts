import { CandidateIndex } from "../candidate-index.js";
import { didYouMean } from "../closest-match.js";
import type { LintRule } from "../lint-rule.js";

export const riskReferencesRule: LintRule = {
  id: "risk-references",
  description: "A risk's affected_phases and affected_steps name phases and steps of the plan.",
  category: "references",
  severity: "error",
  check({ plan }, report) {
    const phaseIds = new CandidateIndex((plan.migration_phases ?? []).map((phase) => phase.phase_id));
    const stepIds = new CandidateIndex((plan.migration_phases ?? []).flatMap((phase) => (phase.steps ?? []).map((step) => step.step_id)));
    const phaseIdSet = new Set(phaseIds.list());
    const stepIdSet = new Set(stepIds.list());
    (plan.risk_mitigation?.migration_risks ?? []).forEach((risk, i) => {
      const lists = [
        { key: "affected_phases", kind: "phase", ids: risk.affected_phases, known: phaseIds, knownIds: phaseIdSet },
        { key: "affected_steps", kind: "step", ids: risk.affected_steps, known: stepIds, knownIds: stepIdSet },
      ] as const;
      for (const { key, kind, ids, known, knownIds } of lists) {
        ids?.forEach((id, j) => {
          if (knownIds.has(id)) return;
          const hint = didYouMean(id, known) || `; name an existing ${kind} id`;
          report({
            path: ["risk_mitigation", "migration_risks", i, key, j],
            message: `risk ${JSON.stringify(risk.risk_id)} names ${kind} ${JSON.stringify(id)}, which the plan does not have${hint}`,
          });
        });
      }
    });
  },
};
