import type { PlanPath } from "../../plan/plan-path.js";
import type { DataMigration } from "../../plan/schema/plan-schema.js";
import type { Finding } from "../diagnostic.js";
import type { LintRule } from "../lint-rule.js";

function checkExecutionPlan(migration: DataMigration, base: PlanPath): Finding[] {
  const plan = migration.execution_plan;
  if (plan === null || plan === undefined) return [];
  const id = JSON.stringify(migration.migration_id);
  const findings: Finding[] = [];
  const { batch_size: batchSize, max_parallel_workers: workers, parallel_execution: parallel } = plan;
  if (typeof batchSize === "number" && batchSize <= 0) {
    findings.push({
      path: [...base, "batch_size"],
      message: `batch_size ${batchSize} of migration ${id} must be above 0, or no record is ever copied; set the number of records per batch`,
    });
  }
  if (typeof workers === "number" && workers < 1) {
    findings.push({
      path: [...base, "max_parallel_workers"],
      message: `max_parallel_workers ${workers} of migration ${id} must be at least 1, or no batch ever runs; set it to 1 or more`,
    });
  }
  if (parallel === true && (workers === null || workers === undefined)) {
    findings.push({
      path: [...base, "parallel_execution"],
      severity: "warning",
      message: `migration ${id} sets parallel_execution: true without max_parallel_workers, which defaults to 1 worker; set max_parallel_workers`,
    });
  }
  if (parallel === false && typeof workers === "number" && workers > 1) {
    findings.push({
      path: [...base, "max_parallel_workers"],
      severity: "warning",
      message: `max_parallel_workers ${workers} of migration ${id} has no effect while parallel_execution is false; set parallel_execution: true or max_parallel_workers: 1`,
    });
  }
  return findings;
}

export const batchSizeRule: LintRule = {
  id: "batch-size",
  description: "A data migration's batch_size is above 0 and its worker count fits parallel_execution.",
  category: "values",
  severity: "error",
  check({ plan }, report) {
    plan.data_migration?.migrations?.forEach((migration, i) => checkExecutionPlan(migration, ["data_migration", "migrations", i, "execution_plan"]).forEach(report));
  },
};
