import { classifyReading, type MetricThresholds, type MetricUnit } from "../../engine/metric-thresholds.js";
import { describeMissingReading } from "../../engine/missing-data-policy.js";
import type { MetricProvider, MetricReading } from "../../ports/metric-provider.js";
import type { MonitorTarget } from "./list-monitored-metrics.js";

/**
 * Where a metric stands now:
 * - `normal`, `alert`, `critical`: a number, judged against the plan's thresholds;
 * - `no data`: the provider gave no number (`no_data` says how: empty, nan, error, timeout);
 * - `no thresholds`: a number, with nothing to judge it against;
 * - `not automatic`: nothing to read (prose `measurement_method`, no query).
 */
export type MonitorState = "normal" | "alert" | "critical" | "no data" | "no thresholds" | "not automatic";

/** One metric's reading as `bascule monitor --json` prints it (a stable shape). */
export interface MetricStatus {
  readonly name: string;
  /** `prometheus: …`, `command: …` or `sql: <system>: …`; null when not automatic. */
  readonly query: string | null;
  readonly unit: MetricUnit;
  /** As the provider read it, in `unit`; null without a number. */
  readonly value: number | null;
  readonly state: MonitorState;
  /** For `no data`: which kind of missing reading. */
  readonly no_data?: "empty" | "nan" | "error" | "timeout";
  /** Why there is no number, or no judgement. */
  readonly reason?: string;
  /** When the number was read. */
  readonly at?: string;
  /** Every number in the metric's own `unit`, so it compares directly with `value`; null when none. */
  readonly thresholds: {
    readonly direction: MetricThresholds["direction"];
    readonly normal: { readonly min: number; readonly max: number } | null;
    readonly alert: number | null;
    readonly critical: number | null;
    /** The plan's fields as written ("0-0.1%"). */
    readonly written: { readonly normal_range?: string; readonly alert_threshold?: string; readonly critical_threshold?: string };
  } | null;
}

/**
 * Reads every target once, all at the same time, each within its own timeout. Never throws
 * for a provider's failure: that is a `no data` status saying why.
 */
export async function readMetrics(targets: readonly MonitorTarget[], provider: MetricProvider, options: { signal?: AbortSignal } = {}): Promise<MetricStatus[]> {
  return Promise.all(
    targets.map(async (target) => {
      if (target.source.kind !== "query") return judgeMonitorReading(target, undefined);
      const reading = await provider.read(target.source.query, { timeoutMs: target.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
      return judgeMonitorReading(target, reading);
    }),
  );
}

/** A target's status for one reading (`undefined` for a target that cannot be read). */
export function judgeMonitorReading(target: MonitorTarget, reading: MetricReading | undefined): MetricStatus {
  const head = { name: target.name, query: target.source.kind === "query" ? target.source.text : null, unit: target.unit };
  const thresholds = describeThresholds(target);
  if (target.source.kind === "not-automatic" || reading === undefined) {
    const reason = target.source.kind === "not-automatic" ? target.source.reason : "nothing to read";
    return { ...head, value: null, state: "not automatic", reason, thresholds };
  }
  if (reading.kind !== "value") {
    return { ...head, value: null, state: "no data", no_data: reading.kind, reason: describeMissingReading(reading), thresholds };
  }
  if (target.thresholds === undefined) {
    return { ...head, value: reading.value, state: "no thresholds", reason: target.thresholdsProblem ?? "no thresholds", at: reading.at, thresholds };
  }
  return { ...head, value: reading.value, state: classifyReading(target.thresholds, reading.value), at: reading.at, thresholds };
}

function describeThresholds(target: MonitorTarget): MetricStatus["thresholds"] {
  const t = target.thresholds;
  if (t === undefined) return null;
  // Thresholds are kept as ratios; a percent metric reads 0.4 for 0.4%, so show them that way.
  const inUnit = (n: number) => (t.unit === "percent" ? Number((n * 100).toPrecision(12)) : n);
  return {
    direction: t.direction,
    normal: t.normal ? { min: inUnit(t.normal.min), max: inUnit(t.normal.max) } : null,
    alert: t.alert === undefined ? null : inUnit(t.alert),
    critical: t.critical === undefined ? null : inUnit(t.critical),
    written: {
      ...(target.written?.normal_range ? { normal_range: target.written.normal_range } : {}),
      ...(target.written?.alert_threshold ? { alert_threshold: target.written.alert_threshold } : {}),
      ...(target.written?.critical_threshold ? { critical_threshold: target.written.critical_threshold } : {}),
    },
  };
}
