import { parseRateLimit } from "../../plan/values/rate-limit.js";
import type { LintRule } from "../lint-rule.js";

export const rateLimitFormatRule: LintRule = {
  id: "rate-limit-format",
  description: 'A data migration rate_limit reads as an amount per period, like "200 batches/minute".',
  category: "values",
  severity: "error",
  check({ plan }, report) {
    plan.data_migration?.migrations?.forEach((migration, i) => {
      const text = migration.execution_plan?.rate_limit;
      if (typeof text !== "string") return;
      const parsed = parseRateLimit(text);
      if (parsed.kind === "ok") return;
      report({
        path: ["data_migration", "migrations", i, "execution_plan", "rate_limit"],
        message: `rate_limit ${JSON.stringify(text)} of migration ${JSON.stringify(migration.migration_id)} is not a rate: ${parsed.reason}`,
      });
    });
  },
};
