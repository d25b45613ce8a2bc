import { describe, expect, it } from "vitest";
import { buildMetricThresholds, classifyReading, type MetricThresholds, type MetricUnit, type ThresholdTexts } from "./metric-thresholds.js";

const errorRate = { normal_range: "0-0.1%", alert_threshold: "0.5%", critical_threshold: "1%" };
const accuracy = { normal_range: "100%", alert_threshold: "99.9%", critical_threshold: "99%" };

function thresholdsOf(texts: ThresholdTexts, unit?: MetricUnit): MetricThresholds {
  const built = buildMetricThresholds(texts, unit);
  if (built.kind === "invalid") throw new Error(built.reason);
  return built.value;
}

function reasonOf(texts: ThresholdTexts, unit?: MetricUnit): string {
  const built = buildMetricThresholds(texts, unit);
  if (built.kind === "ok") throw new Error(`expected invalid thresholds, got ${JSON.stringify(built.value)}`);
  return built.reason;
}

describe("buildMetricThresholds", () => {
  it("reads the error rate example as ratios, higher is worse", () => {
    expect(thresholdsOf(errorRate)).toEqual({ direction: "higher-is-worse", unit: "ratio", normal: { min: 0, max: 0.001 }, alert: 0.005, critical: 0.01 });
  });

  it("reads the accuracy example as ratios, lower is worse", () => {
    expect(thresholdsOf(accuracy)).toEqual({ direction: "lower-is-worse", unit: "ratio", normal: { min: 1, max: 1 }, alert: 0.999, critical: 0.99 });
  });

  it("keeps % thresholds as ratios for a percent metric, and reads bare numbers in its unit", () => {
    expect(thresholdsOf(errorRate, "percent")).toMatchObject({ normal: { min: 0, max: 0.001 }, alert: 0.005, critical: 0.01 });
    expect(thresholdsOf({ normal_range: "0-0.1", alert_threshold: "0.5", critical_threshold: "1" }, "percent")).toMatchObject({
      normal: { min: 0, max: 0.001 },
      alert: 0.005,
      critical: 0.01,
    });
  });

  it("takes bare numbers as they are for a ratio metric (latency in ms)", () => {
    expect(thresholdsOf({ normal_range: "0-200", alert_threshold: "250", critical_threshold: "500" })).toEqual({
      direction: "higher-is-worse",
      unit: "ratio",
      normal: { min: 0, max: 200 },
      alert: 250,
      critical: 500,
    });
  });

  it("infers the direction from alert alone, or from critical beyond alert without a normal range", () => {
    expect(thresholdsOf({ normal_range: "0-0.1%", alert_threshold: "0.5%" })).toMatchObject({ direction: "higher-is-worse", alert: 0.005 });
    expect(thresholdsOf({ alert_threshold: "99.9%", critical_threshold: "99%" })).toMatchObject({ direction: "lower-is-worse" });
    expect(thresholdsOf({ normal_range: "100%", critical_threshold: "99%" })).toMatchObject({ direction: "lower-is-worse", critical: 0.99 });
  });

  it.each<[string, ThresholdTexts, string]>([
    ["nothing to compare against", { normal_range: "0-0.1%" }, "no alert_threshold or critical_threshold: there is nothing to compare a reading against"],
    [
      "no way to tell the direction",
      { critical_threshold: "1%" },
      "cannot tell whether higher or lower is worse: add normal_range, or both alert_threshold and critical_threshold",
    ],
    ["critical inside normal", { normal_range: "0-2%", critical_threshold: "1%" }, 'critical_threshold "1%" lies inside normal_range "0-2%"; it must be above or below it'],
    [
      "alert inside normal",
      { normal_range: "0-1%", alert_threshold: "0.5%", critical_threshold: "2%" },
      'alert_threshold "0.5%" lies inside normal_range "0-1%"; it must be above it',
    ],
    [
      "alert beyond critical",
      { normal_range: "0-0.1%", alert_threshold: "2%", critical_threshold: "1%" },
      'alert_threshold "2%" is above critical_threshold "1%", so it could never fire first; higher is worse here',
    ],
    [
      "alert beyond critical, lower is worse",
      { normal_range: "100%", alert_threshold: "98%", critical_threshold: "99%" },
      'alert_threshold "98%" is below critical_threshold "99%", so it could never fire first; higher is better here',
    ],
    ["a range as alert", { normal_range: "0-0.1%", alert_threshold: "0.5-1%" }, 'alert_threshold: write one value, like "0.5%", not a range'],
    ["an unreadable threshold", { normal_range: "low", critical_threshold: "1%" }, 'normal_range: expected a value like "0.5%" or "250", or a range like "0-0.1%"'],
  ])("refuses %s", (_name, texts, reason) => {
    expect(reasonOf(texts)).toBe(reason);
  });
});

describe("classifyReading", () => {
  it.each<[MetricUnit, number, string]>([
    ["ratio", 0, "normal"],
    ["ratio", 0.0004, "normal"],
    ["ratio", 0.003, "normal"],
    ["ratio", 0.005, "alert"],
    ["ratio", 0.007, "alert"],
    ["ratio", 0.01, "critical"],
    ["ratio", 0.2, "critical"],
    ["percent", 0.04, "normal"],
    ["percent", 0.4, "normal"],
    ["percent", 0.5, "alert"],
    ["percent", 0.7, "alert"],
    ["percent", 1, "critical"],
    ["percent", 20, "critical"],
  ])("error rate (normal 0-0.1%%, alert 0.5%%, critical 1%%): a %s reading of %d is %s", (unit, value, level) => {
    expect(classifyReading(thresholdsOf(errorRate, unit), value)).toBe(level);
  });

  it.each<[MetricUnit, number, string]>([
    ["ratio", 1, "normal"],
    ["ratio", 0.9995, "normal"],
    ["ratio", 0.999, "alert"],
    ["ratio", 0.995, "alert"],
    ["ratio", 0.99, "critical"],
    ["ratio", 0.5, "critical"],
    ["percent", 100, "normal"],
    ["percent", 99.95, "normal"],
    ["percent", 99.9, "alert"],
    ["percent", 99.5, "alert"],
    ["percent", 99, "critical"],
    ["percent", 12, "critical"],
  ])("accuracy (normal 100%%, alert 99.9%%, critical 99%%): a %s reading of %d is %s", (unit, value, level) => {
    expect(classifyReading(thresholdsOf(accuracy, unit), value)).toBe(level);
  });

  it("never calls an unmeasurable value normal", () => {
    expect(classifyReading(thresholdsOf(errorRate), Number.NaN)).toBe("critical");
    expect(classifyReading(thresholdsOf(accuracy), Number.NaN)).toBe("critical");
  });

  it("needs no critical threshold to alert", () => {
    const alertOnly = thresholdsOf({ normal_range: "0-200", alert_threshold: "250" });
    expect([100, 250, 10_000].map((ms) => classifyReading(alertOnly, ms))).toEqual(["normal", "alert", "alert"]);
  });
});
