import type { EngineMetric } from "../../engine/engine-metric.js";
import { buildMetricThresholds } from "../../engine/metric-thresholds.js";
import { defaultMissingDataPolicy } from "../../engine/missing-data-policy.js";
import { collectCheckSites } from "../../plan/check-sites.js";
import { resolveMetric } from "../../plan/metric-source.js";
import type { Plan } from "../../plan/schema/plan-schema.js";
import { normalizeMetricKey, parseCondition } from "../../plan/values/condition.js";
import { defaultMetricTimeoutMs } from "../../ports/metric-provider.js";
import type { Bindings } from "../bindings/bindings.js";

/**
 * Every metric the run can read, by normalised name: those the plan monitors or watches,
 * those the bindings bind, and those its conditions name, when a query is known for them.
 */
export function resolveEngineMetrics(plan: Plan, bindings: Pick<Bindings, "metrics">): Map<string, EngineMetric> {
  const names = new Set<string>();
  for (const m of plan.monitoring_and_observability?.migration_monitoring ?? []) if (m.metric_name) names.add(m.metric_name);
  for (const phase of plan.migration_phases ?? []) for (const step of phase.steps ?? []) for (const name of step.monitoring?.metrics_to_watch ?? []) names.add(name);
  for (const name of bindings.metrics.keys()) names.add(name);
  for (const site of collectCheckSites(plan)) {
    const condition = parseCondition(site.text);
    if (condition.kind === "ok") names.add(condition.value.metric);
  }
  const metrics = new Map<string, EngineMetric>();
  for (const name of names) {
    const key = normalizeMetricKey(name);
    if (metrics.has(key)) continue;
    const resolution = resolveMetric(name, plan, bindings.metrics);
    if (resolution.kind !== "resolved") continue;
    const { metric } = resolution;
    const source = metric.source;
    if (source.kind !== "query") continue;
    const thresholds = metric.planMetric ? buildMetricThresholds(metric.planMetric, metric.unit) : undefined;
    metrics.set(key, {
      name: metric.binding?.name ?? metric.planMetric?.metric_name ?? name,
      query: source.query,
      unit: metric.unit,
      ...(thresholds?.kind === "ok" ? { thresholds: thresholds.value } : {}),
      missing: metric.binding?.entry.onMissing ?? defaultMissingDataPolicy,
      timeoutMs: metric.binding?.entry.timeoutMs ?? defaultMetricTimeoutMs,
    });
  }
  return metrics;
}
