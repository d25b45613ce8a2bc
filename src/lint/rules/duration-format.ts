import type { PlanPath } from "../../plan/plan-path.js";
import type { PlanString } from "../../plan/plan-references.js";
import type { Plan } from "../../plan/schema/plan-schema.js";
import { parseDuration } from "../../plan/values/duration.js";
import type { LintRule } from "../lint-rule.js";

/** Every field the schema means as a span of time, with where it is written. */
function collectDurations(plan: Plan): PlanString[] {
  const found: PlanString[] = [];
  const visit = (value: string | null | undefined, path: PlanPath) => {
    if (typeof value === "string") found.push({ value, path });
  };
  const overview = plan.migration_overview;
  visit(overview?.estimated_duration, ["migration_overview", "estimated_duration"]);
  visit(overview?.estimated_effort, ["migration_overview", "estimated_effort"]);
  visit(overview?.constraints?.max_downtime_duration, ["migration_overview", "constraints", "max_downtime_duration"]);
  plan.migration_phases?.forEach((phase, pi) => {
    const base = ["migration_phases", pi];
    visit(phase.duration_estimate, [...base, "duration_estimate"]);
    phase.steps?.forEach((step, si) => visit(step.estimated_duration, [...base, "steps", si, "estimated_duration"]));
    visit(phase.rollback_point?.estimated_rollback_duration, [...base, "rollback_point", "estimated_rollback_duration"]);
  });
  plan.data_migration?.migrations?.forEach((migration, mi) => {
    const base = ["data_migration", "migrations", mi];
    visit(migration.execution_plan?.estimated_duration, [...base, "execution_plan", "estimated_duration"]);
    visit(migration.rollback?.rollback_duration, [...base, "rollback", "rollback_duration"]);
    visit(migration.downtime?.duration, [...base, "downtime", "duration"]);
  });
  plan.rollback_strategy?.rollback_levels?.forEach((level, li) =>
    visit(level.rollback_procedure?.estimated_duration, ["rollback_strategy", "rollback_levels", li, "rollback_procedure", "estimated_duration"]),
  );
  plan.execution_timeline?.critical_path?.forEach((entry, ei) => visit(entry.duration, ["execution_timeline", "critical_path", ei, "duration"]));
  visit(plan.post_migration?.monitoring_period?.duration, ["post_migration", "monitoring_period", "duration"]);
  return found;
}

export const durationFormatRule: LintRule = {
  id: "duration-format",
  description: 'Durations read as a span of time, like "30 minutes", "2-3 hours" or "3 days observation".',
  category: "values",
  severity: "error",
  check({ plan }, report) {
    for (const { value, path } of collectDurations(plan)) {
      const parsed = parseDuration(value);
      if (parsed.kind === "ok") continue;
      const field = String(path[path.length - 1]);
      report({ path, message: `${field} ${JSON.stringify(value)} is not a duration: ${parsed.reason}` });
    }
  },
};
