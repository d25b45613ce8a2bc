import type { MonitorFrame } from "../../app/monitor/watch-metrics.js";
import { formatMetricValue } from "./monitor-table-reporter.js";

/**
 * A refresh for a log or a pipe: one line per metric, with the time of the refresh, so the
 * output can be grepped and appended to (a name with spaces is quoted): `2026-01-01T10:00:00.000Z error_rate 0.4% alert`.
 */
export function renderMonitorLines(frame: MonitorFrame): string {
  return frame.metrics
    .map((m) => `${frame.at} ${/\s/.test(m.name) ? JSON.stringify(m.name) : m.name} ${formatMetricValue(m)} ${m.state}${m.reason ? ` (${m.reason})` : ""}\n`)
    .join("");
}
