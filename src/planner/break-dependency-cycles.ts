import type { Activity } from "./build-activities.js";
import { findCycles } from "./dependency-graph.js";
import type { PlanNote } from "./plan-explanation.js";

/**
 * Leaves out, from each cycle, the dependency that runs against the plan's order (an activity
 * depending on one listed after it; the earliest such), until no cycle is left, so the rest of
 * the timeline still schedules. Each cycle has one: its positions cannot fall all the way round.
 */
export function breakDependencyCycles(activities: readonly Activity[]): { activities: Activity[]; notes: PlanNote[] } {
  const position = new Map<string, number>();
  activities.forEach((a, i) => {
    if (!position.has(a.id)) position.set(a.id, i);
  });
  const at = (id: string) => position.get(id) ?? 0;
  let current = [...activities];
  const notes: PlanNote[] = [];
  for (;;) {
    const byId = new Map<string, Activity>();
    for (const activity of current) if (!byId.has(activity.id)) byId.set(activity.id, activity);
    const cycles = findCycles([...byId.keys()], (id) => (byId.get(id)?.dependsOn ?? []).filter((dep) => byId.has(dep)));
    if (cycles.length === 0) return { activities: current, notes };
    const dropped = new Map<string, Set<string>>();
    for (const cycle of cycles) {
      // ["A", "B"] means A depends on B, which depends on A.
      const edges = cycle.map((from, i) => ({ from, to: cycle[(i + 1) % cycle.length] as string }));
      const forward = edges.filter((e) => e.from === e.to || at(e.to) > at(e.from)).sort((a, b) => at(a.from) - at(b.from));
      const edge = forward[0] ?? (edges[0] as { from: string; to: string });
      dropped.set(edge.from, (dropped.get(edge.from) ?? new Set()).add(edge.to));
      const loop = [...cycle, cycle[0]].join(" → ");
      notes.push({
        kind: "dependency-cycle",
        subject: edge.from,
        message:
          edge.from === edge.to
            ? `${edge.from} depends on itself; the timeline leaves that dependency out`
            : `${edge.from} depends on ${edge.to}, which comes after it and closes the cycle ${loop}; the timeline leaves that dependency out`,
      });
    }
    current = current.map((a) => {
      const gone = dropped.get(a.id);
      return gone === undefined ? a : { ...a, dependsOn: a.dependsOn.filter((dep) => !gone.has(dep)) };
    });
  }
}
