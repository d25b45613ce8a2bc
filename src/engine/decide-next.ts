import { dataRollbackOf } from "./step-data-migrations.js";
import { isResumableDataStep } from "../plan/data-migration-commands.js";
import type { IndexedPhase } from "../plan/plan-index.js";
import { formatPlanPath } from "../plan/plan-path.js";
import { parseMigrationWindow, isWithinWindow } from "../plan/values/migration-window.js";
import { evaluateStage, type StageOutcome } from "./check-stage.js";
import { decideGate } from "./decide-gate.js";
import { decideRollback } from "./decide-rollback.js";
import { decideStep } from "./decide-step.js";
import type { FailureResponse, JournalEvent } from "./journal-event.js";
import { planRollback } from "./plan-rollback.js";
import { decideCompletion } from "./decide-completion.js";
import { decideStrategyGates, strategyGatesOf } from "./decide-strategy-gates.js";
import { decideSuites } from "./decide-suites.js";
import { findStrategyGate, strategyGateResponse } from "./gate-definitions.js";
import { watchContinuousValidation } from "./watch-continuous-validation.js";
import { watchHealthChecks } from "./watch-health-checks.js";
import { watchRisks } from "./watch-risks.js";
import { watchTriggers } from "./watch-triggers.js";
import type { Decision, RunContext } from "./run-context.js";
import type { RunState } from "./run-state.js";

/**
 * The engine: given the plan and the run's state, the one next thing to do (SEMANTICS
 * sections 4 and 5). Pure: the same context and state always give the same decision.
 */
export function decideNext(ctx: RunContext, state: RunState): Decision {
  const rollback = state.rollback;
  if (rollback !== undefined && rollback.finished === undefined) return decideRollback(ctx, state, rollback) ?? finish(state);
  if (rollback?.finished !== undefined && rollback.started.trigger !== "failure") return endAfterRollback(state);
  if (rollback?.finished === "rollback_failed" && !isTerminal(state)) {
    return record({ kind: "run.finished", status: "rollback_failed", reason: `the rollback of ${rollback.started.plannedSteps.join(", ")} failed` });
  }
  const trigger = state.trigger;
  if (state.pendingDecision === "rollback") {
    if (trigger !== undefined) return startRollback(ctx, state, trigger.level, "metric", trigger.detail);
    return startRollback(ctx, state, state.failure?.rollbackLevel ?? "phase", "decision", "rollback decided after failure");
  }
  // An ended run decides nothing more until a person reopens it (a decision, a rollback).
  if (isTerminal(state)) return finish(state);
  if (state.failure !== undefined) return decideFailure(ctx, state);
  if (trigger !== undefined && !trigger.acknowledged) {
    if (!trigger.needsApproval) return startRollback(ctx, state, trigger.level, "metric", trigger.detail);
    if (state.awaitingDecision) return { kind: "pause", waitingFor: { kind: "decision", ...state.awaitingDecision } };
  }
  const watch = watchTriggers(ctx, state);
  if (watch.decision !== undefined) return watch.decision;
  const health = watchHealthChecks(ctx, state);
  if (health.decision !== undefined) return health.decision;
  const continuous = watchContinuousValidation(ctx, state);
  if (continuous.decision !== undefined) return continuous.decision;
  const risks = watchRisks(ctx, state);
  if (risks.decision !== undefined) return risks.decision;
  const forward = decideForward(ctx, state);
  // A wait for an observation also wakes for the next background reading.
  const wake = Math.min(...[watch, health, continuous, risks].map((w) => w.nextDueMs ?? Number.POSITIVE_INFINITY));
  if (forward.kind === "wait" && wake < forward.untilMs) return { ...forward, untilMs: Math.max(ctx.nowMs, wake) };
  return forward;
}

function decideForward(ctx: RunContext, state: RunState): Decision {
  const window = checkWindow(ctx, state);
  if (window !== undefined) return window;

  const prerequisites = decidePrerequisites(ctx, state);
  if (prerequisites.kind !== "passed") return fromOutcome(prerequisites, () => record({ kind: "run.finished", status: "failed", reason: "a prerequisite is not met" }));
  // Before anything changes: pre-migration regression suites, then gates placed before the first phase.
  const before = decideSuites(ctx, state, "pre_migration") ?? decideStrategyGates(ctx, state, { kind: "start" }, "");
  if (before !== undefined) return before;

  for (const phase of ctx.index.phases) {
    const decision = decidePhase(ctx, state, phase);
    if (decision !== undefined) return decision;
  }
  return decideCompletion(ctx, state);
}

function decidePhase(ctx: RunContext, state: RunState, indexed: IndexedPhase): Decision | undefined {
  const phaseId = indexed.phase.phase_id;
  const status = state.phases.get(phaseId);
  if (status === "completed") return undefined;
  if (status === undefined || status === "pending") return record({ kind: "phase.started", phaseId });
  const path = formatPlanPath(indexed.path);
  const conditions = state.startWaived.has(phaseId) ? [] : (indexed.phase.start_condition ?? []);
  const start = evaluateStage(
    ctx,
    state,
    { kind: "phase", phaseId },
    conditions.map((text, i) => ({ site: `${path}.start_condition[${i}]`, text, field: "start_condition" })),
  );
  if (start.kind !== "passed") {
    return fromOutcome(start, (reason) => record({ kind: "phase.failed", phaseId, reason: `start condition not met: ${reason}`, response: responseOf(indexed) }));
  }
  for (const step of indexed.steps) {
    const stepId = step.step.step_id;
    const stepState = state.steps.get(stepId);
    const stepStatus = stepState?.status ?? "pending";
    if (stepStatus === "succeeded") {
      const gates = decideStrategyGates(ctx, state, { kind: "step", stepId, phaseId }, phaseId);
      if (gates !== undefined) return gates;
      continue;
    }
    if (stepStatus === "skipped") continue;
    if (stepStatus === "pending") return record({ kind: "step.started", stepId, phaseId, attempt: (stepState?.attempt ?? 0) + 1 });
    const rerunnable = ctx.idempotentSteps.has(stepId) || isResumableDataStep(step.step);
    if (stepStatus === "in_doubt") {
      if (rerunnable) return record({ kind: "step.resolved", stepId, as: "rerun", by: "bascule", automatic: true });
      const prefix = `step:${stepId}#${stepState?.attempt ?? 1}#`;
      const open = [...state.actions.values()].find((a) => a.finished === undefined && a.started.actionId.startsWith(prefix));
      return { kind: "pause", waitingFor: { kind: "in-doubt", stepId, actionId: open?.started.actionId ?? "" } };
    }
    if (stepStatus !== "running") return finish(state);
    const outcome = decideStep(ctx, state, step);
    if (outcome.kind === "passed") return record({ kind: "step.succeeded", stepId });
    if (outcome.kind === "in-doubt") {
      if (rerunnable) return record({ kind: "step.resolved", stepId, as: "rerun", by: "bascule", automatic: true });
      return record({ kind: "step.in_doubt", stepId, actionId: outcome.actionId });
    }
    return fromOutcome(outcome, (reason) => record({ kind: "step.failed", stepId, reason }));
  }
  const gate = indexed.gate;
  if (gate !== undefined) {
    const gateStatus = state.gates.get(gate.gate_id)?.status ?? "pending";
    if (gateStatus === "pending") return record({ kind: "gate.started", gateId: gate.gate_id, phaseId });
    if (gateStatus === "running") {
      const outcome = decideGate(ctx, state, indexed);
      if (outcome.kind === "passed") return record({ kind: "gate.passed", gateId: gate.gate_id });
      return fromOutcome(outcome, (reason) => record({ kind: "gate.failed", gateId: gate.gate_id, reason }));
    }
    if (gateStatus === "failed") return finish(state);
    const suites = decideSuites(ctx, state, `after:${gate.gate_id}`);
    if (suites !== undefined) return suites;
  }
  return decideStrategyGates(ctx, state, { kind: "phase", phaseId }, phaseId) ?? record({ kind: "phase.completed", phaseId });
}

/** A step's own rollback first, then what the phase's gate says to do on failure. */
function decideFailure(ctx: RunContext, state: RunState): Decision {
  const failure = state.failure;
  if (failure === undefined) return finish(state);
  const phase = ctx.index.phasesById.get(failure.phaseId);
  const strategyGate = failure.gateId === undefined ? undefined : findStrategyGate(ctx.plan, failure.gateId);
  // A strategy gate answers its own failure; any other failure in a phase, the phase's gate.
  const response = strategyGate ? strategyGateResponse(strategyGate) : phase ? responseOf(phase) : "block";
  if (failure.stage === "own-rollback" && failure.stepId !== undefined) {
    const failedStep = ctx.index.stepsById.get(failure.stepId)?.step;
    const procedure = failedStep?.rollback_procedure;
    const data = failedStep === undefined ? undefined : dataRollbackOf(ctx.plan, failedStep, ctx.commandTimeoutMs);
    const undoable = procedure?.can_rollback !== false && (Boolean(procedure?.rollback_script || (procedure?.rollback_steps?.length ?? 0) > 0) || data?.kind === "actions");
    // A step that failed before doing anything (a precondition) has nothing to undo.
    if (!hasActed(state, failure.stepId)) return record({ kind: "phase.failed", phaseId: failure.phaseId, reason: failure.reason, response });
    if (undoable && state.rollback?.started.plannedSteps[0] !== failure.stepId) {
      return record({ kind: "rollback.started", level: "step", trigger: "failure", reason: failure.reason, plannedSteps: [failure.stepId] });
    }
    if (!undoable) {
      const why = procedure?.can_rollback === false ? "cannot be rolled back (can_rollback: false)" : "has no rollback in the plan";
      return record({ kind: "phase.failed", phaseId: failure.phaseId, reason: `${failure.reason}; ${failure.stepId} ${why}, so its change stays in place`, response });
    }
  }
  if (failure.stage !== "responded") return record({ kind: "phase.failed", phaseId: failure.phaseId, reason: failure.reason, response });
  switch (failure.response) {
    case "rollback":
      if (state.rollback === undefined || state.rollback.started.trigger === "failure") {
        // A strategy gate after a step rolls back what it is attached to: that step.
        const attached = strategyGatesOf(ctx).find((g) => g.gate.gate_id === failure.gateId)?.attachment;
        if (attached?.kind === "step") {
          return record({ kind: "rollback.started", level: "step", trigger: "gate", reason: failure.reason, plannedSteps: [attached.stepId] });
        }
        return startRollback(ctx, state, failure.rollbackLevel ?? "phase", "gate", failure.reason);
      }
      return endAfterRollback(state);
    case "manual_decision":
      if (state.awaitingDecision) return { kind: "pause", waitingFor: { kind: "decision", ...state.awaitingDecision } };
      return finish(state);
    default:
      return state.status === "failed" ? finish(state) : record({ kind: "run.finished", status: "failed", reason: failure.reason });
  }
}

function hasActed(state: RunState, stepId: string): boolean {
  const attempt = state.steps.get(stepId)?.attempt ?? 0;
  const prefix = `step:${stepId}#${attempt}#`;
  for (const actionId of state.actions.keys()) if (actionId.startsWith(prefix) && !actionId.includes("#check:")) return true;
  return false;
}

function startRollback(ctx: RunContext, state: RunState, level: "step" | "phase" | "full", trigger: "gate" | "decision" | "metric", reason: string): Decision {
  const plan = planRollback(level, ctx.index, state);
  return record({ kind: "rollback.started", level, trigger, reason, plannedSteps: plan.steps, ...(plan.wall ? { wall: plan.wall, behindWall: plan.behindWall ?? [] } : {}) });
}

function endAfterRollback(state: RunState): Decision {
  if (isTerminal(state)) return finish(state);
  const outcome = state.rollback?.finished ?? "rolled_back";
  return record({ kind: "run.finished", status: outcome, reason: state.failure?.reason ?? state.rollback?.started.reason });
}

function checkWindow(ctx: RunContext, state: RunState): Decision | undefined {
  // The window bounds the change, not the watching after it.
  if (state.windowCleared || state.completedAtMs !== undefined) return undefined;
  const text = ctx.plan.migration_overview?.constraints?.migration_window;
  const parsed = text ? parseMigrationWindow(text) : undefined;
  if (text === undefined || text === null || parsed?.kind !== "ok") return record({ kind: "window.checked", window: text ?? "anytime", inside: true });
  const inside = isWithinWindow(parsed.value, new Date(ctx.nowMs));
  if (inside) return record({ kind: "window.checked", window: text, inside: true });
  if (ctx.ignoreWindow) return record({ kind: "window.overridden", window: text, by: ctx.actor });
  return { kind: "pause", waitingFor: { kind: "window", window: text } };
}

function decidePrerequisites(ctx: RunContext, state: RunState): StageOutcome {
  for (const [i, prereq] of (ctx.plan.prerequisites ?? []).entries()) {
    const scope = { kind: "prerequisite" as const, prerequisiteId: prereq.prerequisite_id };
    const path = formatPlanPath(["prerequisites", i, "validation"]);
    const status = prereq.validation?.status;
    if (status === "blocked") return { kind: "failed", reason: `prerequisite ${prereq.prerequisite_id} is blocked` };
    const testId = prereq.validation?.verification_test_id;
    const method = prereq.validation?.verification_method;
    const sites =
      status === "verified"
        ? []
        : testId
          ? [{ site: `${path}.verification_test_id`, text: testId, field: "verification_test_id", datasetId: testId }]
          : [{ site: `${path}.verification_method`, text: method ?? `${prereq.prerequisite_id} verified`, field: "verification_method" }];
    const outcome = evaluateStage(ctx, state, scope, sites);
    if (outcome.kind !== "passed") return outcome;
  }
  return { kind: "passed" };
}

function responseOf(phase: IndexedPhase): FailureResponse {
  return phase.gate?.failure_response ?? "block";
}

function fromOutcome(outcome: StageOutcome, onFailed: (reason: string) => Decision): Decision {
  switch (outcome.kind) {
    case "decision":
      return outcome.decision;
    case "failed":
      return onFailed(outcome.reason);
    case "in-doubt":
      return onFailed(`interrupted while running ${outcome.actionId}`);
    case "passed":
      throw new Error("a passed stage has no decision");
  }
}

function isTerminal(state: RunState): boolean {
  return state.status === "completed" || state.status === "failed" || state.status === "rolled_back" || state.status === "rollback_failed";
}

function finish(state: RunState): Decision {
  const status = state.status === "in_progress" || state.status === "paused" ? "failed" : state.status;
  return { kind: "finish", status };
}

function record(event: JournalEvent): Decision {
  return { kind: "record", events: [event] };
}
