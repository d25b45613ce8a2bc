import { invalid, ok, type ParseResult } from "./parse-result.js";
import { convertPercentToRatio } from "./percentage.js";

export type ComparisonOperator = "<" | "<=" | ">" | ">=" | "==" | "!=";

/**
 * A machine-checkable check, `<metric> <op> <number>[%|unit]` (SEMANTICS section 2).
 * `value` is a ratio when `percent` ("0.1%" -> 0.001); `unit` is kept as written ("ms").
 */
export type Condition = {
  metric: string;
  metricKey: string;
  op: ComparisonOperator;
  value: number;
  percent: boolean;
  unit?: string;
};

const OPERATORS: Readonly<Record<string, ComparisonOperator>> = {
  "<": "<",
  "<=": "<=",
  "≤": "<=",
  ">": ">",
  ">=": ">=",
  "≥": ">=",
  "==": "==",
  "=": "==",
  "!=": "!=",
  "≠": "!=",
};

const CONDITION = /^(?<metric>.+?)\s*(?<op><=|>=|==|!=|[<>=≤≥≠])\s*(?<sign>[-+]?)(?<digits>\d+(?:\.\d+)?|\.\d+)\s*(?<suffix>%|[a-zµ][a-zµ/]*)?$/iu;
// A metric name: a letter first, then letters, digits, spaces and _ - . / : ( )
const METRIC = /^[\p{L}_][\p{L}\p{N}_ .\-/:()]*$/u;

const EXPECTED = 'expected a condition like "Error rate < 0.1%": a metric, an operator (<, <=, >, >=, ==, !=) and a number';

/**
 * Parses "Error rate < 0.1%", "connections > 80%", "calculation_errors > 0",
 * "p99 latency < 250ms". "=" means "==", and "≤ ≥ ≠" are accepted. Prose such as
 * "Backup file exists" is invalid: the caller treats it as a reference or an attestation.
 */
export function parseCondition(text: string): ParseResult<Condition> {
  const normalized = text.trim().replace(/\s+/g, " ");
  if (normalized === "") return invalid(`the condition is empty; ${EXPECTED}`);
  const groups = CONDITION.exec(normalized)?.groups;
  if (!groups) return invalid(EXPECTED);
  const { metric = "", op = "", sign = "", digits = "", suffix } = groups;
  const operator = OPERATORS[op];
  if (operator === undefined || !METRIC.test(metric)) return invalid(EXPECTED);

  const percent = suffix === "%";
  const magnitude = percent ? convertPercentToRatio(digits) : Number(digits);
  const condition: Condition = {
    metric,
    metricKey: normalizeMetricKey(metric),
    op: operator,
    value: sign === "-" && magnitude !== 0 ? -magnitude : magnitude,
    percent,
  };
  if (suffix !== undefined && !percent) condition.unit = suffix;
  return ok(condition);
}

/**
 * The key under which metric names match: case and separators ignored, so
 * "Error rate", "error_rate", "error-rate" and "ErrorRate" all give "errorrate".
 */
export function normalizeMetricKey(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/**
 * Whether `observed` satisfies the condition. `observed` is in the condition's own terms:
 * a ratio when `percent`. NaN satisfies nothing, not even "!=", so an unmeasurable metric
 * never passes a gate. Equality tolerates floating-point noise (0.1 + 0.2 == 0.3).
 */
export function evaluateCondition(c: Condition, observed: number): boolean {
  if (Number.isNaN(observed)) return false;
  const equal = isNearlyEqual(observed, c.value);
  switch (c.op) {
    case "<":
      return observed < c.value && !equal;
    case "<=":
      return observed < c.value || equal;
    case ">":
      return observed > c.value && !equal;
    case ">=":
      return observed > c.value || equal;
    case "==":
      return equal;
    case "!=":
      return !equal;
  }
}

function isNearlyEqual(a: number, b: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
}
