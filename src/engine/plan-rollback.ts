import type { IndexedPhase, PlanIndex } from "../plan/plan-index.js";
import type { RunState } from "./run-state.js";

export interface RollbackPlan {
  /** Steps to undo, in order. */
  readonly steps: readonly string[];
  /** The phase a full rollback cannot go past (`can_rollback_from_here: false`). */
  readonly wall?: string;
  /** Steps whose change stays because they sit at or behind the wall. */
  readonly behindWall?: readonly string[];
}

/**
 * Which steps a rollback of a level undoes, from what the journal says ran (SEMANTICS
 * section 5): a step level undoes the latest step; a phase level the current phase's
 * succeeded steps in reverse, or the steps its rollback point names, in the order named;
 * a full level every phase that ran, in reverse, stopping at a wall.
 */
export function planRollback(level: "step" | "phase" | "full", index: PlanIndex, state: RunState): RollbackPlan {
  const ran = index.steps.filter((s) => isUndoable(state, s.step.step_id));
  if (level === "step") {
    const last = ran[ran.length - 1];
    return { steps: last ? [last.step.step_id] : [] };
  }
  const phasesRun = index.phases.filter((p) => {
    const status = state.phases.get(p.phase.phase_id);
    return status !== undefined && status !== "pending";
  });
  if (level === "phase") {
    const current = phasesRun[phasesRun.length - 1];
    return { steps: current ? phaseUndoOrder(current, state) : [] };
  }
  const steps: string[] = [];
  const reversed = [...phasesRun].reverse();
  for (const [i, phase] of reversed.entries()) {
    if (phase.phase.rollback_point?.can_rollback_from_here === false) {
      const behindWall = reversed.slice(i).flatMap((p) => phaseUndoOrder(p, state));
      return { steps, wall: phase.phase.phase_id, behindWall };
    }
    steps.push(...phaseUndoOrder(phase, state));
  }
  return { steps };
}

/** A phase's steps to undo: the ones its rollback procedure names, else its own in reverse. */
export function phaseUndoOrder(phase: IndexedPhase, state: RunState): string[] {
  const named = namedSteps(phase);
  const order = named.length > 0 ? named : [...phase.steps].reverse().map((s) => s.step.step_id);
  return order.filter((id) => isUndoable(state, id));
}

/** Step ids of the phase named in its rollback procedure, in the order written. */
export function namedSteps(phase: IndexedPhase): string[] {
  const text = phase.phase.rollback_point?.rollback_procedure ?? "";
  const ids = new Set(phase.steps.map((s) => s.step.step_id));
  const found: string[] = [];
  for (const token of text.match(/[\w.-]+/g) ?? []) {
    const id = token.replace(/\.+$/, "");
    if (ids.has(id) && !found.includes(id)) found.push(id);
  }
  return found;
}

/** A step whose change may be in place: it succeeded, is still running (observed), or is in doubt. */
function isUndoable(state: RunState, stepId: string): boolean {
  const status = state.steps.get(stepId)?.status;
  return status === "succeeded" || status === "in_doubt" || status === "running";
}
