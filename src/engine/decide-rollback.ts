import type { PlanIndex } from "../plan/plan-index.js";
import { formatPlanPath } from "../plan/plan-path.js";
import { evaluateStage, type StageOutcome } from "./check-stage.js";
import { runActions, scriptRun } from "./decide-step.js";
import { dataRollbackOf } from "./step-data-migrations.js";
import { formatScope, type JournalEvent, type Scope } from "./journal-event.js";
import type { Decision, RunContext } from "./run-context.js";
import { type ActiveRollback, attemptKey, type RunState } from "./run-state.js";

/** The next decision of a rollback under way; `undefined` once it has finished. */
export function decideRollback(ctx: RunContext, state: RunState, rollback: ActiveRollback): Decision | undefined {
  if (rollback.finished !== undefined) return undefined;
  const settled = new Set([...rollback.undone, ...rollback.notUndone.map((n) => n.stepId)]);
  for (const stepId of rollback.started.plannedSteps) {
    if (settled.has(stepId)) continue;
    const outcome = undoStep(ctx, state, ctx.index, stepId, rollback);
    if (outcome.kind === "decision") return outcome.decision;
    if (outcome.kind === "passed") return record({ kind: "rollback.step_undone", stepId });
    const reason = outcome.kind === "failed" ? outcome.reason : `its rollback was interrupted (${outcome.actionId})`;
    const notUndone = record({ kind: "rollback.step_not_undone", stepId, reason });
    // Without a defined rollback there is nothing to run; go on, and say so at the end.
    if (outcome.kind === "failed" && outcome.reason.startsWith("no rollback")) return notUndone;
    return {
      kind: "record",
      events: [
        { kind: "rollback.step_not_undone", stepId, reason },
        finished(rollback, [...rollback.notUndone.map((n) => n.stepId), stepId, ...remaining(rollback, settled, stepId)]),
      ],
    };
  }
  if (rollback.started.trigger === "operator") {
    const level = levelProcedure(ctx, state, rollback);
    if (level.kind === "decision") return level.decision;
    if (level.kind !== "passed") {
      const reason = level.kind === "failed" ? level.reason : "the level's procedure was interrupted";
      return {
        kind: "record",
        events: [
          finished(
            rollback,
            rollback.notUndone.map((n) => n.stepId),
            reason,
          ),
        ],
      };
    }
  }
  return {
    kind: "record",
    events: [
      finished(
        rollback,
        rollback.notUndone.map((n) => n.stepId),
      ),
    ],
  };
}

function undoStep(ctx: RunContext, state: RunState, index: PlanIndex, stepId: string, rollback: ActiveRollback): StageOutcome {
  const indexed = index.stepsById.get(stepId);
  const procedure = indexed?.step.rollback_procedure ?? undefined;
  const data = indexed === undefined ? ({ kind: "none" } as const) : dataRollbackOf(ctx.plan, indexed.step, ctx.commandTimeoutMs);
  if (indexed === undefined || (procedure === undefined && data.kind === "none")) return { kind: "failed", reason: "no rollback defined for it in the plan" };
  if (procedure?.can_rollback === false) return { kind: "failed", reason: "it cannot be rolled back (can_rollback: false)" };
  if (data.kind === "refused") return { kind: "failed", reason: data.reason };
  const scope: Scope = { kind: "rollback", stepId };
  const key = attemptKey(formatScope(scope), rollback.number);
  // The data a step moved is put back before its own rollback (which may drop what held it).
  if (data.kind === "actions") {
    const undone = runActions(state, scope, key, data.actions);
    if (undone.kind !== "passed" || procedure === undefined) return undone;
  }
  if (procedure === undefined) return { kind: "passed" };
  const script = procedure.rollback_script;
  if (script) {
    return runActions(state, scope, key, [{ key: "rollback-script", run: scriptRun(script, ctx), action: { kind: "script", role: "rollback", path: script } }]);
  }
  const steps = procedure.rollback_steps ?? [];
  if (steps.length === 0) return data.kind === "actions" ? { kind: "passed" } : { kind: "failed", reason: "no rollback defined for it in the plan" };
  const path = formatPlanPath([...indexed.path, "rollback_procedure", "rollback_steps"]);
  // Rollback steps are a checklist for a person: prose is never guessed into a command.
  return evaluateStage(
    ctx,
    state,
    scope,
    steps.map((text, i) => ({ site: `${path}[${i}]`, text, field: "rollback_steps" })),
  );
}

/** After the structural undo, an operator's rollback runs its level's own procedure and checks. */
function levelProcedure(ctx: RunContext, state: RunState, rollback: ActiveRollback): StageOutcome {
  const levels = ctx.plan.rollback_strategy?.rollback_levels ?? [];
  const i = levels.findIndex((l) => l.level === rollback.started.level);
  const level = levels[i];
  if (level === undefined) return { kind: "passed" };
  const scope: Scope = { kind: "rollback", level: rollback.started.level };
  const key = attemptKey(formatScope(scope), rollback.number);
  const script = level.rollback_procedure?.automation_script;
  if (script) {
    const ran = runActions(state, scope, key, [{ key: "level-script", run: scriptRun(script, ctx), action: { kind: "script", role: "level", path: script } }]);
    if (ran.kind !== "passed") return ran;
  }
  const path = formatPlanPath(["rollback_strategy", "rollback_levels", i]);
  return evaluateStage(ctx, state, scope, [
    ...(level.rollback_procedure?.manual_steps ?? []).map((text, j) => ({ site: `${path}.rollback_procedure.manual_steps[${j}]`, text, field: "manual_steps" })),
    ...(level.validation?.post_rollback_checks ?? []).map((text, j) => ({ site: `${path}.validation.post_rollback_checks[${j}]`, text, field: "post_rollback_checks" })),
  ]);
}

function remaining(rollback: ActiveRollback, settled: Set<string>, current: string): string[] {
  const planned = rollback.started.plannedSteps;
  return planned.slice(planned.indexOf(current) + 1).filter((id) => !settled.has(id));
}

function finished(rollback: ActiveRollback, stopped: readonly string[], reason?: string): JournalEvent {
  const notUndone = [...stopped, ...(rollback.started.behindWall ?? []).filter((id) => !stopped.includes(id))];
  const failed = notUndone.length > 0 || rollback.wall !== undefined || reason !== undefined;
  return {
    kind: "rollback.finished",
    outcome: failed ? "rollback_failed" : "rolled_back",
    undone: rollback.undone,
    notUndone,
    ...(rollback.wall ? { wall: rollback.wall } : {}),
    ...(reason ? { reason } : {}),
  };
}

function record(event: JournalEvent): Decision {
  return { kind: "record", events: [event] };
}
