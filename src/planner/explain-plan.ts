import { buildCheckVocabulary } from "../plan/check-kind.js";
import { indexPlan } from "../plan/plan-index.js";
import type { Plan } from "../plan/schema/plan-schema.js";
import { parseDuration } from "../plan/values/duration.js";
import { buildActivities } from "./build-activities.js";
import { buildRollbackMap } from "./build-rollback-map.js";
import { buildSchedule, type ScheduledActivity } from "./build-schedule.js";
import { checkConstraints } from "./check-constraints.js";
import { findCycles } from "./dependency-graph.js";
import { describeGates } from "./describe-gates.js";
import { describeOrder } from "./describe-order.js";
import { describeRollbackLevels } from "./describe-rollback-levels.js";
import { measureAutomation } from "./measure-automation.js";
import type { PlanExplanation, PlanNote, ScheduledEntry, ScheduleStart } from "./plan-explanation.js";
import { projectMilestones } from "./project-milestones.js";
import { toHours } from "./to-hours.js";

export interface ExplainPlanOptions {
  /** Where the timeline starts, chosen by the caller: the planner reads no clock. */
  readonly start: { readonly epochMs: number; readonly source: ScheduleStart["source"] };
}

/** A plan whose dependencies loop: no schedule exists, and each cycle is named. */
export interface CyclicPlan {
  readonly kind: "cyclic-plan";
  readonly graph: "critical path" | "milestones";
  /** Each cycle in edge order: `["A", "B"]` means A depends on B, which depends on A. */
  readonly cycles: readonly (readonly string[])[];
}

/**
 * Everything an approver asks before a migration runs, from the plan alone: the order,
 * the gates, the rollback map, the timeline with its critical path, the milestones, the
 * constraints and how much of the checking is automatic.
 */
export function explainPlan(plan: Plan, options: ExplainPlanOptions): PlanExplanation | CyclicPlan {
  const index = indexPlan(plan);
  const vocabulary = buildCheckVocabulary(plan, index);
  const network = buildActivities(plan, index);
  const schedule = buildSchedule(network.activities);
  if (schedule.kind === "cyclic-schedule") return { kind: "cyclic-plan", graph: "critical path", cycles: schedule.cycles };
  const milestones = plan.execution_timeline?.milestones ?? [];
  const milestoneIds = new Set(milestones.map((m) => m.milestone_id));
  const milestoneCycles = findCycles([...milestoneIds], (id) =>
    milestones.filter((m) => m.milestone_id === id).flatMap((m) => (m.dependencies ?? []).filter((dep) => milestoneIds.has(dep))),
  );
  if (milestoneCycles.length > 0) return { kind: "cyclic-plan", graph: "milestones", cycles: milestoneCycles };

  const startMs = options.start.epochMs;
  const bufferPercentage = plan.execution_timeline?.contingency_time?.buffer_percentage ?? 0;
  const withBuffer = (ms: number) => toHours(ms * (1 + bufferPercentage / 100));
  const notes: PlanNote[] = [...network.notes];
  noteOverviewEstimate(plan, schedule.totalMs, notes);

  return {
    kind: "plan-explanation",
    plan: {
      migration_name: plan.metadata?.migration_name ?? plan.migration_overview?.name ?? null,
      version: plan.metadata?.version ?? null,
      approach: plan.migration_overview?.approach ?? null,
      created_date: plan.metadata?.created_date ?? null,
      estimated_duration: plan.migration_overview?.estimated_duration ?? null,
    },
    start: { date: toIso(startMs), source: options.start.source },
    order: describeOrder(index, vocabulary, network.activities, plan),
    gates: describeGates(index, vocabulary),
    rollback_map: buildRollbackMap(index, plan),
    rollback_levels: describeRollbackLevels(plan, vocabulary),
    critical_path: {
      source: network.source,
      steps: schedule.criticalPath,
      duration_hours: { min: toHours(schedule.totalMs.min), max: toHours(schedule.totalMs.max) },
    },
    buffer_percentage: bufferPercentage,
    duration_with_buffer_hours: { min: withBuffer(schedule.totalMs.min), max: withBuffer(schedule.totalMs.max) },
    projected_finish: { min: toIso(startMs + schedule.totalMs.min), max: toIso(startMs + schedule.totalMs.max) },
    schedule: schedule.activities.map((s) => describeScheduled(s, startMs)),
    milestones: projectMilestones(milestones, index, schedule.activities, startMs),
    constraints: checkConstraints(plan, startMs),
    automation_coverage: measureAutomation(plan, vocabulary),
    notes,
  };
}

function describeScheduled({ activity, min, max }: ScheduledActivity, startMs: number): ScheduledEntry {
  return {
    step_id: activity.id,
    kind: activity.kind,
    phase_id: activity.phaseId ?? null,
    name: activity.name ?? null,
    duration: activity.durationText ?? null,
    duration_hours: { min: toHours(activity.minMs), max: toHours(activity.maxMs) },
    observation: activity.observation,
    depends_on: activity.dependsOn,
    earliest_start_hours: { min: toHours(min.earliestStartMs), max: toHours(max.earliestStartMs) },
    latest_start_hours: { min: toHours(min.latestStartMs), max: toHours(max.latestStartMs) },
    slack_hours: { min: toHours(min.slackMs), max: toHours(max.slackMs) },
    critical: max.slackMs === 0,
    start_date: { min: toIso(startMs + min.earliestStartMs), max: toIso(startMs + max.earliestStartMs) },
    finish_date: { min: toIso(startMs + min.earliestFinishMs), max: toIso(startMs + max.earliestFinishMs) },
  };
}

/** The overview's `estimated_duration` against the schedule: a cross-check, like a phase's estimate. */
function noteOverviewEstimate(plan: Plan, totalMs: { min: number; max: number }, notes: PlanNote[]): void {
  const text = plan.migration_overview?.estimated_duration;
  const parsed = text ? parseDuration(text) : undefined;
  if (parsed?.kind !== "ok" || (totalMs.min <= parsed.value.maxMs && parsed.value.minMs <= totalMs.max)) return;
  const hours = (ms: number) => `${toHours(ms)}h`;
  const total = totalMs.min === totalMs.max ? hours(totalMs.max) : `${hours(totalMs.min)}-${hours(totalMs.max)}`;
  notes.push({
    kind: "estimate-mismatch",
    subject: "migration_overview",
    message: `migration_overview.estimated_duration is "${text}" but the schedule adds up to ${total}`,
  });
}

function toIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
