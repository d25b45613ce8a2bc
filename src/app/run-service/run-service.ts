import { planRollback } from "../../engine/plan-rollback.js";
import type { JournalEvent } from "../../engine/journal-event.js";
import type { RunState } from "../../engine/run-state.js";
import type { Actor } from "../../ports/actor.js";
import type { LogChunk, RunSummary } from "../../ports/journal-store.js";
import { readCurrentRun, readRunHistory } from "../run/current-run.js";
import { describeRunStatus, type RunStatusReport } from "../run/describe-run-status.js";
import type { RunObserver } from "../run/drive-run.js";
import { decisionEvents, type Recorded, recordApproval, recordAttestation, recordResolution } from "../run/record-signature.js";
import { type RunPlanResult, runPlan } from "../run/run-plan.js";
import { createAnsweringPrompter, type RunQuestions } from "./answering-prompter.js";
import { type Refusal, refusal } from "./refusal.js";
import type { Workspace } from "./workspace.js";

export { type CleanupItem, type CleanupRecorded, type CleanupRequest, performCleanupTask } from "./cleanup-task.js";

/**
 * Every operation on a plan's runs, as library calls on an opened workspace. The actor (who
 * asks, through which front end) is explicit and recorded with every event the call causes;
 * each result is a union whose refusals carry a reason code for the front end to map.
 */

/** How a front end follows a run it drives: progress, questions for a paused run, and a way to stop. */
export interface DriveHooks {
  readonly observer?: RunObserver;
  /** Asked when the run pauses for a person; without them the run pauses and the call returns. */
  readonly questions?: RunQuestions;
  /** Aborting stops the run after the command now running. */
  readonly signal?: AbortSignal;
  /** The process that drives the run, for the plan's lock. */
  readonly pid: number;
}

export type RunResult = RunPlanResult;

export interface StartOptions {
  /** Run outside the plan's migration window (the override is journaled). */
  readonly ignoreWindow?: boolean;
  /** Compresses every wait. @default the bindings' time_scale, else 1 */
  readonly timeScale?: number;
  /** Start another run on purpose once the latest one has ended. */
  readonly fresh?: boolean;
}

/** Start the plan's run for the workspace's environment, or continue its unfinished one. */
export function startOrContinueRun(workspace: Workspace, actor: Actor, options: StartOptions, hooks: DriveHooks): Promise<RunResult> {
  return drive(workspace, actor, hooks, { ignoreWindow: options.ignoreWindow === true, timeScale: options.timeScale, forceNew: options.fresh === true });
}

/** Decide how a run paused on a failure goes on, then carry it on. */
export function decide(workspace: Workspace, actor: Actor, decision: "proceed" | "retry" | "rollback", hooks: DriveHooks): Promise<RunResult> {
  return continueWith(workspace, actor, hooks, (state) => decisionEvents(state, decision, actor.name));
}

/** Retry the failed step or gate of a blocked or rolled-back run, and go on. */
export function retry(workspace: Workspace, actor: Actor, hooks: DriveHooks): Promise<RunResult> {
  return continueWith(workspace, actor, hooks, (state) => decisionEvents(state, "retry", actor.name));
}

/** Roll back now, without waiting on gates: the last step, the current phase, or everything. */
export function rollback(
  workspace: Workspace,
  actor: Actor,
  request: { readonly level: "step" | "phase" | "full"; readonly reason?: string },
  hooks: DriveHooks,
): Promise<RunResult> {
  return continueWith(workspace, actor, hooks, (state) => {
    // A rollback already under way is carried on, not ordered twice.
    if (state.rollback !== undefined && state.rollback.finished === undefined) return [];
    const planned = planRollback(request.level, workspace.session.index, state);
    if (planned.steps.length === 0) {
      const wall = planned.wall ? `; ${planned.wall} is a wall (can_rollback_from_here: false)` : "";
      return refusal("nothing-to-undo", `nothing to roll back at level ${request.level}: no step whose change is in place${wall}`);
    }
    return [
      {
        kind: "rollback.started",
        level: request.level,
        trigger: "operator",
        reason: request.reason ?? `${request.level} rollback ordered by ${actor.name}`,
        plannedSteps: planned.steps,
        by: actor.name,
        ...(planned.wall ? { wall: planned.wall, behindWall: planned.behindWall ?? [] } : {}),
      },
    ];
  });
}

/** Approve (or reject) a gate the run waits on, as the actor, for one of its approver roles. */
export function approve(
  workspace: Workspace,
  actor: Actor,
  input: { readonly gateId: string; readonly role?: string; readonly reject?: boolean; readonly comment?: string },
): Promise<Recorded | Refusal> {
  return recordApproval(signer(workspace, actor), { gateId: input.gateId, role: input.role, reject: input.reject === true, comment: input.comment });
}

/** Attest, as the actor, a check the run waits on (its exact text, or a dataset id). */
export function attest(workspace: Workspace, actor: Actor, input: { readonly text: string; readonly evidence?: string; readonly failed?: boolean }): Promise<Recorded | Refusal> {
  return recordAttestation(signer(workspace, actor), { text: input.text, evidence: input.evidence, failed: input.failed === true });
}

/** Say what became of a step interrupted while it ran. */
export function resolve(workspace: Workspace, actor: Actor, input: { readonly stepId: string; readonly as: "succeeded" | "failed" | "rerun" }): Promise<Recorded | Refusal> {
  return recordResolution(signer(workspace, actor), input);
}

/** The plan's latest run for the workspace's environment (or the run named), as `status` shows it. */
export async function runStatus(workspace: Workspace, runId?: string): Promise<{ readonly kind: "status"; readonly report: RunStatusReport } | Refusal> {
  const current = await readCurrentRun(workspace.session, runId);
  if (current.kind === "none") return current.refusal;
  return { kind: "status", report: describeRunStatus(workspace.session, current.run, current.state, workspace.ports.clock.now()) };
}

/** The plan's runs for the workspace's environment, newest first. */
export function listRuns(workspace: Workspace): Promise<{ readonly kind: "runs"; readonly runs: readonly RunSummary[] } | Refusal> {
  return readRunHistory(workspace.session);
}

/** The output a run's commands left, of every step or one. */
export async function readLogs(
  workspace: Workspace,
  request: { readonly runId?: string; readonly stepId?: string } = {},
): Promise<{ readonly kind: "logs"; readonly runId: string; readonly chunks: readonly LogChunk[] } | Refusal> {
  const current = await readCurrentRun(workspace.session, request.runId);
  if (current.kind === "none") return current.refusal;
  return { kind: "logs", runId: current.run.runId, chunks: await workspace.session.store.readLogs(current.run.runId, request.stepId) };
}

function continueWith(workspace: Workspace, actor: Actor, hooks: DriveHooks, before: (state: RunState) => readonly JournalEvent[] | Refusal): Promise<RunResult> {
  return drive(workspace, actor, hooks, { ignoreWindow: true, existingOnly: true, anyStatus: true, before: (_run, state) => before(state) });
}

function drive(
  workspace: Workspace,
  actor: Actor,
  hooks: DriveHooks,
  options: Pick<Parameters<typeof runPlan>[0], "ignoreWindow" | "timeScale" | "forceNew" | "existingOnly" | "anyStatus" | "before">,
): Promise<RunResult> {
  const { session, ports } = workspace;
  return runPlan({
    session,
    ports,
    actor,
    env: workspace.env,
    pid: hooks.pid,
    observer: hooks.observer,
    prompter: hooks.questions ? createAnsweringPrompter(session, actor, hooks.questions) : undefined,
    signal: hooks.signal,
    ...options,
  });
}

function signer(workspace: Workspace, actor: Actor) {
  return { session: workspace.session, clock: workspace.ports.clock, actor };
}
