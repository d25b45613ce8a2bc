import { describe, expect, it } from "vitest";
import type { Activity } from "./build-activities.js";
import { buildSchedule, type ScheduledActivity } from "./build-schedule.js";

const HOUR = 3_600_000;

/** An activity lasting `hours` (a number, or [min, max]) after `dependsOn`. */
function activity(id: string, hours: number | [number, number], dependsOn: string[] = []): Activity {
  const [min, max] = typeof hours === "number" ? [hours, hours] : hours;
  return {
    id,
    kind: "step",
    phaseId: undefined,
    name: undefined,
    durationText: undefined,
    minMs: min * HOUR,
    maxMs: max * HOUR,
    observation: false,
    durationKnown: true,
    dependsOn,
  };
}

/** Times in hours, for reading: `{ es, slack }` with every duration at its min and at its max. */
function timesOf(activities: readonly ScheduledActivity[]) {
  return Object.fromEntries(
    activities.map(({ activity: a, min, max }) => [a.id, { es: [min.earliestStartMs / HOUR, max.earliestStartMs / HOUR], slack: [min.slackMs / HOUR, max.slackMs / HOUR] }]),
  );
}

describe("buildSchedule", () => {
  //      ┌─ B 3h ─┐
  // A 2h ┤        ├─ D 1h
  //      └─ C 1-2h┘
  const diamond = [activity("A", 2), activity("B", 3, ["A"]), activity("C", [1, 2], ["A"]), activity("D", 1, ["B", "C"])];

  it("gives a diamond its earliest starts, its slack and its critical path", () => {
    const schedule = buildSchedule(diamond);
    if (schedule.kind !== "schedule") throw new Error("expected a schedule");
    expect(schedule.totalMs).toEqual({ min: 6 * HOUR, max: 6 * HOUR });
    expect(schedule.criticalPath).toEqual(["A", "B", "D"]);
    expect(timesOf(schedule.activities)).toEqual({
      A: { es: [0, 0], slack: [0, 0] },
      B: { es: [2, 2], slack: [0, 0] },
      // C may slip 2h when it takes 1h, 1h when it takes 2h.
      C: { es: [2, 2], slack: [2, 1] },
      D: { es: [5, 5], slack: [0, 0] },
    });
  });

  it("computes min and max apart, so the critical path is the one with the longest durations", () => {
    const ranged = [activity("A", 2), activity("B", 3, ["A"]), activity("C", [1, 5], ["A"]), activity("D", 1, ["B", "C"])];
    const schedule = buildSchedule(ranged);
    if (schedule.kind !== "schedule") throw new Error("expected a schedule");
    expect(schedule.totalMs).toEqual({ min: 6 * HOUR, max: 8 * HOUR });
    expect(schedule.criticalPath).toEqual(["A", "C", "D"]);
    expect(timesOf(schedule.activities).B).toEqual({ es: [2, 2], slack: [0, 2] });
  });

  it("orders activities so each follows what it depends on, keeping the given order otherwise", () => {
    const schedule = buildSchedule([activity("late", 1, ["early"]), activity("free", 1), activity("early", 1)]);
    if (schedule.kind !== "schedule") throw new Error("expected a schedule");
    expect(schedule.activities.map((s) => s.activity.id)).toEqual(["free", "early", "late"]);
    expect(schedule.criticalPath).toEqual(["early", "late"]);
  });

  it("ignores dependencies on unknown ids", () => {
    const schedule = buildSchedule([activity("A", 1, ["ghost"])]);
    expect(schedule).toMatchObject({ kind: "schedule", totalMs: { min: HOUR, max: HOUR }, criticalPath: ["A"] });
  });

  it("has a zero total and no critical path when there is nothing to do", () => {
    expect(buildSchedule([])).toEqual({ kind: "schedule", activities: [], totalMs: { min: 0, max: 0 }, criticalPath: [] });
  });

  it("refuses a cycle and names it", () => {
    const schedule = buildSchedule([activity("A", 1, ["C"]), activity("B", 1, ["A"]), activity("C", 1, ["B"])]);
    expect(schedule).toEqual({ kind: "cyclic-schedule", cycles: [["A", "C", "B"]] });
  });
});
