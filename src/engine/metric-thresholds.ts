import { invalid, ok, type ParseResult } from "../plan/values/parse-result.js";
import { parseThreshold, type Threshold } from "../plan/values/percentage.js";

/**
 * What a metric reports: `ratio` (0.004 means 0.4%) or `percent` (0.4 means 0.4%).
 * @default "ratio"
 */
export type MetricUnit = "ratio" | "percent";

/**
 * A metric's thresholds, every number in comparison terms: a ratio for anything written
 * with % ("0.5%" is 0.005). `unit` says how to bring a reading to those terms.
 */
export interface MetricThresholds {
  readonly direction: "higher-is-worse" | "lower-is-worse";
  readonly unit: MetricUnit;
  readonly normal?: { readonly min: number; readonly max: number };
  readonly alert?: number;
  readonly critical?: number;
}

export type ReadingLevel = "normal" | "alert" | "critical";

/** The fields of a `migration_monitoring` entry that hold thresholds. */
export interface ThresholdTexts {
  readonly normal_range?: string | null;
  readonly alert_threshold?: string | null;
  readonly critical_threshold?: string | null;
}

/**
 * Builds a metric's thresholds. The direction is inferred, never assumed: a critical (else
 * alert) threshold above the normal range means higher is worse, below it lower is worse
 * (accuracy: normal "100%", alert "99.9%", critical "99%"). Without a normal range, critical
 * beyond alert gives the direction. A number written without % is in the metric's own unit,
 * so for a `percent` metric "1" means 1%, like "1%".
 */
export function buildMetricThresholds(texts: ThresholdTexts, unit: MetricUnit = "ratio"): ParseResult<MetricThresholds> {
  const normal = readThreshold(texts, "normal_range", unit);
  const alert = readThreshold(texts, "alert_threshold", unit);
  const critical = readThreshold(texts, "critical_threshold", unit);
  for (const read of [normal, alert, critical]) if (read.kind === "invalid") return read;
  const range = normal.kind === "ok" ? normal.value : undefined;
  const alertAt = alert.kind === "ok" ? single(alert.value) : undefined;
  const criticalAt = critical.kind === "ok" ? single(critical.value) : undefined;
  if (alertAt?.kind === "invalid") return invalid(`alert_threshold: ${alertAt.reason}`);
  if (criticalAt?.kind === "invalid") return invalid(`critical_threshold: ${criticalAt.reason}`);
  const a = alertAt?.value;
  const c = criticalAt?.value;

  const direction = inferDirection(range, a, c, texts);
  if (direction.kind === "invalid") return direction;
  const problem = checkOrder(direction.value, range, a, c, texts);
  if (problem !== undefined) return invalid(problem);
  return ok({
    direction: direction.value,
    unit,
    ...(range === undefined ? {} : { normal: range }),
    ...(a === undefined ? {} : { alert: a }),
    ...(c === undefined ? {} : { critical: c }),
  });
}

/**
 * Where a reading stands. Reaching a threshold counts as crossing it. A `percent` reading
 * is divided by 100 first. NaN is `critical`: an unmeasurable value must never look normal
 * (a reading of kind `nan` should not get here; see `decideOnMissing`).
 */
export function classifyReading(thresholds: MetricThresholds, value: number): ReadingLevel {
  if (Number.isNaN(value)) return "critical";
  const v = convertReading(thresholds.unit, value);
  const worse = thresholds.direction === "higher-is-worse" ? (limit: number) => v > limit || isNearlyEqual(v, limit) : (limit: number) => v < limit || isNearlyEqual(v, limit);
  if (thresholds.critical !== undefined && worse(thresholds.critical)) return "critical";
  if (thresholds.alert !== undefined && worse(thresholds.alert)) return "alert";
  return "normal";
}

/** A reading in comparison terms: a `percent` metric's 0.4 becomes 0.004. */
export function convertReading(unit: MetricUnit, value: number): number {
  return unit === "percent" ? value / 100 : value;
}

type Field = keyof ThresholdTexts;
type Range = { min: number; max: number };

function readThreshold(texts: ThresholdTexts, field: Field, unit: MetricUnit): ParseResult<Range> | { kind: "absent" } {
  const text = texts[field];
  if (typeof text !== "string" || text.trim() === "") return { kind: "absent" };
  const parsed = parseThreshold(text);
  if (parsed.kind === "invalid") return invalid(`${field}: ${parsed.reason}`);
  return ok(toRange(parsed.value, unit));
}

function toRange(threshold: Threshold, unit: MetricUnit): Range {
  // A bare number is in the metric's unit; a written % is already a ratio.
  const scale = (n: number) => (threshold.percent ? n : convertReading(unit, n));
  return threshold.kind === "range" ? { min: scale(threshold.min), max: scale(threshold.max) } : { min: scale(threshold.value), max: scale(threshold.value) };
}

function single(range: Range): ParseResult<number> {
  return range.min === range.max ? ok(range.min) : invalid('write one value, like "0.5%", not a range');
}

type Direction = MetricThresholds["direction"];

function inferDirection(normal: Range | undefined, alert: number | undefined, critical: number | undefined, texts: ThresholdTexts): ParseResult<Direction> {
  const worst = critical ?? alert;
  const worstField = critical === undefined ? "alert_threshold" : "critical_threshold";
  if (worst === undefined) return invalid("no alert_threshold or critical_threshold: there is nothing to compare a reading against");
  if (normal !== undefined) {
    if (worst > normal.max) return ok("higher-is-worse");
    if (worst < normal.min) return ok("lower-is-worse");
    return invalid(`${worstField} ${quote(texts[worstField])} lies inside normal_range ${quote(texts.normal_range)}; it must be above or below it`);
  }
  if (alert !== undefined && critical !== undefined && alert !== critical) return ok(critical > alert ? "higher-is-worse" : "lower-is-worse");
  return invalid("cannot tell whether higher or lower is worse: add normal_range, or both alert_threshold and critical_threshold");
}

function checkOrder(direction: Direction, normal: Range | undefined, alert: number | undefined, critical: number | undefined, texts: ThresholdTexts): string | undefined {
  const beyond = direction === "higher-is-worse" ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
  const word = direction === "higher-is-worse" ? "above" : "below";
  if (alert !== undefined && critical !== undefined && beyond(alert, critical)) {
    return `alert_threshold ${quote(texts.alert_threshold)} is ${word} critical_threshold ${quote(texts.critical_threshold)}, so it could never fire first; higher is ${direction === "higher-is-worse" ? "worse" : "better"} here`;
  }
  if (alert !== undefined && normal !== undefined) {
    const edge = direction === "higher-is-worse" ? normal.max : normal.min;
    if (!beyond(alert, edge) && !isNearlyEqual(alert, edge)) {
      return `alert_threshold ${quote(texts.alert_threshold)} lies inside normal_range ${quote(texts.normal_range)}; it must be ${word} it`;
    }
  }
  return undefined;
}

function quote(text: string | null | undefined): string {
  return JSON.stringify(text ?? "");
}

function isNearlyEqual(a: number, b: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
}
