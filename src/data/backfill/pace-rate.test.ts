import { describe, expect, it } from "vitest";
import { RatePacer } from "./pace-rate.js";

describe("RatePacer", () => {
  it("spaces batch starts evenly under a batches limit", () => {
    const pacer = new RatePacer({ amount: 200, unit: "batches", perMs: 60_000 }, 1000);
    expect(pacer.earliestNextStart()).toBe(1000);
    pacer.recordBatch(10_000, 1000);
    expect(pacer.earliestNextStart()).toBe(1300);
    pacer.recordBatch(10_000, 1300);
    expect(pacer.earliestNextStart()).toBe(1600);
  });

  it("waits after a batch in proportion to its rows under a rows limit", () => {
    const pacer = new RatePacer({ amount: 50_000, unit: "rows", perMs: 1000 }, 0);
    pacer.recordBatch(500, 0);
    expect(pacer.earliestNextStart()).toBe(10);
  });

  it("saves no allowance up during a pause, so no burst follows it", () => {
    const pacer = new RatePacer({ amount: 200, unit: "batches", perMs: 60_000 }, 0);
    pacer.recordBatch(1, 0);
    // Ten minutes paused: the next batch starts at once, the one after it a full interval later.
    pacer.recordBatch(1, 600_000);
    expect(pacer.earliestNextStart()).toBe(600_300);
  });

  it("never waits without a limit", () => {
    const pacer = new RatePacer(undefined, 50);
    pacer.recordBatch(1_000_000, 50);
    expect(pacer.earliestNextStart()).toBe(50);
  });
});
