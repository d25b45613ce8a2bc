import type { PlanPath } from "../../plan/plan-path.js";
import type { Finding } from "../diagnostic.js";
import type { LintRule } from "../lint-rule.js";

interface Validation {
  readonly test_dataset_ids?: readonly string[] | null;
}

export const validationDatasetsRule: LintRule = {
  id: "validation-datasets",
  description: "Every step's validation and every phase gate links a test dataset (spec checklist: test datasets for all validations).",
  category: "completeness",
  severity: "warning",
  strictSeverity: "error",
  check({ index }, report) {
    for (const { phase, path, steps, gate } of index.phases) {
      for (const { step, path: stepPath } of steps) {
        const id = JSON.stringify(step.step_id);
        const validation = step.validation;
        if (validation === null || validation === undefined) {
          report({
            path: validation === null ? [...stepPath, "validation"] : [...stepPath, "step_id"],
            target: "key",
            message: `step ${id} has no validation; add one whose test_dataset_ids name the datasets that prove the step worked`,
          });
          continue;
        }
        if (hasDataset(validation)) continue;
        report(
          missingDatasets(validation, [...stepPath, "validation"], `step ${id} validation links no test dataset; list the datasets that prove the step worked in test_dataset_ids`),
        );
      }
      if (gate === undefined || hasDataset(gate)) continue;
      report(
        missingDatasets(
          gate,
          [...path, "validation_gate"],
          `gate ${JSON.stringify(gate.gate_id)} of phase ${JSON.stringify(phase.phase_id)} links no test dataset; list the datasets that prove the phase worked in test_dataset_ids`,
        ),
      );
    }
  },
};

function hasDataset(validation: Validation): boolean {
  return (validation.test_dataset_ids ?? []).some((id) => id.trim() !== "");
}

/** Points at `test_dataset_ids` when it is written (empty), else at the section's key. */
function missingDatasets(validation: Validation, sectionPath: PlanPath, message: string): Finding {
  return validation.test_dataset_ids === undefined ? { path: sectionPath, target: "key", message } : { path: [...sectionPath, "test_dataset_ids"], target: "key", message };
}
