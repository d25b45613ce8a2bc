import type { LintRule } from "../lint-rule.js";

export const rollbackPointReversibilityRule: LintRule = {
  id: "rollback-point-reversibility",
  description: "A phase claims can_rollback_from_here: true only when every step in it can be rolled back.",
  category: "safety",
  severity: "error",
  check({ index }, report) {
    for (const { phase, path, steps } of index.phases) {
      if (phase.rollback_point?.can_rollback_from_here !== true) continue;
      const irreversible = steps.filter(({ step }) => step.rollback_procedure?.can_rollback === false);
      if (irreversible.length === 0) continue;
      const ids = irreversible.map(({ step }) => JSON.stringify(step.step_id)).join(", ");
      const [subject, them] = irreversible.length === 1 ? [`step ${ids}`, "that step"] : [`steps ${ids}`, "those steps"];
      report({
        path: [...path, "rollback_point", "can_rollback_from_here"],
        message: `phase ${JSON.stringify(phase.phase_id)} says can_rollback_from_here: true, but ${subject} cannot be rolled back (can_rollback: false); set can_rollback_from_here: false or give ${them} a rollback`,
      });
    }
  },
};
