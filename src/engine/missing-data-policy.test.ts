import { describe, expect, it } from "vitest";
import { decideOnMissing, defaultMissingDataPolicy, type MissingReading } from "./missing-data-policy.js";

const empty: MissingReading = { kind: "empty" };
const nan: MissingReading = { kind: "nan", raw: "NaN" };
const error: MissingReading = { kind: "error", message: "connection refused: http://127.0.0.1:9090" };
const timeout: MissingReading = { kind: "timeout", timeoutMs: 10_000 };

describe("decideOnMissing", () => {
  it("fail: fails at the first miss, naming the metric and the kind of miss", () => {
    expect(decideOnMissing({ kind: "fail" }, [empty], "Error rate")).toEqual({
      kind: "fail",
      reason: 'metric "Error rate" has no reading: empty: the provider returned no data',
    });
    expect(decideOnMissing({ kind: "fail" }, [timeout], "Error rate")).toEqual({
      kind: "fail",
      reason: 'metric "Error rate" has no reading: timeout: no answer within 10s',
    });
  });

  it("pause: pauses at the first miss for a person", () => {
    expect(decideOnMissing({ kind: "pause" }, [nan], "accuracy")).toEqual({
      kind: "pause",
      inconclusive: false,
      reason: 'metric "accuracy" has no reading (nan: the provider returned "NaN", not a number); a person must decide',
    });
  });

  it("inconclusive: retries until the tries run out, then pauses naming every miss; never a pass", () => {
    const policy = { kind: "inconclusive", tries: 3 } as const;
    expect(decideOnMissing(policy, [error], "Error rate")).toEqual({ kind: "retry" });
    expect(decideOnMissing(policy, [error, empty], "Error rate")).toEqual({ kind: "retry" });
    expect(decideOnMissing(policy, [error, empty, timeout], "Error rate")).toEqual({
      kind: "pause",
      inconclusive: true,
      reason:
        'metric "Error rate" is inconclusive: all 3 readings had no number (error: connection refused: http://127.0.0.1:9090; empty: the provider returned no data; timeout: no answer within 10s); the check neither passed nor failed, so a person must decide',
    });
  });

  it("inconclusive with one try pauses at the first miss", () => {
    expect(decideOnMissing({ kind: "inconclusive", tries: 1 }, [nan], "m")).toMatchObject({
      kind: "pause",
      inconclusive: true,
      reason: expect.stringContaining("its reading had no number (nan:"),
    });
  });

  it("names only the last `tries` misses when more were counted", () => {
    const decision = decideOnMissing({ kind: "inconclusive", tries: 2 }, [empty, nan, timeout], "m");
    expect(decision).toMatchObject({ kind: "pause", reason: expect.stringContaining('(nan: the provider returned "NaN", not a number; timeout:') });
  });

  it("has nothing to decide before a miss", () => {
    expect(decideOnMissing({ kind: "fail" }, [], "m")).toEqual({ kind: "retry" });
  });

  it("defaults to inconclusive after 3 tries", () => {
    expect(defaultMissingDataPolicy).toEqual({ kind: "inconclusive", tries: 3 });
    expect(decideOnMissing(defaultMissingDataPolicy, [empty, empty], "m").kind).toBe("retry");
    expect(decideOnMissing(defaultMissingDataPolicy, [empty, empty, empty], "m").kind).toBe("pause");
  });
});
