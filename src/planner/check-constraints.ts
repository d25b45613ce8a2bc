import type { Plan } from "../plan/schema/plan-schema.js";
import { describeWindow, isWithinWindow, parseMigrationWindow } from "../plan/values/migration-window.js";
import type { ExplainedConstraints } from "./plan-explanation.js";

/** The plan's constraints, and whether a migration started at `startMs` would start inside its window. */
export function checkConstraints(plan: Plan, startMs: number): ExplainedConstraints {
  const constraints = plan.migration_overview?.constraints;
  const text = constraints?.migration_window?.trim();
  let migrationWindow: ExplainedConstraints["migration_window"] = null;
  if (text) {
    const parsed = parseMigrationWindow(text);
    migrationWindow =
      parsed.kind === "ok"
        ? { text, description: describeWindow(parsed.value), problem: null, start_inside: isWithinWindow(parsed.value, new Date(startMs)) }
        : { text, description: null, problem: parsed.reason, start_inside: null };
  }
  return {
    migration_window: migrationWindow,
    downtime_allowed: constraints?.downtime_allowed ?? null,
    max_downtime_duration: constraints?.max_downtime_duration ?? null,
    business_constraints: constraints?.business_constraints ?? [],
  };
}
