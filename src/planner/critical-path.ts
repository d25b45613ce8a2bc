import type { ScheduledActivity } from "./build-schedule.js";

/**
 * The chain of zero-slack activities that fixes the total duration, first activity first.
 * Traced back from the first activity (in `scheduled` order) that finishes last, each time
 * through the first dependency that finishes exactly when the current activity starts.
 * Where several chains are critical this names one, deterministically; the others show as
 * zero slack in the schedule. `scheduled` must be in a dependency-respecting order.
 */
export function criticalPath(scheduled: readonly ScheduledActivity[], durations: "min" | "max"): string[] {
  const byId = new Map(scheduled.map((s) => [s.activity.id, s]));
  const totalMs = Math.max(0, ...scheduled.map((s) => s[durations].earliestFinishMs));
  let current = scheduled.find((s) => s[durations].earliestFinishMs === totalMs && s[durations].slackMs === 0);
  const path: string[] = [];
  while (current !== undefined) {
    path.push(current.activity.id);
    const startMs = current[durations].earliestStartMs;
    current = current.activity.dependsOn
      .map((id) => byId.get(id))
      .filter((s): s is ScheduledActivity => s !== undefined)
      .sort((a, b) => scheduled.indexOf(a) - scheduled.indexOf(b))
      .find((s) => s[durations].earliestFinishMs === startMs && s[durations].slackMs === 0);
  }
  return path.reverse();
}
