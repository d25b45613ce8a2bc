import type { PlanPath } from "./plan-path.js";
import type { Plan } from "./schema/plan-schema.js";

/** The schema fields whose strings are checks (SEMANTICS section 2). */
export type CheckField =
  | "start_condition"
  | "preconditions"
  | "validation_checks"
  | "success_criteria"
  | "gate_criteria"
  | "trigger_conditions"
  | "alert_conditions"
  | "verification_method";

export interface CheckSite {
  readonly text: string;
  readonly field: CheckField;
  readonly path: PlanPath;
  readonly phaseId?: string;
  readonly stepId?: string;
}

/** Every check string of the plan, with where it sits and which phase or step owns it. */
export function collectCheckSites(plan: Plan): CheckSite[] {
  const sites: CheckSite[] = [];
  const add = (texts: readonly string[] | null | undefined, field: CheckField, base: PlanPath, owner: { phaseId?: string; stepId?: string } = {}) =>
    texts?.forEach((text, i) => sites.push({ text, field, path: [...base, i], ...owner }));

  plan.prerequisites?.forEach((prereq, i) => {
    const method = prereq.validation?.verification_method;
    if (method) {
      sites.push({ text: method, field: "verification_method", path: ["prerequisites", i, "validation", "verification_method"] });
    }
  });
  plan.migration_phases?.forEach((phase, pi) => {
    const pp: PlanPath = ["migration_phases", pi];
    const phaseId = phase.phase_id;
    add(phase.start_condition, "start_condition", [...pp, "start_condition"], { phaseId });
    phase.steps?.forEach((step, si) => {
      const sp: PlanPath = [...pp, "steps", si];
      const owner = { phaseId, stepId: step.step_id };
      add(step.preconditions, "preconditions", [...sp, "preconditions"], owner);
      add(step.validation?.validation_checks, "validation_checks", [...sp, "validation", "validation_checks"], owner);
      add(step.validation?.success_criteria, "success_criteria", [...sp, "validation", "success_criteria"], owner);
      add(step.monitoring?.alert_conditions, "alert_conditions", [...sp, "monitoring", "alert_conditions"], owner);
    });
    add(phase.validation_gate?.criteria, "gate_criteria", [...pp, "validation_gate", "criteria"], { phaseId });
  });
  plan.rollback_strategy?.rollback_levels?.forEach((level, i) =>
    add(level.trigger_conditions, "trigger_conditions", ["rollback_strategy", "rollback_levels", i, "trigger_conditions"]),
  );
  plan.validation_strategy?.continuous_validation?.forEach((cv, i) =>
    add(cv.alert_conditions, "alert_conditions", ["validation_strategy", "continuous_validation", i, "alert_conditions"]),
  );
  return sites;
}
