import { describe, expect, it } from "vitest";
import { SystemClock } from "./system-clock.js";

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
