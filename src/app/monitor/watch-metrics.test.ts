import { describe, expect, it } from "vitest";
import type { MetricProvider, MetricReading } from "../../ports/metric-provider.js";
import { FakeClock } from "../../testing/fake-clock.js";
import type { MonitorTarget } from "./list-monitored-metrics.js";
import { type MonitorFrame, watchMetrics } from "./watch-metrics.js";

const target: MonitorTarget = { name: "queue", source: { kind: "query", query: { kind: "command", command: "q" }, text: "command: q" }, unit: "ratio", timeoutMs: 100 };

/** Answers the readings given, in turn, then the last one again. */
function scriptedProvider(readings: readonly MetricReading[]): MetricProvider & { reads: number } {
  const provider = {
    reads: 0,
    read: async () => readings[Math.min(provider.reads++, readings.length - 1)] as MetricReading,
  };
  return provider;
}

const value = (v: number): MetricReading => ({ kind: "value", value: v, at: "2026-01-01T00:00:00.000Z" });

describe("watchMetrics", () => {
  it("keeps the last readings of each metric, oldest first, with null where there was no number", async () => {
    const frames: MonitorFrame[] = [];
    const clock = new FakeClock();
    const refreshes = await watchMetrics({
      targets: [target],
      provider: scriptedProvider([value(1), { kind: "empty" }, value(3), value(4)]),
      intervalMs: 0,
      historySize: 3,
      count: 4,
      onFrame: (frame) => frames.push(frame),
      now: () => clock.now(),
    });
    expect(refreshes).toBe(4);
    expect(frames.map((f) => f.refresh)).toEqual([1, 2, 3, 4]);
    expect(frames.map((f) => f.history[0])).toEqual([[1], [1, null], [1, null, 3], [null, 3, 4]]);
    expect(frames[1]?.metrics[0]).toMatchObject({ state: "no data", no_data: "empty" });
  });

  it("stops when its signal is aborted, without showing the refresh it cut short", async () => {
    const controller = new AbortController();
    const frames: MonitorFrame[] = [];
    const provider = scriptedProvider([value(1)]);
    const clock = new FakeClock();
    const refreshes = await watchMetrics({
      targets: [target],
      provider,
      intervalMs: 60_000,
      signal: controller.signal,
      now: () => clock.now(),
      onFrame: (frame) => {
        frames.push(frame);
        controller.abort();
      },
    });
    expect(refreshes).toBe(1);
    expect(frames).toHaveLength(1);
    expect(provider.reads).toBe(1);
  });

  it("stamps each frame with the time its refresh started, by the caller's clock", async () => {
    const clock = new FakeClock({ start: Date.UTC(2026, 2, 1, 9, 30) });
    const frames: MonitorFrame[] = [];
    const provider: MetricProvider = {
      read: async () => {
        clock.advance(1_500);
        return value(1);
      },
    };
    await watchMetrics({ targets: [target], provider, intervalMs: 1_000, count: 2, onFrame: (frame) => frames.push(frame), now: () => clock.now() });
    expect(frames.map((f) => f.at)).toEqual(["2026-03-01T09:30:00.000Z", "2026-03-01T09:30:01.500Z"]);
  });
});
