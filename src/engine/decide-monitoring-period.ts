import { successCheckText } from "../plan/check-sites.js";
import { normalizeMetricKey } from "../plan/values/condition.js";
import { parseDuration } from "../plan/values/duration.js";
import { evaluateStage, type Site } from "./check-stage.js";
import { type EngineMetric, watchIntervalMs } from "./engine-metric.js";
import type { AwaitedAttestation, JournalEvent, MonitoringVerdict, Scope } from "./journal-event.js";
import { samplesOf } from "./measure-condition.js";
import { classifyReading, convertReading } from "./metric-thresholds.js";
import { alertOnCrossing } from "./raise-alert.js";
import type { Decision, RunContext } from "./run-context.js";
import { attemptKey, type RunState, type Sample } from "./run-state.js";

const scope: Scope = { kind: "monitoring" };

interface MetricWatch {
  readonly site: string;
  readonly metric: EngineMetric;
}

/**
 * The post-migration monitoring period (SEMANTICS 11.3): every metric the engine can read,
 * and each `enhanced_monitoring` metric, read every interval until the period's deadline,
 * with an alert at each crossing (`alert_sensitivity: high`: on leaving the normal range);
 * then the closing checks and the verdicts. Undefined when there is no period or it is over.
 */
export function decideMonitoringPeriod(ctx: RunContext, state: RunState): Decision | undefined {
  const period = ctx.plan.post_migration?.monitoring_period;
  const duration = period?.duration ? parseDuration(period.duration) : undefined;
  if (duration?.kind !== "ok") return undefined;
  const monitoring = state.monitoring;
  if (monitoring === undefined) {
    const planMs = duration.value.maxMs;
    return record({ kind: "monitoring.started", planMs, deadline: new Date(ctx.nowMs + planMs * state.timeScale).toISOString() });
  }
  if (monitoring.verdicts !== undefined) return undefined;
  const high = period?.alert_sensitivity === "high";
  const watches = metricWatches(ctx);
  const interval = watchIntervalMs(state.timeScale);
  const open = ctx.nowMs < monitoring.deadlineMs;
  let nextDue = monitoring.deadlineMs;
  for (const watch of watches) {
    const samples = samplesOf(state, scope, watch.site);
    const last = samples[samples.length - 1];
    if (open && (last === undefined || ctx.nowMs - last.atMs >= interval)) {
      return { kind: "measure", request: { scope, site: watch.site, purpose: "monitoring", metric: watch.metric } };
    }
    const alert = alertOnCrossing(state, samples, (sample) => levelOf(watch.metric, sample, high), {
      source: "monitoring-period",
      site: watch.site,
      text: watch.metric.name,
      detail: `${watch.metric.name} read ${last?.reading.kind === "value" ? last.reading.value : "?"} during the monitoring period`,
    });
    if (alert !== undefined) return alert;
    if (last !== undefined) nextDue = Math.min(nextDue, last.atMs + interval);
  }
  if (open) return { kind: "wait", untilMs: Math.max(ctx.nowMs, Math.min(nextDue, monitoring.deadlineMs)) };
  return closePeriod(ctx, state, watches, high);
}

/** At the deadline: the closing checks (enhanced entries that are no metric, business success), then every verdict. */
function closePeriod(ctx: RunContext, state: RunState, watches: readonly MetricWatch[], high: boolean): Decision {
  const verdicts: MonitoringVerdict[] = watches.map((watch) => metricVerdict(watch, samplesOf(state, scope, watch.site), high));
  const awaited: AwaitedAttestation[] = [];
  for (const { site, kind } of closingSites(ctx)) {
    const outcome = evaluateStage(ctx, state, scope, [site]);
    if (outcome.kind === "decision") {
      const decision = outcome.decision;
      if (decision.kind === "pause" && decision.waitingFor.kind === "attestations") {
        awaited.push(...decision.waitingFor.items);
        continue;
      }
      return decision;
    }
    const result = state.sites.get(attemptKey("monitoring", 1))?.get(site.site);
    verdicts.push({
      site: site.site,
      text: site.text,
      kind,
      verdict: outcome.kind === "passed" ? "passed" : "failed",
      ...(result ? { detail: `by ${result.via}` } : {}),
    });
  }
  if (awaited.length > 0) return { kind: "pause", waitingFor: { kind: "attestations", items: awaited } };
  return record({ kind: "monitoring.finished", verdicts });
}

function metricWatches(ctx: RunContext): MetricWatch[] {
  const seen = new Set<string>();
  const watches: MetricWatch[] = [];
  const add = (key: string, metric: EngineMetric | undefined) => {
    if (metric === undefined || seen.has(key)) return;
    seen.add(key);
    watches.push({ site: `monitoring:${key}`, metric });
  };
  for (const [key, metric] of ctx.metrics) if (metric.thresholds !== undefined) add(key, metric);
  for (const entry of ctx.plan.post_migration?.monitoring_period?.enhanced_monitoring ?? []) add(normalizeMetricKey(entry), ctx.metrics.get(normalizeMetricKey(entry)));
  return watches;
}

function closingSites(ctx: RunContext): Array<{ site: Site; kind: MonitoringVerdict["kind"] }> {
  const sites: Array<{ site: Site; kind: MonitoringVerdict["kind"] }> = [];
  (ctx.plan.post_migration?.monitoring_period?.enhanced_monitoring ?? []).forEach((text, i) => {
    if (ctx.metrics.has(normalizeMetricKey(text))) return;
    sites.push({ site: { site: `post_migration.monitoring_period.enhanced_monitoring[${i}]`, text, field: "enhanced_monitoring" }, kind: "check" });
  });
  (ctx.plan.success_criteria?.business_success ?? []).forEach((criterion, i) => {
    const text = successCheckText(criterion);
    if (text === undefined) return;
    sites.push({ site: { site: `success_criteria.business_success[${i}]`, text, field: "business_success" }, kind: "business_success" });
  });
  return sites;
}

function levelOf(metric: EngineMetric, sample: Sample, high: boolean): "normal" | "alert" | "critical" {
  if (sample.reading.kind !== "value" || metric.thresholds === undefined) return "normal";
  const level = sample.level ?? classifyReading(metric.thresholds, sample.reading.value);
  const normal = metric.thresholds.normal;
  if (level === "normal" && high && normal !== undefined) {
    const v = convertReading(metric.thresholds.unit, sample.reading.value);
    if (v < normal.min || v > normal.max) return "alert";
  }
  return level;
}

function metricVerdict(watch: MetricWatch, samples: readonly Sample[], high: boolean): MonitoringVerdict {
  const values = samples.filter((s) => s.reading.kind === "value");
  const levels = values.map((s) => levelOf(watch.metric, s, high));
  const base = { site: watch.site, text: watch.metric.name, kind: "metric" as const };
  if (values.length === 0) return { ...base, verdict: "failed", detail: "no reading during the monitoring period" };
  const critical = levels.filter((l) => l === "critical").length;
  const alerts = levels.filter((l) => l === "alert").length;
  if (critical > 0) return { ...base, verdict: "failed", detail: `past its critical threshold in ${critical} of ${values.length} readings` };
  return { ...base, verdict: "passed", detail: alerts > 0 ? `alerting in ${alerts} of ${values.length} readings` : `normal in all ${values.length} readings` };
}

function record(event: JournalEvent): Decision {
  return { kind: "record", events: [event] };
}
