import type { Plan } from "../plan/schema/plan-schema.js";
import type { IndexedPhase, PlanIndex } from "../plan/plan-index.js";
import { describeStepUndo } from "./describe-step-undo.js";
import type { FailureResponse, FullRollback, PhaseRollback, RollbackMapEntry, SkippedUndo } from "./plan-explanation.js";

/**
 * For a failure at each step and at each gate, what is undone and in which order
 * (SEMANTICS section 5):
 * 1. a failed step's own rollback runs first;
 * 2. the gate's `failure_response` decides: `rollback` rolls the phase back by itself,
 *    `block` stops and `manual_decision` pauses, each until someone asks for a rollback
 *    (or a retry, or to proceed). A phase without a gate or response blocks;
 * 3. a phase rollback undoes the steps that succeeded, in the order the rollback point's
 *    `rollback_procedure` names them ("Execute rollback scripts STEP-1-2, STEP-1-1"), or
 *    last first when it names none. A step is never undone twice: the failed step's own
 *    rollback already ran, and a step that never ran has nothing to undo;
 * 4. a full rollback then undoes every earlier phase, last first, and stops at the first
 *    one whose `rollback_point.can_rollback_from_here` is false: a wall.
 */
export function buildRollbackMap(index: PlanIndex, plan?: Plan): RollbackMapEntry[] {
  const entries: RollbackMapEntry[] = [];
  index.phases.forEach((indexed, phasePosition) => {
    const phaseId = indexed.phase.phase_id;
    const response = readFailureResponse(indexed);
    const full = planFullRollback(index.phases.slice(0, phasePosition), plan);
    const stepIds = indexed.steps.map((s) => s.step.step_id);
    indexed.steps.forEach(({ step }, position) => {
      entries.push({
        failure_at: { kind: "step", step_id: step.step_id, phase_id: phaseId },
        own_rollback: describeStepUndo(step, plan),
        ...response,
        phase_rollback: planPhaseRollback(indexed, stepIds.slice(0, position), step.step_id, plan),
        full_rollback: full,
      });
    });
    if (indexed.gate !== undefined) {
      entries.push({
        failure_at: { kind: "gate", gate_id: indexed.gate.gate_id, phase_id: phaseId },
        own_rollback: null,
        ...response,
        phase_rollback: planPhaseRollback(indexed, stepIds, undefined, plan),
        full_rollback: full,
      });
    }
  });
  return entries;
}

/** A phase rollback after `succeeded` steps ran and `failed` (if any) undid itself. */
export function planPhaseRollback(indexed: IndexedPhase, succeeded: readonly string[], failed: string | undefined, plan?: Plan): PhaseRollback {
  const procedure = indexed.phase.rollback_point?.rollback_procedure ?? null;
  const stepIds = indexed.steps.map((s) => s.step.step_id);
  const named = procedure === null ? [] : findNamedSteps(procedure, stepIds);
  const order = named.length > 0 ? named : [...succeeded].reverse();
  const undoIds = order.filter((id) => succeeded.includes(id));
  const skipped: SkippedUndo[] = stepIds
    .filter((id) => !undoIds.includes(id))
    .map((id) => ({
      step_id: id,
      reason: id === failed ? "own-rollback" : succeeded.includes(id) ? "not-named" : "not-run",
    }));
  const stepsById = new Map(indexed.steps.map((s) => [s.step.step_id, s.step]));
  return {
    phase_id: indexed.phase.phase_id,
    order_source: named.length > 0 ? "rollback_procedure" : "reverse",
    rollback_procedure: procedure,
    undo: undoIds.flatMap((id) => {
      const step = stepsById.get(id);
      return step === undefined ? [] : [describeStepUndo(step, plan)];
    }),
    skipped,
  };
}

/** Earlier phases, last first, each rolled back whole, up to the first wall. */
function planFullRollback(earlier: readonly IndexedPhase[], plan?: Plan): FullRollback {
  const phases: FullRollback["phases"][number][] = [];
  for (let i = earlier.length - 1; i >= 0; i--) {
    const indexed = earlier[i] as IndexedPhase;
    if (indexed.phase.rollback_point?.can_rollback_from_here === false) {
      return {
        phases,
        wall: { phase_id: indexed.phase.phase_id, phases_kept: earlier.slice(0, i + 1).map((p) => p.phase.phase_id) },
      };
    }
    const all = indexed.steps.map((s) => s.step.step_id);
    const { phase_id, order_source, undo } = planPhaseRollback(indexed, all, undefined, plan);
    phases.push({ phase_id, order_source, undo });
  }
  return { phases, wall: null };
}

function readFailureResponse(indexed: IndexedPhase): {
  failure_response: FailureResponse;
  failure_response_source: "gate" | "default";
  exit_code: 1 | 3;
  rolls_back_automatically: boolean;
} {
  const stated = indexed.gate?.failure_response ?? undefined;
  const response: FailureResponse = stated ?? "block";
  return {
    failure_response: response,
    failure_response_source: stated === undefined ? "default" : "gate",
    exit_code: response === "manual_decision" ? 3 : 1,
    rolls_back_automatically: response === "rollback",
  };
}

/** The step ids of `stepIds` that `text` names, in the order it names them, each once. */
export function findNamedSteps(text: string, stepIds: readonly string[]): string[] {
  const found: { id: string; at: number }[] = [];
  for (const id of new Set(stepIds)) {
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const match = new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`).exec(text);
    if (match) found.push({ id, at: match.index });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.id);
}
