import { setImmediate as settle } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../testing/fake-clock.js";
import { MemoryJournalStore } from "../../testing/memory-journal-store.js";
import { StepLogBuffer } from "./step-log-buffer.js";

describe("StepLogBuffer", () => {
  it("writes what it holds once its clock says the delay since the last write has passed", async () => {
    const clock = new FakeClock({ start: Date.UTC(2026, 0, 1) });
    const store = new MemoryJournalStore();
    const logs = new StepLogBuffer(store, "run-1", clock, 64 * 1024, 500);
    logs.add("S1", 1, "stdout", "a", clock.now());
    clock.advance(499);
    logs.add("S1", 1, "stdout", "b", clock.now());
    await settle();
    expect(await store.readLogs("run-1")).toEqual([]);

    clock.advance(1);
    logs.add("S1", 1, "stdout", "c", clock.now());
    await settle();
    expect(await store.readLogs("run-1")).toEqual([{ runId: "run-1", stepId: "S1", attempt: 1, stream: "stdout", text: "abc", at: "2026-01-01T00:00:00.000Z" }]);
  });

  it("writes at once when it holds more than its size limit, whatever the time", async () => {
    const clock = new FakeClock();
    const store = new MemoryJournalStore();
    const logs = new StepLogBuffer(store, "run-1", clock, 4, 500);
    logs.add("S1", 1, "stderr", "12345", clock.now());
    await settle();
    expect((await store.readLogs("run-1")).map((chunk) => chunk.text)).toEqual(["12345"]);
  });
});
