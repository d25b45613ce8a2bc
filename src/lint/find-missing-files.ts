import type { Plan } from "../plan/schema/plan-schema.js";
import { groupMissingReferences, type Locate, type MissingFiles } from "./missing-files.js";
import type { PlanFiles } from "./plan-files.js";
import { findMissingDatasets } from "./rules/dataset-files.js";
import { findMissingLinkedFiles } from "./rules/linked-files.js";
import { findMissingScripts } from "./rules/script-files.js";

/** Every file the plan names that its folder lacks, found exactly as the three file rules find them. */
export function findMissingFiles(plan: Plan, files: PlanFiles, locate: Locate): MissingFiles {
  return {
    scripts: groupMissingReferences(plan, findMissingScripts(plan, files).missing, locate),
    datasets: groupMissingReferences(plan, findMissingDatasets(plan, files).missing, locate),
    linked: groupMissingReferences(plan, findMissingLinkedFiles(plan, files).missing, locate),
  };
}

export function countMissingFiles(missing: MissingFiles): number {
  return missing.scripts.length + missing.datasets.length + missing.linked.length;
}
