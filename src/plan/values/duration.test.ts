import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration.js";

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK = 604_800_000;

describe("parseDuration", () => {
  it.each([
    // the spec's own strings
    ["30 minutes", 30 * MIN, 30 * MIN, false],
    ["1 hour", HOUR, HOUR, false],
    ["2 hours", 2 * HOUR, 2 * HOUR, false],
    ["4 hours", 4 * HOUR, 4 * HOUR, false],
    ["2-3 hours", 7_200_000, 10_800_000, false],
    ["1 week", WEEK, WEEK, false],
    ["2 weeks", 2 * WEEK, 2 * WEEK, false],
    ["3 days observation", 3 * DAY, 3 * DAY, true],
    ["1 day observation", DAY, DAY, true],
    ["5 minutes", 5 * MIN, 5 * MIN, false],
    ["0 minutes", 0, 0, false],
    ["40 hours", 40 * HOUR, 40 * HOUR, false],
    ["48 hours", 48 * HOUR, 48 * HOUR, false],
    // compact units and other spellings
    ["90s", 90_000, 90_000, false],
    ["15m", 15 * MIN, 15 * MIN, false],
    ["2h", 2 * HOUR, 2 * HOUR, false],
    ["3d", 3 * DAY, 3 * DAY, false],
    ["1w", WEEK, WEEK, false],
    ["45 sec", 45_000, 45_000, false],
    ["10 mins", 10 * MIN, 10 * MIN, false],
    ["2 hrs", 2 * HOUR, 2 * HOUR, false],
    ["1.5 hours", 5_400_000, 5_400_000, false],
    ["0.1 hours", 360_000, 360_000, false],
    ["an hour", HOUR, HOUR, false],
    ["a day", DAY, DAY, false],
    ["1h 30m", 90 * MIN, 90 * MIN, false],
    ["1 hour and 30 minutes", 90 * MIN, 90 * MIN, false],
    // ranges
    ["2 to 3 hours", 2 * HOUR, 3 * HOUR, false],
    ["2–3 hours", 2 * HOUR, 3 * HOUR, false],
    ["2 - 3 hours", 2 * HOUR, 3 * HOUR, false],
    ["1 hour - 90 minutes", HOUR, 90 * MIN, false],
    ["2-3h", 2 * HOUR, 3 * HOUR, false],
    ["2 hours-2 hours", 2 * HOUR, 2 * HOUR, false],
    // observation, case and whitespace
    ["3 days of observation", 3 * DAY, 3 * DAY, true],
    ["1-2 weeks observation", WEEK, 2 * WEEK, true],
    ["  3 Days Observation ", 3 * DAY, 3 * DAY, true],
    ["30 MINUTES", 30 * MIN, 30 * MIN, false],
  ])("%j -> %d..%d ms, observation %s", (text, minMs, maxMs, observation) => {
    expect(parseDuration(text)).toEqual({ kind: "ok", value: { minMs, maxMs, observation } });
  });

  it.each([
    ["", "the duration is empty"],
    ["   ", "the duration is empty"],
    ["soon", "expected a duration like"],
    ["First 2 weeks", "expected a duration like"],
    ["-3 hours", "a duration cannot be negative"],
    ["3-2 hours", "the range starts at 3h but ends at 2h; write the smaller value first"],
    ["30", '"30" has no unit'],
    ["3 fortnights", 'unknown unit "fortnights"'],
    ["2 months", "months and years vary in length"],
    ["observation", "expected a duration like"],
    ["2-3-4 hours", "expected a duration like"],
    ["2 hours-3", "expected a duration like"],
    ["1 hour 30", "expected a duration like"],
  ])("%j is invalid: %s", (text, reasonStart) => {
    const result = parseDuration(text);
    expect(result.kind).toBe("invalid");
    expect(result.kind === "invalid" && result.reason).toContain(reasonStart);
  });

  it("names the accepted form in the generic reason", () => {
    expect(parseDuration("soon")).toEqual({
      kind: "invalid",
      reason: 'expected a duration like "30 minutes", "2-3 hours" or "1 week"',
    });
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [30 * MIN, "30m"],
    [2 * HOUR + 30 * MIN, "2h 30m"],
    [3 * DAY, "3d"],
    [WEEK + 2 * DAY, "1w 2d"],
    [90_000, "1m 30s"],
    [1_500, "1s 500ms"],
    [0.4, "0s"],
    [-5 * MIN, "-5m"],
    [Number.POSITIVE_INFINITY, "Infinity"],
  ])("%d ms -> %j", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("reads back through parseDuration", () => {
    expect(parseDuration(formatDuration(WEEK + 2 * DAY + 3 * HOUR))).toEqual({
      kind: "ok",
      value: { minMs: WEEK + 2 * DAY + 3 * HOUR, maxMs: WEEK + 2 * DAY + 3 * HOUR, observation: false },
    });
  });
});

describe("parseDuration on long input", () => {
  // This took most of a minute when a number could start at any digit of a long run.
  it("refuses 100,000 digits and a % at once", () => {
    expect(parseDuration(`${"9".repeat(100_000)}%`)).toEqual({ kind: "invalid", reason: 'expected a duration like "30 minutes", "2-3 hours" or "1 week"' });
  }, 5_000);

  it("still reads terms written back to back after a long number", () => {
    expect(parseDuration(`1h ${"0".repeat(100_000)}1 minutes`)).toEqual({ kind: "ok", value: { minMs: HOUR + MIN, maxMs: HOUR + MIN, observation: false } });
  });
});
