import type { MissingFiles } from "../lint/missing-files.js";
import { type BindingsVocabulary, buildCheckVocabulary } from "../plan/check-kind.js";
import { indexPlan } from "../plan/plan-index.js";
import type { Plan } from "../plan/schema/plan-schema.js";
import { parseDuration } from "../plan/values/duration.js";
import { breakDependencyCycles } from "./break-dependency-cycles.js";
import { buildActivities } from "./build-activities.js";
import { buildRollbackMap } from "./build-rollback-map.js";
import { buildSchedule, type ScheduledActivity } from "./build-schedule.js";
import { checkConstraints } from "./check-constraints.js";
import { findCycles } from "./dependency-graph.js";
import { describeAssurance, type RunSectionLookup } from "./describe-assurance.js";
import { describeCompletion } from "./describe-completion.js";
import { describeGates } from "./describe-gates.js";
import { describeOrder } from "./describe-order.js";
import { describeRollbackLevels } from "./describe-rollback-levels.js";
import { measureAutomation } from "./measure-automation.js";
import { explainMissingFiles } from "./explain-missing-files.js";
import type { PlanExplanation, PlanNote, ScheduledEntry, ScheduleStart } from "./plan-explanation.js";
import { projectMilestones } from "./project-milestones.js";
import { toHours } from "./to-hours.js";

export interface ExplainPlanOptions {
  /** Where the timeline starts, chosen by the caller: the planner reads no clock. */
  readonly start: { readonly epochMs: number; readonly source: ScheduleStart["source"] };
  /** The bindings' metrics and checks, which make more checks automatic, exactly as lint counts them. */
  readonly bindings?: BindingsVocabulary;
  /** What the plan's folder lacks, found by the caller (the planner reads no files). */
  readonly missingFiles?: MissingFiles;
  /**
   * Whether a path, relative to the plan's folder, is an executable file inside its tree: a
   * regression suite's `location` then runs. @default every path is not (the suite is attested)
   */
  readonly isExecutableInTree?: (path: string) => boolean;
  /** Whether a dataset's file has an `execution` block, so a run executes it. @default none does (each is attested) */
  readonly isExecutableDataset?: (datasetId: string) => boolean;
}

/**
 * Everything an approver asks before a migration runs, from the plan alone: the order,
 * the gates, the rollback map, the timeline with its critical path, the milestones, the
 * constraints, how much of the checking is automatic and which files are missing, and what the
 * run does with the sections beside its phases (SEMANTICS 11.1, 11.3). A plan
 * with lint errors is explained all the same, as far as it can be read: a dependency that
 * closes a cycle is left out of the timeline, with a note.
 */
export function explainPlan(plan: Plan, options: ExplainPlanOptions): PlanExplanation {
  const index = indexPlan(plan);
  const vocabulary = buildCheckVocabulary(plan, index, options.bindings);
  const network = buildActivities(plan, index);
  const notes: PlanNote[] = [...network.notes];
  let activities = network.activities;
  let schedule = buildSchedule(activities);
  if (schedule.kind === "cyclic-schedule") {
    const broken = breakDependencyCycles(activities);
    notes.push(...broken.notes);
    activities = broken.activities;
    schedule = buildSchedule(activities);
  }
  if (schedule.kind === "cyclic-schedule") throw new Error("a cycle survived breakDependencyCycles");
  const milestones = plan.execution_timeline?.milestones ?? [];
  const milestoneIds = new Set(milestones.map((m) => m.milestone_id));
  const milestoneCycles = findCycles([...milestoneIds], (id) =>
    milestones.filter((m) => m.milestone_id === id).flatMap((m) => (m.dependencies ?? []).filter((dep) => milestoneIds.has(dep))),
  );
  for (const cycle of milestoneCycles) {
    notes.push({
      kind: "dependency-cycle",
      subject: cycle[0] ?? "",
      message: `milestones ${[...cycle, cycle[0]].join(" → ")} depend on each other in a cycle; their projections leave out the dependency that closes it`,
    });
  }

  const startMs = options.start.epochMs;
  const bufferPercentage = plan.execution_timeline?.contingency_time?.buffer_percentage ?? 0;
  const withBuffer = (ms: number) => toHours(ms * (1 + bufferPercentage / 100));
  noteOverviewEstimate(plan, schedule.totalMs, notes);
  // A dataset the folder lacks cannot run, whatever the caller says.
  const missingDatasets = new Set(options.missingFiles?.datasets.map((d) => d.name) ?? []);
  const lookup: RunSectionLookup = {
    vocabulary,
    isExecutableDataset: (id) => !missingDatasets.has(id) && (options.isExecutableDataset?.(id) ?? false),
    isExecutableInTree: options.isExecutableInTree ?? (() => false),
  };

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
    order: describeOrder(index, vocabulary, activities, plan),
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
    missing_files: options.missingFiles === undefined ? null : explainMissingFiles(options.missingFiles),
    notes,
    ...describeAssurance(plan, index, lookup),
    ...describeCompletion(plan, lookup, { min: startMs + schedule.totalMs.min, max: startMs + schedule.totalMs.max }),
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
