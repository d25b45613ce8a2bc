import { describe, expect, it } from "vitest";
import { BackfillConfigError } from "./backfill-request.js";
import { BatchSizeTuner, resolveTuning, tuneBatchSize } from "./tune-batch-size.js";

const bounds = { targetBatchMs: 1000, minBatchSize: 100, maxBatchSize: 100_000 };

describe("tuneBatchSize", () => {
  it.each([
    ["keeps a batch on target", 1000, 1000, 1000, 1000],
    ["keeps a batch within 10% of the target", 1000, 1000, 1090, 1000],
    ["moves a batch just outside 10% of the target to the target's pace", 1000, 1000, 1250, 800],
    ["grows toward the target's pace", 1000, 1000, 800, 1250],
    ["grows at most twice in one step", 1000, 1000, 100, 2000],
    ["shrinks at most by half in one step", 1000, 1000, 10_000, 500],
    ["grows a full step when the batch took no measurable time", 1000, 1000, 0, 2000],
    ["judges a short page by its own rows' pace", 1000, 200, 100, 2000],
    ["stops at the maximum", 80_000, 80_000, 100, 100_000],
    ["stops at the minimum", 150, 150, 10_000, 100],
    ["keeps the size when a batch covered no rows", 1000, 0, 5000, 1000],
  ])("%s", (_label, current, rows, durationMs, expected) => {
    expect(tuneBatchSize({ current, rows, durationMs, bounds })).toBe(expected);
  });
});

describe("resolveTuning", () => {
  it("defaults the bounds to a tenth and ten times the batch size", () => {
    expect(resolveTuning(5000, { targetBatchMs: 200 })).toEqual({ targetBatchMs: 200, minBatchSize: 500, maxBatchSize: 50_000 });
    expect(resolveTuning(5, { targetBatchMs: 200 }).minBatchSize).toBe(1);
  });

  it.each([
    [{ targetBatchMs: 0 }],
    [{ targetBatchMs: Number.NaN }],
    [{ targetBatchMs: 100, minBatchSize: 0 }],
    [{ targetBatchMs: 100, minBatchSize: 500, maxBatchSize: 400 }],
    [{ targetBatchMs: 100, maxBatchSize: 2.5 }],
  ])("refuses %o", (tuning) => {
    expect(() => resolveTuning(1000, tuning)).toThrow(BackfillConfigError);
  });
});

describe("BatchSizeTuner", () => {
  it("keeps the batch size without tuning", () => {
    const tuner = new BatchSizeTuner(300, undefined);
    tuner.record(300, 1_000_000);
    expect(tuner.size).toBe(300);
  });

  it("starts within the bounds and follows the batches' durations", () => {
    const tuner = new BatchSizeTuner(50, bounds);
    expect(tuner.size).toBe(100);
    tuner.record(100, 250);
    expect(tuner.size).toBe(200);
    tuner.record(200, 400);
    expect(tuner.size).toBe(400);
    tuner.record(400, 800);
    expect(tuner.size).toBe(500);
  });
});
