import { describe, expect, it } from "vitest";
import { FakeClock } from "../testing/fake-clock.js";
import { ScaledClock, SystemClock } from "./system-clock.js";

/** Resolves with the order in which the named promises finished. */
async function finishOrder(promises: Record<string, Promise<void>>): Promise<string[]> {
  const order: string[] = [];
  await Promise.all(Object.entries(promises).map(([name, promise]) => promise.then(() => order.push(name))));
  return order;
}

describe("SystemClock", () => {
  const clock = new SystemClock();

  it("reads the real time", () => {
    const before = Date.now();
    const now = clock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it("wakes shorter sleeps before longer ones", async () => {
    expect(await finishOrder({ long: clock.sleep(200), short: clock.sleep(10) })).toEqual(["short", "long"]);
  });

  it("sleeps at least until its time has passed", async () => {
    const before = clock.now();
    await clock.sleep(30);
    expect(clock.now()).toBeGreaterThan(before);
  });

  it("resolves early without throwing when the signal aborts", async () => {
    const controller = new AbortController();
    const sleeping = clock.sleep(60_000, controller.signal);
    setTimeout(() => controller.abort(), 10);
    expect(await finishOrder({ aborted: sleeping, ticker: clock.sleep(1_000) })).toEqual(["aborted", "ticker"]);
  });

  it("resolves at once for an already aborted signal or a non-positive duration", async () => {
    const order = await finishOrder({
      aborted: clock.sleep(60_000, AbortSignal.abort()),
      zero: clock.sleep(0),
      ticker: clock.sleep(20),
    });
    expect(order.slice(2)).toEqual(["ticker"]);
  });
});

describe("ScaledClock", () => {
  it("compresses a long sleep so it ends before a short real one", async () => {
    const scaled = new ScaledClock(new SystemClock(), 0.0001);
    const real = new SystemClock();
    expect(await finishOrder({ real: real.sleep(1_000), scaled: scaled.sleep(1_000_000) })).toEqual(["scaled", "real"]);
  });

  it("sleeps the scaled duration of the inner clock", async () => {
    const inner = new FakeClock({ start: 1000 });
    const scaled = new ScaledClock(inner, 0.5);
    const sleeping = scaled.sleep(400);
    expect(inner.pendingSleeps()).toEqual([1200]);
    inner.advance(200);
    await sleeping;
  });

  it("keeps the inner clock's time, so journaled deadlines stay real", () => {
    const inner = new FakeClock({ start: 1_700_000_000_000 });
    expect(new ScaledClock(inner, 0.0001).now()).toBe(1_700_000_000_000);
  });

  it("passes the abort signal to the inner clock", async () => {
    const inner = new FakeClock();
    const controller = new AbortController();
    const sleeping = new ScaledClock(inner, 0.01).sleep(1_000_000, controller.signal);
    controller.abort();
    await sleeping;
    expect(inner.pendingSleeps()).toEqual([]);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("refuses the scale %s", (scale) => {
    expect(() => new ScaledClock(new SystemClock(), scale)).toThrow(RangeError);
  });
});
