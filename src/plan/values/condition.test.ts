import { describe, expect, it } from "vitest";
import { type Condition, evaluateCondition, normalizeMetricKey, parseCondition } from "./condition.js";

describe("parseCondition", () => {
  it.each<[string, Condition]>([
    // the spec's own strings
    ["Error rate < 0.1%", { metric: "Error rate", metricKey: "errorrate", op: "<", value: 0.001, percent: true }],
    ["connections > 80%", { metric: "connections", metricKey: "connections", op: ">", value: 0.8, percent: true }],
    ["error_rate > 0.5%", { metric: "error_rate", metricKey: "errorrate", op: ">", value: 0.005, percent: true }],
    ["calculation_errors > 0", { metric: "calculation_errors", metricKey: "calculationerrors", op: ">", value: 0, percent: false }],
    ["Error rate > 1%", { metric: "Error rate", metricKey: "errorrate", op: ">", value: 0.01, percent: true }],
    // units are kept as written
    ["p99 latency < 250ms", { metric: "p99 latency", metricKey: "p99latency", op: "<", value: 250, percent: false, unit: "ms" }],
    ["disk usage <= 40 GB", { metric: "disk usage", metricKey: "diskusage", op: "<=", value: 40, percent: false, unit: "GB" }],
    ["throughput >= 100 rows/s", { metric: "throughput", metricKey: "throughput", op: ">=", value: 100, percent: false, unit: "rows/s" }],
    ["replica_lag_seconds > 5", { metric: "replica_lag_seconds", metricKey: "replicalagseconds", op: ">", value: 5, percent: false }],
    // every operator spelling
    ["errors = 0", { metric: "errors", metricKey: "errors", op: "==", value: 0, percent: false }],
    ["errors == 0", { metric: "errors", metricKey: "errors", op: "==", value: 0, percent: false }],
    ["errors != 0", { metric: "errors", metricKey: "errors", op: "!=", value: 0, percent: false }],
    ["errors ≠ 0", { metric: "errors", metricKey: "errors", op: "!=", value: 0, percent: false }],
    ["accuracy ≥ 99.9%", { metric: "accuracy", metricKey: "accuracy", op: ">=", value: 0.999, percent: true }],
    ["accuracy ≤ 99.9%", { metric: "accuracy", metricKey: "accuracy", op: "<=", value: 0.999, percent: true }],
    // spacing, signs and names with punctuation
    ["error_rate>0.5%", { metric: "error_rate", metricKey: "errorrate", op: ">", value: 0.005, percent: true }],
    ["  Error  rate  <  0.1 %  ", { metric: "Error rate", metricKey: "errorrate", op: "<", value: 0.001, percent: true }],
    ["balance delta > -5", { metric: "balance delta", metricKey: "balancedelta", op: ">", value: -5, percent: false }],
    ["job:errors:rate5m < .5", { metric: "job:errors:rate5m", metricKey: "joberrorsrate5m", op: "<", value: 0.5, percent: false }],
    ["Latency (p99) < 1s", { metric: "Latency (p99)", metricKey: "latencyp99", op: "<", value: 1, percent: false, unit: "s" }],
  ])("%j", (text, condition) => {
    expect(parseCondition(text)).toEqual({ kind: "ok", value: condition });
  });

  it.each([
    // prose from the spec: references and attestations, not conditions
    "Backup file exists",
    "STEP-3-1 successful",
    "No customer complaints",
    "Calculation errors detected",
    "Error rate stable",
    "5% of requests use discount code path",
    "> 10% of orders use discounts",
    // almost conditions
    "Error rate < 0.1% for 5 minutes",
    "Error rate < 0.1% and latency < 200ms",
    "0 < errors < 5",
    "errors < many",
    "errors =< 5",
  ])("%j is not a condition", (text) => {
    expect(parseCondition(text)).toEqual({
      kind: "invalid",
      reason: 'expected a condition like "Error rate < 0.1%": a metric, an operator (<, <=, >, >=, ==, !=) and a number',
    });
  });

  it("says when the condition is empty", () => {
    expect(parseCondition(" ")).toMatchObject({ kind: "invalid", reason: expect.stringMatching(/^the condition is empty/) });
  });
});

describe("normalizeMetricKey", () => {
  it.each([
    ["Error rate", "errorrate"],
    ["error_rate", "errorrate"],
    ["error-rate", "errorrate"],
    ["ErrorRate", "errorrate"],
    ["  ERROR.RATE ", "errorrate"],
    ["p99 latency", "p99latency"],
    ["Débit (rows/s)", "débitrowss"],
  ])("%j -> %j", (name, key) => {
    expect(normalizeMetricKey(name)).toBe(key);
  });
});

describe("evaluateCondition", () => {
  const condition = (text: string): Condition => {
    const result = parseCondition(text);
    if (result.kind !== "ok") throw new Error(result.reason);
    return result.value;
  };

  it.each([
    ["Error rate < 0.1%", 0.0005, true],
    ["Error rate < 0.1%", 0.001, false],
    ["Error rate < 0.1%", 0.002, false],
    ["error_rate > 0.5%", 0.006, true],
    ["error_rate > 0.5%", 0.005, false],
    ["connections >= 80%", 0.8, true],
    ["connections <= 80%", 0.8, true],
    ["calculation_errors > 0", 0, false],
    ["calculation_errors > 0", 1, true],
    ["errors == 0.3", 0.1 + 0.2, true],
    ["errors != 0.3", 0.1 + 0.2, false],
    ["errors < 0.3", 0.1 + 0.2, false],
    ["errors >= 0.3", 0.1 + 0.2, true],
    ["errors != 0", Number.NaN, false],
    ["errors < 5", Number.NaN, false],
    ["errors < 5", Number.NEGATIVE_INFINITY, true],
  ])("%j with %d observed -> %s", (text, observed, expected) => {
    expect(evaluateCondition(condition(text), observed)).toBe(expected);
  });
});
