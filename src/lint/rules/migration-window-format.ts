import { parseMigrationWindow } from "../../plan/values/migration-window.js";
import type { LintRule } from "../lint-rule.js";

const EXAMPLES = 'accepted forms look like "Weekday 10am-4pm EST", "Saturdays 02:00-06:00 UTC" or "anytime"';

export const migrationWindowFormatRule: LintRule = {
  id: "migration-window-format",
  description: 'The migration_window reads as days and hours in a time zone, like "Weekday 10am-4pm EST", or "anytime".',
  category: "values",
  severity: "error",
  check({ plan }, report) {
    const text = plan.migration_overview?.constraints?.migration_window;
    if (typeof text !== "string") return;
    const parsed = parseMigrationWindow(text);
    if (parsed.kind === "ok") return;
    // Some of the parser's reasons are about one part only; the user still needs the whole form.
    const reason = parsed.reason.includes('"anytime"') ? parsed.reason : `${parsed.reason}; ${EXAMPLES}`;
    report({
      path: ["migration_overview", "constraints", "migration_window"],
      message: `migration_window ${JSON.stringify(text)} is not a window the engine can check: ${reason}`,
    });
  },
};
