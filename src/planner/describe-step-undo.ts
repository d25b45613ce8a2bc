import type { Step } from "../plan/schema/plan-schema.js";
import type { StepUndo } from "./plan-explanation.js";

/**
 * What undoing a step runs (SEMANTICS section 5): its `rollback_script`; without one, its
 * `rollback_steps` as a checklist to attest (never guessed into a shell command); nothing
 * when `can_rollback` is false or the plan says nothing.
 */
export function describeStepUndo(step: Step): StepUndo {
  const procedure = step.rollback_procedure;
  const stepId = step.step_id;
  if (procedure?.can_rollback === false) return { kind: "irreversible", step_id: stepId };
  const checklist = procedure?.rollback_steps ?? [];
  const script = procedure?.rollback_script?.trim();
  if (script) return { kind: "script", step_id: stepId, script, checklist };
  if (checklist.length > 0) return { kind: "checklist", step_id: stepId, checklist };
  return { kind: "missing", step_id: stepId };
}
