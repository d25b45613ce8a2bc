import type { CheckVocabulary } from "../plan/check-kind.js";
import type { IndexedPhase, PlanIndex } from "../plan/plan-index.js";
import type { Plan, Step } from "../plan/schema/plan-schema.js";
import type { Activity } from "./build-activities.js";
import { describeStepUndo } from "./describe-step-undo.js";
import { explainChecks } from "./explain-check.js";
import type { ExplainedPhase, ExplainedRollbackPoint, ExplainedStep, HourRange } from "./plan-explanation.js";
import { toHours } from "./to-hours.js";

/** Phases, then their steps, in the order a run executes them, with what each step runs and checks. */
export function describeOrder(index: PlanIndex, vocabulary: CheckVocabulary, activities: readonly Activity[], plan?: Plan): ExplainedPhase[] {
  const activityById = new Map(activities.map((a) => [a.id, a]));
  return index.phases.map((indexed) => {
    const { phase } = indexed;
    const steps = indexed.steps.map(({ step }) => describeStep(step, vocabulary, activityById.get(step.step_id), plan));
    const stepActivities = indexed.steps.map(({ step }) => activityById.get(step.step_id));
    const duration_hours: HourRange = {
      min: toHours(sum(stepActivities.map((a) => a?.minMs ?? 0))),
      max: toHours(sum(stepActivities.map((a) => a?.maxMs ?? 0))),
    };
    return {
      phase_id: phase.phase_id,
      name: phase.name ?? null,
      order: phase.order ?? null,
      description: phase.description ?? null,
      duration_estimate: phase.duration_estimate ?? null,
      duration_hours,
      start_condition: explainChecks(phase.start_condition, vocabulary),
      steps,
      gate_id: indexed.gate?.gate_id ?? null,
      rollback_point: describeRollbackPoint(indexed),
    };
  });
}

function describeStep(step: Step, vocabulary: CheckVocabulary, activity: Activity | undefined, plan: Plan | undefined): ExplainedStep {
  const details = step.execution_details;
  const commands = details?.commands ?? [];
  const automationScript = details?.automation_script?.trim() || null;
  return {
    step_id: step.step_id,
    name: step.name ?? null,
    order: step.order ?? null,
    type: step.type ?? null,
    responsible_party: step.responsible_party ?? null,
    estimated_duration: step.estimated_duration ?? null,
    duration_hours: activity?.durationKnown ? { min: toHours(activity.minMs), max: toHours(activity.maxMs) } : null,
    observation: activity?.observation ?? false,
    preconditions: explainChecks(step.preconditions, vocabulary),
    run: {
      method: details?.method ?? null,
      commands,
      automation_script: automationScript,
      // SEMANTICS section 4: the script runs only when the step has no commands.
      automation_script_runs: commands.length === 0 && automationScript !== null,
      manual_steps: details?.manual_steps ?? [],
    },
    validation: {
      validation_script: step.validation?.validation_script?.trim() || null,
      test_dataset_ids: step.validation?.test_dataset_ids ?? [],
      checks: explainChecks([...(step.validation?.validation_checks ?? []), ...(step.validation?.success_criteria ?? [])], vocabulary),
    },
    monitoring: {
      metrics_to_watch: step.monitoring?.metrics_to_watch ?? [],
      alert_conditions: explainChecks(step.monitoring?.alert_conditions, vocabulary),
    },
    rollback: describeStepUndo(step, plan),
  };
}

function describeRollbackPoint({ phase }: IndexedPhase): ExplainedRollbackPoint | null {
  const point = phase.rollback_point;
  if (!point) return null;
  return {
    can_rollback_from_here: point.can_rollback_from_here ?? null,
    rollback_procedure: point.rollback_procedure ?? null,
    estimated_rollback_duration: point.estimated_rollback_duration ?? null,
    wall: point.can_rollback_from_here === false,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
