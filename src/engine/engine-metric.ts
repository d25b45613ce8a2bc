import type { MetricQuery } from "../ports/metric-provider.js";
import type { MetricThresholds } from "./metric-thresholds.js";
import type { MissingDataPolicy } from "./missing-data-policy.js";

/** A metric the engine can read: where its numbers come from and how to judge them. */
export interface EngineMetric {
  /** As the plan or bindings name it. */
  readonly name: string;
  readonly query: MetricQuery;
  readonly unit: "ratio" | "percent";
  /** From the plan's `migration_monitoring` entry, when it has thresholds. */
  readonly thresholds?: MetricThresholds;
  readonly missing: MissingDataPolicy;
  readonly timeoutMs: number;
}

/** How often watched conditions are read, in real milliseconds, for a run at `timeScale`. */
export function watchIntervalMs(timeScale: number): number {
  // Thirty seconds of plan time between readings, never faster than five readings a second.
  return Math.max(200, Math.min(30_000, 30_000 * timeScale));
}

/**
 * The interval of a background watch (rollback triggers, health checks), stretched so that one
 * round of their readings takes at most half of the run's time: however slow the readings,
 * the run itself always gets its turn between rounds.
 */
export function backgroundIntervalMs(intervalMs: number, roundMs: number): number {
  return Math.max(intervalMs, 2 * roundMs);
}

/**
 * A check bound to a command, read like a metric: 1 when the command exits 0 (the check
 * holds), 0 otherwise. Lets observations and rollback triggers watch bound prose the same
 * way they watch metrics.
 */
export function readBoundCheckAsMetric(text: string, command: string, timeoutMs: number): { metric: EngineMetric; condition: import("../plan/values/condition.js").Condition } {
  return {
    metric: {
      name: text,
      query: { kind: "command", command: `if ( ${command} ) >/dev/null 2>&1; then echo 1; else echo 0; fi` },
      unit: "ratio",
      missing: { kind: "fail" },
      timeoutMs,
    },
    condition: { metric: text, metricKey: text, op: "==", value: 1, percent: false },
  };
}
