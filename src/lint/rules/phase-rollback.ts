import type { LintRule } from "../lint-rule.js";

export const phaseRollbackRule: LintRule = {
  id: "phase-rollback",
  description: "Every phase has a rollback_point with a rollback_procedure (spec checklist: rollback procedures for each phase).",
  category: "completeness",
  severity: "warning",
  strictSeverity: "error",
  check({ index }, report) {
    for (const { phase, path } of index.phases) {
      const id = JSON.stringify(phase.phase_id);
      const point = phase.rollback_point;
      if (point === null || point === undefined) {
        report({
          path: [...path, "phase_id"],
          message: `phase ${id} has no rollback_point; add one whose rollback_procedure says how to undo the phase`,
        });
        continue;
      }
      // A declared wall (can_rollback_from_here: false) is a decision, not an omission.
      if (point.can_rollback_from_here === false || (point.rollback_procedure ?? "").trim() !== "") continue;
      report({
        path: [...path, "rollback_point"],
        target: "key",
        message: `phase ${id} has a rollback_point without a rollback_procedure; say how to undo the phase, or set can_rollback_from_here: false if it cannot be undone`,
      });
    }
  },
};
