import type { Condition } from "../plan/values/condition.js";
import { evaluateCondition } from "../plan/values/condition.js";
import type { MetricReading } from "../ports/metric-provider.js";
import type { EngineMetric } from "./engine-metric.js";
import { formatScope, type JournalEvent, type MetricSampled, type Scope } from "./journal-event.js";
import { classifyReading, convertReading } from "./metric-thresholds.js";
import { decideOnMissing, describeMissingReading, type MissingReading } from "./missing-data-policy.js";
import { currentAttempt } from "./fold-journal.js";
import type { MeasureRequest } from "./run-context.js";
import { attemptKey, type RunState, type Sample } from "./run-state.js";

/** What the readings so far say about a watched condition. */
export type ReadingsVerdict =
  | { readonly kind: "measure" }
  | { readonly kind: "wait"; readonly untilMs: number }
  | { readonly kind: "value"; readonly holds: boolean; readonly value: number; readonly level?: "normal" | "alert" | "critical" }
  | { readonly kind: "fail"; readonly reason: string }
  | { readonly kind: "pause"; readonly reason: string };

/**
 * Reads the samples of one site: the latest value if fresh enough, else whether to read
 * again now, later (a retry after a miss), or stop as the metric's missing-data policy says.
 * `freshForMs` is how long a value stands before the site is read again (Infinity: once).
 */
export function judgeReadings(samples: readonly Sample[], metric: EngineMetric, nowMs: number, freshForMs: number, retryAfterMs: number): ReadingsVerdict {
  const last = samples[samples.length - 1];
  if (last === undefined) return { kind: "measure" };
  if (last.reading.kind === "value") {
    if (nowMs - last.atMs < freshForMs) return { kind: "value", holds: last.holds === true, value: last.reading.value, ...(last.level ? { level: last.level } : {}) };
    return { kind: "measure" };
  }
  const misses: MissingReading[] = [];
  for (let i = samples.length - 1; i >= 0; i--) {
    const reading = (samples[i] as Sample).reading;
    if (reading.kind === "value") break;
    misses.unshift(reading);
  }
  const decision = decideOnMissing(metric.missing, misses, metric.name);
  if (decision.kind === "fail") return { kind: "fail", reason: decision.reason };
  if (decision.kind === "pause") return { kind: "pause", reason: decision.reason };
  return nowMs - last.atMs >= retryAfterMs ? { kind: "measure" } : { kind: "wait", untilMs: last.atMs + retryAfterMs };
}

/**
 * Like `judgeReadings`, for a watch that runs in the background (a rollback trigger, a health
 * check): it is read again every interval even after its missing-data policy gave its verdict
 * on the last readings, so a watch is never stuck on an old miss.
 */
export function judgeWatchReadings(samples: readonly Sample[], metric: EngineMetric, nowMs: number, intervalMs: number): ReadingsVerdict {
  const verdict = judgeReadings(samples, metric, nowMs, intervalMs, intervalMs);
  const last = samples[samples.length - 1];
  if ((verdict.kind === "fail" || verdict.kind === "pause") && last !== undefined && nowMs - last.atMs >= intervalMs) return { kind: "measure" };
  return verdict;
}

/** The samples of a site in its scope's current attempt. */
export function samplesOf(state: RunState, scope: Scope, site: string): readonly Sample[] {
  return state.samples.get(attemptKey(formatScope(scope), currentAttempt(state, scope)))?.get(site) ?? [];
}

/** The event recording a reading: the value judged against the condition and the thresholds. */
export function completeMeasure(request: MeasureRequest, reading: MetricReading, readMs?: number): JournalEvent[] {
  const sampled: MetricSampled = {
    kind: "metric.sampled",
    scope: request.scope,
    site: request.site,
    purpose: request.purpose,
    metric: request.metric.name,
    reading,
    ...(request.condition ? { condition: request.condition.text } : {}),
    ...(readMs === undefined ? {} : { readMs: Math.max(0, Math.round(readMs)) }),
  };
  if (reading.kind !== "value") return [sampled];
  const level = request.metric.thresholds ? classifyReading(request.metric.thresholds, reading.value) : undefined;
  const holds = request.condition ? conditionHolds(request.condition.parsed, request.metric, reading.value) : undefined;
  return [{ ...sampled, ...(level ? { level } : {}), ...(holds === undefined ? {} : { holds }) }];
}

/** A condition written with % compares ratios; a percent metric's reading is brought to one first. */
export function conditionHolds(condition: Condition, metric: EngineMetric, value: number): boolean {
  return evaluateCondition(condition, condition.percent ? convertReading(metric.unit, value) : value);
}

export function describeReading(samples: readonly Sample[]): string {
  const last = samples[samples.length - 1];
  if (last === undefined) return "no reading";
  return last.reading.kind === "value" ? `read ${last.reading.value}` : describeMissingReading(last.reading);
}
