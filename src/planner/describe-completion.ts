import { collectKnownMetricKeys, successCheckText } from "../plan/check-sites.js";
import type { BusinessSuccess, Plan } from "../plan/schema/plan-schema.js";
import { normalizeMetricKey } from "../plan/values/condition.js";
import { parseDuration } from "../plan/values/duration.js";
import type { RunSectionLookup } from "./describe-assurance.js";
import { explainCheck } from "./explain-check.js";
import type { ExplainedCleanupTask, ExplainedMonitoringPeriod, ExplainedSuccessCriterion, HourRange, PlanExplanation } from "./plan-explanation.js";
import { parseCleanupTiming } from "../plan/values/cleanup-timing.js";
import { toHours } from "./to-hours.js";

/**
 * After the last phase's gate (SEMANTICS 11.3): what completion checks, in order, then the
 * monitoring period and the cleanup tasks. `finishMs` is the projected finish, from which
 * cleanup tasks fall due.
 */
export function describeCompletion(
  plan: Plan,
  lookup: RunSectionLookup,
  finishMs: { readonly min: number; readonly max: number },
): Pick<PlanExplanation, "completion" | "post_migration"> {
  const { vocabulary } = lookup;
  const success = plan.success_criteria;
  const complete = success?.migration_complete_definition;
  const check = (text: string | null | undefined) => (text?.trim() ? explainCheck(text, vocabulary) : null);
  return {
    completion: {
      regression_suite_ids: (plan.validation_strategy?.regression_validation ?? [])
        .filter((suite) => suite.execution_frequency === "post_migration" || suite.execution_frequency === "continuous")
        .map((suite) => suite.regression_suite_id),
      technical_success: (success?.technical_success ?? []).map((entry) => {
        const datasetId = entry.test_dataset_id?.trim();
        return {
          ...describeCriterion(entry),
          check: datasetId ? null : check(successCheckText(entry)),
          dataset: datasetId ? { dataset_id: datasetId, runs: lookup.isExecutableDataset(datasetId) } : null,
        };
      }),
      criteria: (complete?.criteria ?? []).map((text) => explainCheck(text, vocabulary)),
      validation_required: (complete?.validation_required ?? []).map((id) => ({ dataset_id: id, runs: lookup.isExecutableDataset(id) })),
      complete_gate: complete?.approval_required === true ? { gate_id: "COMPLETE", approvers: complete.approvers ?? [] } : null,
    },
    post_migration: {
      monitoring_period: describeMonitoringPeriod(plan, lookup),
      cleanup_tasks: (plan.post_migration?.cleanup_tasks ?? []).map((task): ExplainedCleanupTask => {
        const parsed = task.timing ? parseCleanupTiming(task.timing) : undefined;
        const due = parsed?.kind === "ok" ? { minMs: parsed.value.dueAfterMs, maxMs: parsed.value.overdueAfterMs } : undefined;
        return {
          task_id: task.task_id,
          name: task.name ?? null,
          timing: task.timing ?? null,
          due_after_hours: due === undefined ? null : { min: toHours(due.minMs), max: toHours(due.maxMs) },
          due_date: due === undefined ? null : { min: toIso(finishMs.min + due.minMs), max: toIso(finishMs.max + due.maxMs) },
          responsible_party: task.responsible_party ?? null,
          steps: (task.steps ?? []).map((text) => ({ text, bound: vocabulary.boundChecks.has(text) })),
          validation: check(task.validation),
        };
      }),
    },
  };
}

function describeMonitoringPeriod(plan: Plan, lookup: RunSectionLookup): ExplainedMonitoringPeriod | null {
  const period = plan.post_migration?.monitoring_period;
  const business = plan.success_criteria?.business_success ?? [];
  if (!period && business.length === 0) return null;
  const parsed = period?.duration ? parseDuration(period.duration) : undefined;
  const duration_hours: HourRange | null = parsed?.kind === "ok" ? { min: toHours(parsed.value.minMs), max: toHours(parsed.value.maxMs) } : null;
  // The same metrics that keep an entry out of the automation count: what the plan and bindings name.
  const metricKeys = collectKnownMetricKeys(plan, { metricKeys: lookup.vocabulary.metricKeys });
  const metrics = (plan.monitoring_and_observability?.migration_monitoring ?? []).flatMap((m) => (m.metric_name?.trim() ? [m.metric_name] : []));
  return {
    duration: period?.duration ?? null,
    duration_hours,
    metrics: [...new Set(metrics)],
    alert_sensitivity: period?.alert_sensitivity ?? null,
    alerts_outside_normal_range: period?.alert_sensitivity === "high",
    enhanced_monitoring: (period?.enhanced_monitoring ?? []).map((entry) => {
      const metric = metricKeys.has(normalizeMetricKey(entry));
      return { entry, metric, check: metric ? null : explainCheck(entry, lookup.vocabulary) };
    }),
    business_success: business.map((entry) => {
      const text = successCheckText(entry);
      return { ...describeCriterion(entry), check: text === undefined ? null : explainCheck(text, lookup.vocabulary), dataset: null };
    }),
  };
}

function describeCriterion(
  entry: Partial<Pick<BusinessSuccess, "criterion" | "measurement" | "target" | "measurement_period">>,
): Omit<ExplainedSuccessCriterion, "check" | "dataset"> {
  return {
    criterion: entry.criterion ?? null,
    measurement: entry.measurement ?? null,
    target: entry.target ?? null,
    measurement_period: entry.measurement_period ?? null,
  };
}

function toIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
