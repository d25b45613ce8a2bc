import { describe, expect, it } from "vitest";
import { parseRateLimit, type RateLimit } from "./rate-limit.js";

describe("parseRateLimit", () => {
  it.each<[string, RateLimit]>([
    ["200 batches/minute", { amount: 200, unit: "batches", perMs: 60_000 }],
    ["50000 rows/second", { amount: 50_000, unit: "rows", perMs: 1_000 }],
    ["1000 rows per second", { amount: 1_000, unit: "rows", perMs: 1_000 }],
    ["10 batches/s", { amount: 10, unit: "batches", perMs: 1_000 }],
    ["5k rows/sec", { amount: 5_000, unit: "rows", perMs: 1_000 }],
    ["1.1k rows/sec", { amount: 1_100, unit: "rows", perMs: 1_000 }],
    ["2M rows/hour", { amount: 2_000_000, unit: "rows", perMs: 3_600_000 }],
    ["50,000 rows/s", { amount: 50_000, unit: "rows", perMs: 1_000 }],
    ["1 batch / min", { amount: 1, unit: "batches", perMs: 60_000 }],
    ["500 records per minute", { amount: 500, unit: "rows", perMs: 60_000 }],
    ["100 rows per 5 seconds", { amount: 100, unit: "rows", perMs: 5_000 }],
    ["3 batches/10s", { amount: 3, unit: "batches", perMs: 10_000 }],
    ["0.5 batches/second", { amount: 0.5, unit: "batches", perMs: 1_000 }],
    ["  200 Batches/Minute ", { amount: 200, unit: "batches", perMs: 60_000 }],
  ])("%j", (text, rateLimit) => {
    expect(parseRateLimit(text)).toEqual({ kind: "ok", value: rateLimit });
  });

  it.each([
    ["", "the rate limit is empty"],
    ["fast", 'expected a rate like "200 batches/minute" or "1000 rows per second"'],
    ["0 batches/minute", "a rate limit must allow more than zero"],
    ["10 rows per 0 seconds", "a rate limit must allow more than zero"],
    ["200 batches/fortnight", 'unknown period "fortnight"'],
    ["200 queries/minute", "expected a rate like"],
    ["200/minute", "expected a rate like"],
    ["-5 rows/s", "expected a rate like"],
    ["unlimited", "expected a rate like"],
  ])("%j is invalid: %s", (text, reasonPart) => {
    const result = parseRateLimit(text);
    expect(result.kind).toBe("invalid");
    expect(result.kind === "invalid" && result.reason).toContain(reasonPart);
  });
});
