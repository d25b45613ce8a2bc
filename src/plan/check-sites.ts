import type { PlanPath } from "./plan-path.js";
import type { Plan } from "./schema/plan-schema.js";
import { criterionCheckText } from "./strategy-criterion.js";
import { normalizeMetricKey, parseCondition } from "./values/condition.js";

/** The schema fields whose strings are checks (SEMANTICS sections 2, 11.1 and 11.3). */
export type CheckField =
  | "start_condition"
  | "preconditions"
  | "validation_checks"
  | "success_criteria"
  | "gate_criteria"
  | "trigger_conditions"
  | "alert_conditions"
  | "verification_method"
  /** A `validation_strategy.validation_gates[].criteria[]` entry, as `criterionCheckText` reads it. */
  | "strategy_gate_criteria"
  /** `validation_strategy.continuous_validation[].checks`. */
  | "continuous_checks"
  /** `risk_mitigation.migration_risks[].contingency.trigger`. */
  | "contingency_trigger"
  /** A `success_criteria.technical_success[]` entry without a dataset (one with a dataset runs it instead). */
  | "technical_success"
  /** `success_criteria.migration_complete_definition.criteria`. */
  | "completion_criteria"
  /** A `success_criteria.business_success[]` entry, judged at the end of the monitoring period. */
  | "business_success"
  /** A `post_migration.monitoring_period.enhanced_monitoring` entry that names no metric. */
  | "enhanced_monitoring"
  /** `post_migration.cleanup_tasks[].validation`. */
  | "cleanup_validation";

export interface CheckSite {
  readonly text: string;
  readonly field: CheckField;
  readonly path: PlanPath;
  readonly phaseId?: string;
  readonly stepId?: string;
}

export interface CheckSiteOptions {
  /**
   * Metrics beyond the plan's own (the bindings'), by `normalizeMetricKey`: an
   * `enhanced_monitoring` entry naming one is watched, not checked. The plan's monitored and
   * watched metrics, and those its conditions name, always count.
   */
  readonly metricKeys?: ReadonlySet<string>;
}

/** Every check string of the plan, with where it sits and which phase or step owns it. */
export function collectCheckSites(plan: Plan, options: CheckSiteOptions = {}): CheckSite[] {
  const sites: CheckSite[] = [];
  const add = (texts: readonly string[] | null | undefined, field: CheckField, base: PlanPath, owner: { phaseId?: string; stepId?: string } = {}) =>
    texts?.forEach((text, i) => sites.push({ text, field, path: [...base, i], ...owner }));
  const addOne = (text: string | null | undefined, field: CheckField, path: PlanPath) => {
    if (text?.trim()) sites.push({ text, field, path });
  };

  plan.prerequisites?.forEach((prereq, i) => {
    const method = prereq.validation?.verification_method;
    if (method) sites.push({ text: method, field: "verification_method", path: ["prerequisites", i, "validation", "verification_method"] });
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
  const strategy = plan.validation_strategy;
  strategy?.validation_gates?.forEach((gate, i) =>
    gate.criteria?.forEach((criterion, j) => addOne(criterionCheckText(criterion), "strategy_gate_criteria", ["validation_strategy", "validation_gates", i, "criteria", j])),
  );
  strategy?.continuous_validation?.forEach((cv, i) => {
    add(cv.checks, "continuous_checks", ["validation_strategy", "continuous_validation", i, "checks"]);
    add(cv.alert_conditions, "alert_conditions", ["validation_strategy", "continuous_validation", i, "alert_conditions"]);
  });
  plan.risk_mitigation?.migration_risks?.forEach((risk, i) =>
    addOne(risk.contingency?.trigger, "contingency_trigger", ["risk_mitigation", "migration_risks", i, "contingency", "trigger"]),
  );
  const success = plan.success_criteria;
  success?.technical_success?.forEach((entry, i) => {
    if (!entry.test_dataset_id) addOne(successCheckText(entry), "technical_success", ["success_criteria", "technical_success", i]);
  });
  add(success?.migration_complete_definition?.criteria, "completion_criteria", ["success_criteria", "migration_complete_definition", "criteria"]);
  success?.business_success?.forEach((entry, i) => addOne(successCheckText(entry), "business_success", ["success_criteria", "business_success", i]));
  plan.post_migration?.cleanup_tasks?.forEach((task, i) => addOne(task.validation, "cleanup_validation", ["post_migration", "cleanup_tasks", i, "validation"]));
  // Last: whether an entry names a metric depends on what every other check names.
  const metrics = knownMetricKeys(plan, sites, options.metricKeys);
  plan.post_migration?.monitoring_period?.enhanced_monitoring?.forEach((entry, i) => {
    if (!metrics.has(normalizeMetricKey(entry))) addOne(entry, "enhanced_monitoring", ["post_migration", "monitoring_period", "enhanced_monitoring", i]);
  });
  return sites;
}

/**
 * The check a success criterion stands for: `<measurement> <target>` when the target compares
 * (`> 10% of orders use discounts` reads as `> 10%`), else the criterion's own words.
 */
export function successCheckText(entry: { readonly criterion?: string | null; readonly measurement?: string | null; readonly target?: string | null }): string | undefined {
  const measurement = entry.measurement?.trim();
  const target = entry.target?.trim();
  if (measurement && target && /^(<=|>=|==|!=|<|>)/.test(target)) return `${measurement} ${target.replace(/\s+of\s+.*$/, "")}`;
  return entry.criterion?.trim() || undefined;
}

/** The metrics an `enhanced_monitoring` entry may name to be watched every interval rather than checked, by `normalizeMetricKey`. */
export function collectKnownMetricKeys(plan: Plan, options: CheckSiteOptions = {}): ReadonlySet<string> {
  const sites = collectCheckSites(plan, options).filter((site) => site.field !== "enhanced_monitoring");
  return knownMetricKeys(plan, sites, options.metricKeys);
}

/** The plan's monitored and watched metrics, those its conditions name, and the caller's. */
function knownMetricKeys(plan: Plan, sites: readonly CheckSite[], extra: ReadonlySet<string> = new Set()): Set<string> {
  const keys = new Set(extra);
  for (const m of plan.monitoring_and_observability?.migration_monitoring ?? []) if (m.metric_name) keys.add(normalizeMetricKey(m.metric_name));
  for (const phase of plan.migration_phases ?? []) {
    for (const step of phase.steps ?? []) for (const name of step.monitoring?.metrics_to_watch ?? []) keys.add(normalizeMetricKey(name));
  }
  for (const site of sites) {
    const condition = parseCondition(site.text);
    if (condition.kind === "ok") keys.add(condition.value.metricKey);
  }
  return keys;
}
