import type { PlanIndex } from "../plan/plan-index.js";
import type { Milestone } from "../plan/schema/plan-schema.js";
import { type IsoDate, parseIsoDate } from "../plan/values/iso-date.js";
import type { ScheduledActivity } from "./build-schedule.js";
import type { ProjectedMilestone } from "./plan-explanation.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Projects each milestone from the start: start + the latest finish among its dependencies
 * (steps, critical-path entries, phases, gates, other milestones), every duration at its
 * maximum. A phase finishes with its last step and a gate with its phase (gates take no
 * time on the plan's clock). A milestone is late when projected after its target; a bare
 * target date ("2025-10-11") allows the whole of that day, UTC. Milestones must not depend
 * on each other in a cycle (the caller checks); one that would is left unprojected.
 */
export function projectMilestones(milestones: readonly Milestone[], index: PlanIndex, scheduled: readonly ScheduledActivity[], startMs: number): ProjectedMilestone[] {
  const finishOf = new Map(scheduled.map((s) => [s.activity.id, s.max.earliestFinishMs]));
  for (const { phase, steps, gate } of index.phases) {
    const finish = Math.max(0, ...steps.map((s) => finishOf.get(s.step.step_id) ?? 0));
    if (!finishOf.has(phase.phase_id)) finishOf.set(phase.phase_id, finish);
    if (gate !== undefined && !finishOf.has(gate.gate_id)) finishOf.set(gate.gate_id, finish);
  }
  const byId = new Map(milestones.map((m) => [m.milestone_id, m]));
  const offsets = new Map<string, number | undefined>();
  const resolving = new Set<string>();

  const offsetOf = (id: string): number | undefined => {
    if (offsets.has(id)) return offsets.get(id);
    const milestone = byId.get(id);
    if (milestone === undefined || resolving.has(id)) return undefined;
    resolving.add(id);
    const finishes = (milestone.dependencies ?? []).flatMap((dep) => {
      const finish = finishOf.get(dep) ?? offsetOf(dep);
      return finish === undefined ? [] : [finish];
    });
    resolving.delete(id);
    const offset = finishes.length === 0 ? undefined : Math.max(...finishes);
    offsets.set(id, offset);
    return offset;
  };

  return milestones.map((milestone) => {
    const dependencies = milestone.dependencies ?? [];
    const offset = offsetOf(milestone.milestone_id);
    const projectedMs = offset === undefined ? undefined : startMs + offset;
    const target = milestone.target_date ? parseIsoDate(milestone.target_date) : undefined;
    const late = target?.kind !== "ok" || projectedMs === undefined ? null : isLate(projectedMs, target.value);
    return {
      milestone_id: milestone.milestone_id,
      name: milestone.name ?? null,
      target_date: milestone.target_date ?? null,
      projected_date: projectedMs === undefined ? null : new Date(projectedMs).toISOString(),
      late,
      dependencies,
      unresolved_dependencies: dependencies.filter((dep) => !finishOf.has(dep) && !byId.has(dep)),
    };
  });
}

function isLate(projectedMs: number, target: IsoDate): boolean {
  return target.hasTime ? projectedMs > target.epochMs : projectedMs >= target.epochMs + DAY_MS;
}
