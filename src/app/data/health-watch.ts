import { conditionHolds } from "../../engine/measure-condition.js";
import { type EngineMetric, readBoundCheckAsMetric } from "../../engine/engine-metric.js";
import type { Condition } from "../../plan/values/condition.js";
import { normalizeMetricKey, parseCondition } from "../../plan/values/condition.js";
import type { DataMigration, Plan } from "../../plan/schema/plan-schema.js";
import type { MetricProvider } from "../../ports/metric-provider.js";
import { describeMissingReading } from "../../engine/missing-data-policy.js";
import { defaultMetricTimeoutMs } from "../../ports/metric-provider.js";

/** A condition that holds a backfill: no new batch starts while it says the system is unwell. */
export interface HealthSignal {
  /** As the plan writes it. */
  readonly text: string;
  /** `holds`: an alert condition ("replica_lag_seconds > 5"); `fails`: a pre-migration check ("Replica lag < 5s"). */
  readonly pauseWhen: "holds" | "fails";
  readonly metric: EngineMetric;
  readonly condition: Condition;
}

export type HealthVerdict = { readonly healthy: true } | { readonly healthy: false; readonly reason: string };

/**
 * The readable conditions that guard a migration's batches: the running step's
 * `monitoring.alert_conditions` (pause while one holds) and the migration's
 * `validation.pre_migration_checks` (pause while one fails). Only conditions with a metric
 * that can be read, or a check bound to a command, count; prose is for people.
 */
export function collectHealthSignals(
  plan: Plan,
  entry: DataMigration,
  stepId: string | undefined,
  metrics: ReadonlyMap<string, EngineMetric>,
  boundChecks: ReadonlyMap<string, string>,
): HealthSignal[] {
  const step = stepId === undefined ? undefined : (plan.migration_phases ?? []).flatMap((phase) => phase.steps ?? []).find((s) => s.step_id === stepId);
  const texts: Array<{ text: string; pauseWhen: "holds" | "fails" }> = [
    ...(step?.monitoring?.alert_conditions ?? []).map((text) => ({ text, pauseWhen: "holds" as const })),
    ...(entry.validation?.pre_migration_checks ?? []).map((text) => ({ text, pauseWhen: "fails" as const })),
  ];
  const signals: HealthSignal[] = [];
  for (const { text, pauseWhen } of texts) {
    const command = boundChecks.get(text);
    if (command !== undefined) {
      signals.push({ text, pauseWhen, ...readBoundCheckAsMetric(text, command, defaultMetricTimeoutMs) });
      continue;
    }
    const parsed = parseCondition(text);
    if (parsed.kind !== "ok") continue;
    const metric = metrics.get(normalizeMetricKey(parsed.value.metric));
    if (metric !== undefined) signals.push({ text, pauseWhen, metric, condition: parsed.value });
  }
  return signals;
}

/**
 * Reads every signal and says whether a batch may start. A signal that cannot be read holds
 * the backfill too: moving data blind past a lagging replica is what the pause exists to prevent.
 */
export async function judgeHealth(signals: readonly HealthSignal[], provider: MetricProvider, signal?: AbortSignal): Promise<HealthVerdict> {
  for (const health of signals) {
    const reading = await provider.read(health.metric.query, { timeoutMs: health.metric.timeoutMs, ...(signal ? { signal } : {}) });
    if (reading.kind !== "value") return { healthy: false, reason: `cannot read "${health.text}": ${describeMissingReading(reading)}` };
    const holds = conditionHolds(health.condition, health.metric, reading.value);
    if (holds === (health.pauseWhen === "holds")) {
      const what = health.pauseWhen === "holds" ? "holds" : "does not hold";
      return { healthy: false, reason: `"${health.text}" ${what} (read ${reading.value})` };
    }
  }
  return { healthy: true };
}
