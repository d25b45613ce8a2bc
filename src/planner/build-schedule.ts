import type { Activity } from "./build-activities.js";
import { criticalPath } from "./critical-path.js";
import { findCycles } from "./dependency-graph.js";

/** CPM times of one activity, in ms from the start of the migration. */
export interface ActivityTimes {
  readonly earliestStartMs: number;
  readonly earliestFinishMs: number;
  readonly latestStartMs: number;
  readonly latestFinishMs: number;
  /** How long the activity can slip without moving the end: `latestStart - earliestStart`. */
  readonly slackMs: number;
}

export interface ScheduledActivity {
  readonly activity: Activity;
  /** With every duration at its minimum. */
  readonly min: ActivityTimes;
  /** With every duration at its maximum. */
  readonly max: ActivityTimes;
}

export type Schedule =
  | {
      readonly kind: "schedule";
      /** In a dependency-respecting order, ties kept in the activities' order. */
      readonly activities: readonly ScheduledActivity[];
      readonly totalMs: { readonly min: number; readonly max: number };
      /** The longest path with every duration at its maximum, first activity first. */
      readonly criticalPath: readonly string[];
    }
  | { readonly kind: "cyclic-schedule"; readonly cycles: readonly (readonly string[])[] };

/**
 * The critical path method, run twice: once with every duration at its minimum and once at
 * its maximum, so totals, start times and slack are ranges. A forward pass gives earliest
 * starts and the total; a backward pass from the total gives latest starts and slack.
 * Dependencies on ids that are no activity are ignored; a cycle makes a schedule impossible.
 */
export function buildSchedule(activities: readonly Activity[]): Schedule {
  const byId = new Map<string, Activity>();
  for (const activity of activities) if (!byId.has(activity.id)) byId.set(activity.id, activity);
  const dependenciesOf = (id: string) => (byId.get(id)?.dependsOn ?? []).filter((dep) => byId.has(dep));
  const cycles = findCycles([...byId.keys()], dependenciesOf);
  if (cycles.length > 0) return { kind: "cyclic-schedule", cycles };

  const ordered = sortTopologically([...byId.values()], dependenciesOf);
  const min = runPasses(ordered, dependenciesOf, (a) => a.minMs);
  const max = runPasses(ordered, dependenciesOf, (a) => a.maxMs);
  const scheduled = ordered.map((activity) => ({
    activity,
    min: min.times.get(activity.id) as ActivityTimes,
    max: max.times.get(activity.id) as ActivityTimes,
  }));
  return {
    kind: "schedule",
    activities: scheduled,
    totalMs: { min: min.totalMs, max: max.totalMs },
    criticalPath: criticalPath(scheduled, "max"),
  };
}

/** Kahn's algorithm; among activities ready together, the one listed first goes first. */
function sortTopologically(activities: readonly Activity[], dependenciesOf: (id: string) => readonly string[]): Activity[] {
  const position = new Map(activities.map((a, i) => [a.id, i]));
  const waiting = new Map(activities.map((a) => [a.id, new Set(dependenciesOf(a.id))]));
  const dependents = new Map<string, string[]>();
  for (const a of activities) for (const dep of dependenciesOf(a.id)) dependents.set(dep, [...(dependents.get(dep) ?? []), a.id]);
  const ready = activities.filter((a) => waiting.get(a.id)?.size === 0).map((a) => a.id);
  const ordered: Activity[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    const id = ready.shift() as string;
    ordered.push(activities[position.get(id) ?? 0] as Activity);
    for (const dependent of dependents.get(id) ?? []) {
      const left = waiting.get(dependent);
      left?.delete(id);
      if (left?.size === 0) ready.push(dependent);
    }
  }
  return ordered;
}

function runPasses(
  ordered: readonly Activity[],
  dependenciesOf: (id: string) => readonly string[],
  durationOf: (activity: Activity) => number,
): { times: Map<string, ActivityTimes>; totalMs: number } {
  const earliestFinish = new Map<string, number>();
  for (const activity of ordered) {
    const start = Math.max(0, ...dependenciesOf(activity.id).map((dep) => earliestFinish.get(dep) ?? 0));
    earliestFinish.set(activity.id, start + durationOf(activity));
  }
  const totalMs = Math.max(0, ...earliestFinish.values());

  const latestStart = new Map<string, number>();
  const times = new Map<string, ActivityTimes>();
  const successors = new Map<string, string[]>();
  for (const a of ordered) for (const dep of dependenciesOf(a.id)) successors.set(dep, [...(successors.get(dep) ?? []), a.id]);
  for (const activity of [...ordered].reverse()) {
    const latestFinishMs = Math.min(totalMs, ...(successors.get(activity.id) ?? []).map((s) => latestStart.get(s) ?? totalMs));
    const duration = durationOf(activity);
    const earliestFinishMs = earliestFinish.get(activity.id) ?? duration;
    const earliestStartMs = earliestFinishMs - duration;
    const latestStartMs = latestFinishMs - duration;
    latestStart.set(activity.id, latestStartMs);
    times.set(activity.id, { earliestStartMs, earliestFinishMs, latestStartMs, latestFinishMs, slackMs: latestStartMs - earliestStartMs });
  }
  return { times, totalMs };
}
