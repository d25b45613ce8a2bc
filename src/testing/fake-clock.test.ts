import { describe, expect, it } from "vitest";
import { FakeClock } from "./fake-clock.js";

/** Records, in order, which of the given sleeps have resolved so far. */
function track(sleeps: Record<string, Promise<void>>): string[] {
  const done: string[] = [];
  for (const [name, sleep] of Object.entries(sleeps)) void sleep.then(() => done.push(name));
  return done;
}

/** Lets every already-resolved promise run its callbacks. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("FakeClock", () => {
  it("reports the time it is given and only moves when told", () => {
    const clock = new FakeClock({ start: Date.UTC(2025, 0, 1) });
    expect(clock.now()).toBe(Date.UTC(2025, 0, 1));
    clock.advance(1500);
    expect(clock.now()).toBe(Date.UTC(2025, 0, 1) + 1500);
    clock.set(42);
    expect(clock.now()).toBe(42);
  });

  it("wakes a sleep only once time reaches its deadline", async () => {
    const clock = new FakeClock();
    const done = track({ sleep: clock.sleep(1000) });
    clock.advance(999);
    await settle();
    expect(done).toEqual([]);
    clock.advance(1);
    await settle();
    expect(done).toEqual(["sleep"]);
  });

  it("wakes every sleep passed by one move, earliest deadline first", async () => {
    const clock = new FakeClock();
    const done = track({ long: clock.sleep(300), short: clock.sleep(100), later: clock.sleep(10_000) });
    clock.advance(500);
    await settle();
    expect(done).toEqual(["short", "long"]);
    expect(clock.pendingSleeps()).toEqual([10_000]);
  });

  it("wakes sleeps when the time is set past their deadline, not when set back", async () => {
    const clock = new FakeClock({ start: 1000 });
    const done = track({ sleep: clock.sleep(50) });
    clock.set(0);
    await settle();
    expect(done).toEqual([]);
    clock.set(2000);
    await settle();
    expect(done).toEqual(["sleep"]);
  });

  it("resolves a sleep of zero or negative length at once", async () => {
    const clock = new FakeClock();
    const done = track({ zero: clock.sleep(0), negative: clock.sleep(-5) });
    await settle();
    expect(done).toEqual(["zero", "negative"]);
    expect(clock.pendingSleeps()).toEqual([]);
  });

  it("lists pending sleeps by deadline", () => {
    const clock = new FakeClock({ start: 100 });
    void clock.sleep(50);
    void clock.sleep(10);
    expect(clock.pendingSleeps()).toEqual([110, 150]);
  });

  it("resolves an aborted sleep early without moving time", async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const done = track({ sleep: clock.sleep(60_000, controller.signal) });
    controller.abort();
    await settle();
    expect(done).toEqual(["sleep"]);
    expect(clock.now()).toBe(0);
    expect(clock.pendingSleeps()).toEqual([]);
  });

  it("resolves a sleep with an already aborted signal at once", async () => {
    const clock = new FakeClock();
    const done = track({ sleep: clock.sleep(60_000, AbortSignal.abort()) });
    await settle();
    expect(done).toEqual(["sleep"]);
  });

  it("in autoAdvance mode jumps to each sleep's deadline, waking the sleeps it passes", async () => {
    const clock = new FakeClock();
    const done = track({ pending: clock.sleep(1000) });
    clock.autoAdvance = true;
    await clock.sleep(3 * 24 * 3600 * 1000);
    expect(clock.now()).toBe(3 * 24 * 3600 * 1000);
    await settle();
    expect(done).toEqual(["pending"]);
  });

  it("in autoAdvance mode runs a long polling loop without a test driving it", async () => {
    const clock = new FakeClock({ autoAdvance: true });
    let polls = 0;
    const end = clock.now() + 3 * 24 * 3600 * 1000;
    while (clock.now() < end) {
      polls++;
      await clock.sleep(60_000);
    }
    expect(polls).toBe(3 * 24 * 60);
  });

  it("refuses to move backwards through advance", () => {
    expect(() => new FakeClock().advance(-1)).toThrow(RangeError);
  });
});
