import { describe, expect, it } from "vitest";
import { cleanupGraceMs, parseCleanupTiming, scheduleCleanupTask } from "./cleanup-timing.js";

const DAY = 86_400_000;
const WEEK = 7 * DAY;

describe("parseCleanupTiming", () => {
  it.each([
    // a single point in time: due then, overdue a day later
    ["1 week after migration", WEEK, WEEK + DAY],
    ["After 30 days", 30 * DAY, 31 * DAY],
    ["30 days post-migration", 30 * DAY, 31 * DAY],
    ["48 hours after the migration is complete.", 2 * DAY, 3 * DAY],
    // a range: due from its start, overdue past its end
    ["2-4 weeks after", 2 * WEEK, 4 * WEEK],
    ["2 to 4 weeks after cutover", 2 * WEEK, 4 * WEEK],
    // a deadline: due at once, overdue past it
    ["Within 3 days", 0, 3 * DAY],
    ["within 1-2 weeks after migration", 0, 2 * WEEK],
    // no number: due at completion
    ["Immediately after migration", 0, cleanupGraceMs],
    ["After migration", 0, cleanupGraceMs],
    ["post-migration", 0, cleanupGraceMs],
    ["immediately", 0, cleanupGraceMs],
  ])("reads %j", (text, dueAfterMs, overdueAfterMs) => {
    expect(parseCleanupTiming(text)).toEqual({ kind: "ok", value: { dueAfterMs, overdueAfterMs } });
  });

  it.each([
    ["Next sprint", 'cannot tell when "Next sprint" falls due; write it like "1 week after migration"'],
    ["1 month after migration", 'cannot tell when "1 month after migration" falls due: months and years vary in length; write days or weeks; write it like'],
    ["2 fortnights after", 'cannot tell when "2 fortnights after" falls due: unknown unit "fortnights"; use seconds, minutes, hours, days or weeks; write it like'],
  ])("says why it cannot read %j", (text, reason) => {
    const parsed = parseCleanupTiming(text);
    expect(parsed.kind).toBe("invalid");
    expect(parsed.kind === "invalid" && parsed.reason).toContain(reason);
  });
});

describe("scheduleCleanupTask", () => {
  it("counts from completion in plan time compressed by the run's time scale", () => {
    const completedAtMs = Date.parse("2026-03-01T10:00:00.000Z");
    const timing = { dueAfterMs: WEEK, overdueAfterMs: WEEK + DAY };
    expect(scheduleCleanupTask(timing, completedAtMs, 1)).toEqual({ dueAtMs: completedAtMs + WEEK, overdueAtMs: completedAtMs + WEEK + DAY });
    // A rehearsal at 0.000001: a week is about 0.6 s, the day's grace about 0.09 s.
    expect(scheduleCleanupTask(timing, completedAtMs, 0.000001)).toEqual({ dueAtMs: completedAtMs + 604.8, overdueAtMs: completedAtMs + 691.2 });
  });
});
