import type { LintRule } from "../lint-rule.js";

export const phaseGateRule: LintRule = {
  id: "phase-gate",
  description: "Every phase closes with a validation_gate (spec checklist: phases with validation gates).",
  category: "completeness",
  severity: "warning",
  strictSeverity: "error",
  check({ index }, report) {
    for (const { phase, path, gate } of index.phases) {
      if (gate !== undefined) continue;
      report({
        path: [...path, "phase_id"],
        message: `phase ${JSON.stringify(phase.phase_id)} has no validation_gate; add one with criteria and test_dataset_ids so the run checks the phase before the next one starts`,
      });
    }
  },
};
