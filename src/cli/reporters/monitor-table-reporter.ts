import type { MetricStatus, MonitorState } from "../../app/monitor/read-metrics.js";
import { renderSparkline } from "./monitor-sparkline.js";

export interface MonitorTableOptions {
  readonly color: boolean;
  /** Per metric, in order: its last readings, drawn as a sparkline column when given. */
  readonly history?: readonly (readonly (number | null)[])[];
}

const tones: Record<MonitorState, string> = {
  normal: "\x1b[32m",
  alert: "\x1b[33m",
  critical: "\x1b[1;31m",
  "no data": "\x1b[35m",
  "no thresholds": "\x1b[2m",
  "not automatic": "\x1b[2m",
};

/**
 * Every metric on one row: its value, state and thresholds as the plan wrote them, then a
 * note per metric that has no number or no judgement, saying why.
 */
export function renderMonitorTable(metrics: readonly MetricStatus[], options: MonitorTableOptions): string {
  if (metrics.length === 0) {
    return "no metrics to monitor: the plan has no migration_monitoring entries and the bindings bind no metrics\n";
  }
  const header = ["METRIC", "VALUE", "STATE", "NORMAL", "ALERT", "CRITICAL", ...(options.history ? ["HISTORY"] : [])];
  const rows = metrics.map((m, i) => {
    const written = m.thresholds?.written;
    return [
      m.name,
      formatMetricValue(m),
      m.state,
      written?.normal_range ?? "–",
      written?.alert_threshold ?? "–",
      written?.critical_threshold ?? "–",
      ...(options.history ? [renderSparkline(options.history[i] ?? [])] : []),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: readonly string[], state?: MonitorState) =>
    cells
      .map((cell, c) => {
        const padded = c === cells.length - 1 ? cell : cell.padEnd(widths[c] ?? 0);
        return c === 2 && state && options.color ? `${tones[state]}${padded}\x1b[0m` : padded;
      })
      .join("  ")
      .trimEnd();
  const lines = [line(header), ...rows.map((row, i) => line(row, metrics[i]?.state))];
  const notes = metrics.filter((m) => m.reason !== undefined).map((m) => `  ${m.name}: ${m.reason}`);
  return `${[...lines, ...(notes.length > 0 ? ["", ...notes] : [])].join("\n")}\n`;
}

/**
 * A value as a person reads it: as a percentage when the metric is in percent or its
 * thresholds are written with %, so 0.004 against "0.5%" shows as 0.4%.
 */
export function formatMetricValue(m: Pick<MetricStatus, "value" | "unit" | "thresholds">): string {
  if (m.value === null) return "–";
  if (m.unit === "percent") return `${formatNumber(m.value)}%`;
  const written = m.thresholds?.written;
  const percentish = [written?.normal_range, written?.alert_threshold, written?.critical_threshold].some((t) => t?.includes("%"));
  return percentish ? `${formatNumber(m.value * 100)}%` : formatNumber(m.value);
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(4)));
}
