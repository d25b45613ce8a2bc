import { describe, expect, it } from "vitest";
import { convertPercentToRatio, parseAcceptanceThreshold, parseThreshold, type Threshold } from "./percentage.js";

describe("parseThreshold", () => {
  it.each<[string, Threshold]>([
    // the spec's own strings (monitoring_and_observability.migration_monitoring)
    ["0-0.1%", { kind: "range", min: 0, max: 0.001, percent: true }],
    ["0.5%", { kind: "value", value: 0.005, percent: true }],
    ["1%", { kind: "value", value: 0.01, percent: true }],
    ["100%", { kind: "value", value: 1, percent: true }],
    ["99.9%", { kind: "value", value: 0.999, percent: true }],
    ["99%", { kind: "value", value: 0.99, percent: true }],
    // plain numbers keep their value
    ["0", { kind: "value", value: 0, percent: false }],
    ["250", { kind: "value", value: 250, percent: false }],
    ["1.5", { kind: "value", value: 1.5, percent: false }],
    ["0-5", { kind: "range", min: 0, max: 5, percent: false }],
    // other ways to write a range
    ["0%-0.1%", { kind: "range", min: 0, max: 0.001, percent: true }],
    ["0 - 0.1 %", { kind: "range", min: 0, max: 0.001, percent: true }],
    ["0–0.1%", { kind: "range", min: 0, max: 0.001, percent: true }],
    ["10 to 20", { kind: "range", min: 10, max: 20, percent: false }],
    ["5-5%", { kind: "range", min: 0.05, max: 0.05, percent: true }],
    // over 100% is allowed: "latency at 150% of baseline"
    ["150%", { kind: "value", value: 1.5, percent: true }],
    [" 0.5% ", { kind: "value", value: 0.005, percent: true }],
  ])("%j", (text, threshold) => {
    expect(parseThreshold(text)).toEqual({ kind: "ok", value: threshold });
  });

  it.each([
    ["", "the threshold is empty"],
    ["0 minutes", "expected a value like"],
    ["100% uptime", "expected a value like"],
    ["< 0.1%", "not a comparison"],
    ["<= 5", "not a comparison"],
    ["-5", "expected a value like"],
    ["0.1-0%", "the range starts at 0.1 but ends at 0; write the smaller value first"],
    ["0%-0.1", "write % after both ends of a range or only after the last"],
    ["high", "expected a value like"],
  ])("%j is invalid: %s", (text, reasonPart) => {
    const result = parseThreshold(text);
    expect(result.kind).toBe("invalid");
    expect(result.kind === "invalid" && result.reason).toContain(reasonPart);
  });
});

describe("parseAcceptanceThreshold", () => {
  it.each([
    ["99.99% match", 0.9999],
    ["100%", 1],
    ["99.9% matching", 0.999],
    ["0.9999", 0.9999],
    ["1", 1],
    ["0", 0],
    ["0%", 0],
    ["99.99 % Match", 0.9999],
    ["95% matched", 0.95],
  ])("%j -> ratio %d", (text, ratio) => {
    expect(parseAcceptanceThreshold(text)).toEqual({ kind: "ok", value: { ratio } });
  });

  it.each([
    ["", "the acceptance threshold is empty"],
    ["100.5%", "cannot exceed 100%"],
    ["-1%", "cannot be negative"],
    ["-0.5", "cannot be negative"],
    ["99.99", 'a number without % is a ratio from 0 to 1; write "99.99%" or a ratio like "0.9999"'],
    ["all rows", 'expected a share of matching records like "99.99% match" or "0.9999"'],
    ["99.99% of rows", "expected a share of matching records"],
  ])("%j is invalid: %s", (text, reasonPart) => {
    const result = parseAcceptanceThreshold(text);
    expect(result.kind).toBe("invalid");
    expect(result.kind === "invalid" && result.reason).toContain(reasonPart);
  });
});

describe("convertPercentToRatio", () => {
  it.each([
    ["99.99", 0.9999],
    ["0.1", 0.001],
    ["0.5", 0.005],
    ["100", 1],
    ["12345", 123.45],
    [".5", 0.005],
    ["7", 0.07],
  ])("%j%% -> %d, with no rounding noise", (digits, ratio) => {
    expect(convertPercentToRatio(digits)).toBe(ratio);
  });
});
