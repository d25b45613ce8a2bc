import type { PlanPath } from "../../plan/plan-path.js";
import type { MonitoredMetric } from "../../plan/schema/plan-schema.js";
import { parseThreshold, type Threshold } from "../../plan/values/percentage.js";
import type { Finding } from "../diagnostic.js";
import type { LintRule } from "../lint-rule.js";

const FIELDS = ["normal_range", "alert_threshold", "critical_threshold"] as const;
type Field = (typeof FIELDS)[number];

interface Parsed {
  readonly field: Field;
  readonly text: string;
  readonly path: PlanPath;
  readonly threshold: Threshold;
}

function readBounds(threshold: Threshold): { low: number; high: number } {
  return threshold.kind === "range" ? { low: threshold.min, high: threshold.max } : { low: threshold.value, high: threshold.value };
}

function quote(entry: Parsed): string {
  return `${entry.field} ${JSON.stringify(entry.text)}`;
}

/** Percent and plain numbers cannot be compared: 5 might mean 5% or 500%. */
function checkUnits(metric: string, parsed: readonly Parsed[]): Finding[] {
  const [first] = parsed;
  if (first === undefined) return [];
  return parsed
    .filter((entry) => entry.threshold.percent !== first.threshold.percent)
    .map((entry) => ({
      path: entry.path,
      severity: "warning" as const,
      message: `${quote(entry)} of ${metric} ${entry.threshold.percent ? "has a %" : "has no %"} while ${quote(first)} ${first.threshold.percent ? "has one" : "does not"}; write every threshold of the metric in the same unit`,
    }));
}

/** SEMANTICS section 3: the side of the normal range the critical threshold lies on is the bad side. */
function checkDirection(metric: string, normal: Parsed, alert: Parsed, critical: Parsed): Finding | undefined {
  const n = readBounds(normal.threshold);
  const a = readBounds(alert.threshold);
  const c = readBounds(critical.threshold);
  if (c.low > n.high) {
    if (n.high <= a.low && a.high <= c.low) return undefined;
    return describeMisplacedAlert(metric, normal, alert, critical, "above", "higher");
  }
  if (c.high < n.low) {
    if (c.high <= a.low && a.high <= n.low) return undefined;
    return describeMisplacedAlert(metric, normal, alert, critical, "below", "lower");
  }
  return {
    path: critical.path,
    severity: "warning",
    message: `${quote(critical)} of ${metric} lies within ${quote(normal)}, so whether higher or lower is worse cannot be inferred; put the critical threshold outside the normal range`,
  };
}

function describeMisplacedAlert(metric: string, normal: Parsed, alert: Parsed, critical: Parsed, side: "above" | "below", worse: "higher" | "lower"): Finding {
  return {
    path: alert.path,
    severity: "warning",
    message: `${quote(alert)} of ${metric} is not between ${quote(normal)} and ${quote(critical)}; the critical threshold is ${side} the normal range, so ${worse} is worse and the alert should lie between the two`,
  };
}

function checkMetric(metric: MonitoredMetric, base: PlanPath, report: (finding: Finding) => void): void {
  const name = typeof metric.metric_name === "string" ? `metric ${JSON.stringify(metric.metric_name)}` : `the metric at migration_monitoring[${String(base[base.length - 1])}]`;
  const parsed: Parsed[] = [];
  for (const field of FIELDS) {
    const text = metric[field];
    if (typeof text !== "string") continue;
    const path = [...base, field];
    const result = parseThreshold(text);
    if (result.kind === "invalid") {
      report({ path, message: `${field} ${JSON.stringify(text)} of ${name} is not a threshold: ${result.reason}` });
    } else {
      parsed.push({ field, text, path, threshold: result.value });
    }
  }
  const units = checkUnits(name, parsed);
  units.forEach(report);
  const [normal, alert, critical] = FIELDS.map((field) => parsed.find((entry) => entry.field === field));
  if (units.length > 0 || normal === undefined || alert === undefined || critical === undefined) return;
  const direction = checkDirection(name, normal, alert, critical);
  if (direction !== undefined) report(direction);
}

export const thresholdFormatRule: LintRule = {
  id: "threshold-format",
  description: "Metric thresholds parse, use one unit, and put the alert between the normal range and the critical threshold.",
  category: "values",
  severity: "error",
  check({ plan }, report) {
    plan.monitoring_and_observability?.migration_monitoring?.forEach((metric, i) => checkMetric(metric, ["monitoring_and_observability", "migration_monitoring", i], report));
  },
};
