import { parseAcceptanceThreshold } from "../../plan/values/percentage.js";
import type { LintRule } from "../lint-rule.js";

export const acceptanceThresholdRule: LintRule = {
  id: "acceptance-threshold",
  description: 'A reconciliation acceptance_threshold is a share of matching records, like "99.99% match".',
  category: "values",
  severity: "error",
  check({ plan }, report) {
    plan.data_migration?.migrations?.forEach((migration, i) => {
      const text = migration.validation?.reconciliation?.acceptance_threshold;
      if (typeof text !== "string") return;
      const parsed = parseAcceptanceThreshold(text);
      if (parsed.kind === "ok") return;
      report({
        path: ["data_migration", "migrations", i, "validation", "reconciliation", "acceptance_threshold"],
        message: `acceptance_threshold ${JSON.stringify(text)} of migration ${JSON.stringify(migration.migration_id)} is not a share of matching records: ${parsed.reason}`,
      });
    });
  },
};
