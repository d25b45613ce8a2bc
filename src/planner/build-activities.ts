import type { PlanIndex } from "../plan/plan-index.js";
import type { Plan } from "../plan/schema/plan-schema.js";
import { formatDuration, parseDuration } from "../plan/values/duration.js";
import type { PlanNote } from "./plan-explanation.js";

/** One unit of work on the timeline: a step, or a critical-path entry that is no step. */
export interface Activity {
  readonly id: string;
  readonly kind: "step" | "entry";
  readonly phaseId: string | undefined;
  readonly name: string | undefined;
  /** The duration as written; undefined when the plan gives none. */
  readonly durationText: string | undefined;
  /** 0 when the duration is missing or unreadable (and a note says so). */
  readonly minMs: number;
  readonly maxMs: number;
  readonly observation: boolean;
  /** False when the duration is missing or unreadable. */
  readonly durationKnown: boolean;
  /** Ids of the activities that must finish before this one starts. */
  readonly dependsOn: readonly string[];
}

export interface ActivityNetwork {
  /** `execution_timeline` when the plan has a `critical_path`, else `run_order`. */
  readonly source: "execution_timeline" | "run_order";
  /** Steps in run order, then critical-path entries that are no step. */
  readonly activities: readonly Activity[];
  readonly notes: readonly PlanNote[];
}

/**
 * The activity graph CPM works on. Every step is an activity. A step listed in
 * `execution_timeline.critical_path` takes that entry's `dependencies` (a phase id there means
 * all of the phase's steps) and its `duration` when given; an unlisted step depends on the
 * previous step of its phase, the first step of a phase on the last step of the phase before.
 * With no `critical_path` at all, this is the run order: a single chain.
 */
export function buildActivities(plan: Plan, index: PlanIndex): ActivityNetwork {
  const notes: PlanNote[] = [];
  const entries = new Map((plan.execution_timeline?.critical_path ?? []).map((entry) => [entry.step_id, entry]));
  const stepIdsByPhase = new Map(index.phases.map((p) => [p.phase.phase_id, p.steps.map((s) => s.step.step_id)]));
  const known = new Set([...index.steps.map((s) => s.step.step_id), ...entries.keys()]);
  const expand = (owner: string, dependencies: readonly string[]) =>
    dependencies.flatMap((id) => {
      if (known.has(id)) return [id];
      const phaseSteps = stepIdsByPhase.get(id);
      if (phaseSteps !== undefined) return phaseSteps;
      notes.push({
        kind: "unknown-dependency",
        subject: owner,
        message: `${owner} depends on "${id}", which is no step, phase or critical-path entry; the dependency is ignored`,
      });
      return [];
    });

  const activities: Activity[] = [];
  let previous: string | undefined;
  for (const { steps } of index.phases) {
    for (const { step, phase } of steps) {
      // A duplicated step id is an error lint reports; the timeline keeps the first.
      if (index.stepsById.get(step.step_id)?.step !== step) continue;
      const entry = entries.get(step.step_id);
      const stated = entry?.duration ?? undefined;
      const durationText = stated ?? step.estimated_duration ?? undefined;
      if (entry !== undefined && stated && step.estimated_duration) noteDisagreement(step.step_id, stated, step.estimated_duration, notes);
      activities.push({
        id: step.step_id,
        kind: "step",
        phaseId: phase.phase_id,
        name: step.name ?? undefined,
        durationText,
        ...readActivityDuration(step.step_id, durationText, notes),
        dependsOn: entry !== undefined ? expand(step.step_id, entry.dependencies ?? []) : previous === undefined ? [] : [previous],
      });
      previous = step.step_id;
    }
  }
  for (const [id, entry] of entries) {
    if (index.stepsById.has(id)) continue;
    activities.push({
      id,
      kind: "entry",
      phaseId: undefined,
      name: undefined,
      durationText: entry.duration ?? undefined,
      ...readActivityDuration(id, entry.duration ?? undefined, notes),
      dependsOn: expand(id, entry.dependencies ?? []),
    });
  }
  notePhaseEstimates(index, activities, notes);
  return { source: entries.size > 0 ? "execution_timeline" : "run_order", activities, notes };
}

function readActivityDuration(id: string, text: string | undefined, notes: PlanNote[]) {
  if (text === undefined || text.trim() === "") {
    notes.push({ kind: "missing-duration", subject: id, message: `${id} has no estimated_duration; it counts 0 on the timeline` });
    return { minMs: 0, maxMs: 0, observation: false, durationKnown: false };
  }
  const parsed = parseDuration(text);
  if (parsed.kind === "invalid") {
    notes.push({
      kind: "unreadable-duration",
      subject: id,
      message: `${id}'s duration "${text}" cannot be read (${parsed.reason}); it counts 0 on the timeline`,
    });
    return { minMs: 0, maxMs: 0, observation: false, durationKnown: false };
  }
  return { ...parsed.value, durationKnown: true };
}

function noteDisagreement(id: string, stated: string, estimated: string, notes: PlanNote[]): void {
  const a = parseDuration(stated);
  const b = parseDuration(estimated);
  if (a.kind === "ok" && b.kind === "ok" && !overlaps(a.value, b.value)) {
    notes.push({
      kind: "estimate-mismatch",
      subject: id,
      message: `${id}: execution_timeline.critical_path says "${stated}" but the step's estimated_duration says "${estimated}"; the timeline uses "${stated}"`,
    });
  }
}

/** A phase's `duration_estimate` is a cross-check against the sum of its steps, nothing more. */
function notePhaseEstimates(index: PlanIndex, activities: readonly Activity[], notes: PlanNote[]): void {
  const byId = new Map(activities.map((a) => [a.id, a]));
  for (const { phase, steps } of index.phases) {
    const estimate = phase.duration_estimate;
    if (!estimate) continue;
    const parsed = parseDuration(estimate);
    if (parsed.kind === "invalid" || steps.length === 0) continue;
    const sum = { minMs: 0, maxMs: 0 };
    for (const { step } of steps) {
      sum.minMs += byId.get(step.step_id)?.minMs ?? 0;
      sum.maxMs += byId.get(step.step_id)?.maxMs ?? 0;
    }
    if (overlaps(sum, parsed.value)) continue;
    notes.push({
      kind: "estimate-mismatch",
      subject: phase.phase_id,
      message: `${phase.phase_id}'s duration_estimate is "${estimate}" but its steps add up to ${formatRange(sum)}; the timeline uses the steps`,
    });
  }
}

function overlaps(a: { minMs: number; maxMs: number }, b: { minMs: number; maxMs: number }): boolean {
  return a.minMs <= b.maxMs && b.minMs <= a.maxMs;
}

function formatRange(range: { minMs: number; maxMs: number }): string {
  return range.minMs === range.maxMs ? formatDuration(range.minMs) : `${formatDuration(range.minMs)}-${formatDuration(range.maxMs)}`;
}
