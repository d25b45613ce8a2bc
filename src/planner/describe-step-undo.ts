import { planDataUndo } from "../plan/data-migration-commands.js";
import type { Plan, Step } from "../plan/schema/plan-schema.js";
import type { StepUndo } from "./plan-explanation.js";

/**
 * What undoing a step runs (SEMANTICS section 5): the rollback of the data migrations it ran
 * (`bascule data rollback`, when the plan is given), then its `rollback_script`; without a script,
 * its `rollback_steps` as a checklist to attest (never guessed into a shell command); nothing
 * when `can_rollback` is false or the plan says nothing.
 */
export function describeStepUndo(step: Step, plan?: Plan): StepUndo {
  const procedure = step.rollback_procedure;
  const stepId = step.step_id;
  const data = plan === undefined ? ({ kind: "none" } as const) : planDataUndo(plan, step);
  if (procedure?.can_rollback === false || data.kind === "refused") return { kind: "irreversible", step_id: stepId };
  const checklist = procedure?.rollback_steps ?? [];
  const scripts = [
    ...(data.kind === "scripts" ? data.migrationIds.map((id) => `bascule data rollback ${id}`) : []),
    ...(procedure?.rollback_script?.trim() ? [procedure.rollback_script.trim()] : []),
  ];
  if (scripts.length > 0) return { kind: "script", step_id: stepId, script: scripts.join(", then "), checklist };
  if (checklist.length > 0) return { kind: "checklist", step_id: stepId, checklist };
  return { kind: "missing", step_id: stepId };
}
