import { formatPlanPath, type PlanPath } from "../plan/plan-path.js";
import type { Plan } from "../plan/schema/plan-schema.js";

// The keys that name an item of the plan; `test_dataset_id` and its kin are references, not names.
const OWNER_KEYS = [
  "step_id",
  "gate_id",
  "phase_id",
  "prerequisite_id",
  "migration_id",
  "config_id",
  "change_id",
  "integration_id",
  "risk_id",
  "milestone_id",
  "flag_id",
  "task_id",
  "validation_id",
  "regression_suite_id",
] as const;

/**
 * Who names the value at `path`, for a reader: the id of the deepest item around it
 * (`STEP-1-1`, `GATE-2`, a rollback level by its `level`), else the field's own path.
 */
export function nameReferenceOwner(plan: Plan, path: PlanPath): string {
  let owner: string | undefined;
  let node: unknown = plan;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i] as string | number;
    if (node === null || typeof node !== "object") break;
    node = (node as Record<string | number, unknown>)[segment];
    const named = readOwnerName(node, path[i - 1]);
    if (named !== undefined) owner = named;
  }
  return owner ?? formatPlanPath(path);
}

function readOwnerName(node: unknown, parentKey: string | number | undefined): string | undefined {
  if (node === null || typeof node !== "object" || Array.isArray(node)) return undefined;
  const record = node as Record<string, unknown>;
  for (const key of OWNER_KEYS) {
    const value = record[key];
    if (typeof value === "string" && value.trim() !== "") return value;
  }
  if (parentKey === "rollback_levels" && typeof record.level === "string" && record.level.trim() !== "") {
    return `rollback level ${JSON.stringify(record.level)}`;
  }
  return undefined;
}
