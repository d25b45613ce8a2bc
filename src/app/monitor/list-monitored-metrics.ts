import { buildMetricThresholds, type MetricThresholds, type MetricUnit, type ThresholdTexts } from "../../engine/metric-thresholds.js";
import { type ResolvedMetricSource, resolveMetric } from "../../plan/metric-source.js";
import type { Plan } from "../../plan/schema/plan-schema.js";
import { invalid, type ParseResult } from "../../plan/values/parse-result.js";
import { normalizeMetricKey } from "../../plan/values/condition.js";
import { defaultMetricTimeoutMs, type MetricQuery } from "../../ports/metric-provider.js";
import type { Bindings } from "../bindings/bindings.js";

/** Where a monitored metric's numbers come from, or why `monitor` cannot read it. */
export type MonitorSource = { readonly kind: "query"; readonly query: MetricQuery; readonly text: string } | { readonly kind: "not-automatic"; readonly reason: string };

/** One metric `bascule monitor` shows: how to read it and what to judge its readings against. */
export interface MonitorTarget {
  /** As the plan or the bindings name it. */
  readonly name: string;
  readonly source: MonitorSource;
  readonly unit: MetricUnit;
  readonly thresholds?: MetricThresholds;
  /** The plan's threshold fields as written, when it has an entry for the metric. */
  readonly written?: ThresholdTexts;
  /** Why there are no thresholds, when there are none. */
  readonly thresholdsProblem?: string;
  readonly timeoutMs: number;
}

/**
 * Every metric worth watching before and during a run: each `migration_monitoring` entry of
 * the plan, in its order, then each metric bound in the bindings that the plan does not
 * monitor. Names match as conditions match them (case- and separator-insensitively), and the
 * bindings' query wins over the plan's `measurement_method`, exactly as in a run.
 */
export function listMonitoredMetrics(plan: Plan, bindings: Pick<Bindings, "metrics">): MonitorTarget[] {
  const names: string[] = [];
  const seen = new Set<string>();
  const add = (name: string) => {
    const key = normalizeMetricKey(name);
    if (seen.has(key)) return;
    seen.add(key);
    names.push(name);
  };
  for (const m of plan.monitoring_and_observability?.migration_monitoring ?? []) if (typeof m.metric_name === "string") add(m.metric_name);
  for (const name of bindings.metrics.keys()) add(name);
  return names.map((name) => describeTarget(name, plan, bindings));
}

function describeTarget(name: string, plan: Plan, bindings: Pick<Bindings, "metrics">): MonitorTarget {
  const resolution = resolveMetric(name, plan, bindings.metrics);
  if (resolution.kind !== "resolved") {
    return { name, source: { kind: "not-automatic", reason: resolution.message }, unit: "ratio", thresholdsProblem: resolution.message, timeoutMs: defaultMetricTimeoutMs };
  }
  const { metric } = resolution;
  const planMetric = metric.planMetric;
  const written = planMetric ? pickTexts(planMetric) : undefined;
  const judged = judgeThresholds(written, metric.unit);
  return {
    name: metric.binding?.name ?? planMetric?.metric_name ?? name,
    source: describeSource(metric.source),
    unit: metric.unit,
    ...(judged.kind === "ok" ? { thresholds: judged.value } : { thresholdsProblem: judged.reason }),
    ...(written ? { written } : {}),
    timeoutMs: metric.binding?.entry.timeoutMs ?? defaultMetricTimeoutMs,
  };
}

function describeSource(source: ResolvedMetricSource): MonitorSource {
  switch (source.kind) {
    case "query":
      return { kind: "query", query: source.query, text: formatMetricQuery(source.query) };
    case "prose":
      return {
        kind: "not-automatic",
        reason: `measurement_method ${JSON.stringify(source.method)} is prose, not a query: write "prometheus: <PromQL>", "command: <shell>" or "sql: <system>: <query>", or bind the metric under metrics: in bascule.config.yaml`,
      };
    case "invalid":
      return { kind: "not-automatic", reason: `the ${source.from === "plan" ? "plan's measurement_method" : "bindings' query"} is not usable: ${source.reason}` };
    case "none":
      return { kind: "not-automatic", reason: "no measurement_method and no binding: nothing says where its numbers come from" };
  }
}

/** A query as a user writes it in a plan or the bindings: `prometheus: up`. */
export function formatMetricQuery(query: MetricQuery): string {
  switch (query.kind) {
    case "prometheus":
      return `prometheus: ${query.promql}`;
    case "command":
      return `command: ${query.command}`;
    case "sql":
      return `sql: ${query.system}: ${query.query}`;
  }
}

function pickTexts(entry: ThresholdTexts): ThresholdTexts {
  return {
    ...(entry.normal_range ? { normal_range: entry.normal_range } : {}),
    ...(entry.alert_threshold ? { alert_threshold: entry.alert_threshold } : {}),
    ...(entry.critical_threshold ? { critical_threshold: entry.critical_threshold } : {}),
  };
}

function judgeThresholds(written: ThresholdTexts | undefined, unit: MetricUnit): ParseResult<MetricThresholds> {
  if (written === undefined) return invalid("the plan's migration_monitoring has no entry for it, so it has no thresholds");
  if (!written.alert_threshold && !written.critical_threshold) return invalid("its migration_monitoring entry has no alert_threshold or critical_threshold");
  const built = buildMetricThresholds(written, unit);
  return built.kind === "ok" ? built : invalid(`its thresholds cannot be used: ${built.reason}`);
}
