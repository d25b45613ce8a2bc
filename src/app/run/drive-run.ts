import { completeEffect } from "../../engine/complete-effect.js";
import { decideNext } from "../../engine/decide-next.js";
import type { JournalEvent, Scope, WaitingFor } from "../../engine/journal-event.js";
import type { Effect, RunContext } from "../../engine/run-context.js";
import type { RunState } from "../../engine/run-state.js";
import type { Actor } from "../../ports/actor.js";
import type { Clock } from "../../ports/clock.js";
import type { JournalRecord, JournalStore } from "../../ports/journal-store.js";
import type { MetricProvider } from "../../ports/metric-provider.js";
import { completeMeasure } from "../../engine/measure-condition.js";
import type { EffectExecutor, EffectPlace } from "./effect-executor.js";
import { JournalWriter } from "./journal-writer.js";
import { redactReading } from "./redact-reading.js";
import { StepLogBuffer } from "./step-log-buffer.js";

/** Sees the run as it goes: for live progress in a terminal, or nothing. */
export interface RunObserver {
  onRecord?(record: JournalRecord, state: RunState): void;
  onOutput?(place: EffectPlace, stream: "stdout" | "stderr", text: string): void;
}

/** Asks a person, at a terminal, for what a paused run waits for; returns events to record, or nothing to pause. */
export interface Prompter {
  ask(waitingFor: WaitingFor, state: RunState): Promise<readonly JournalEvent[] | undefined>;
}

export interface DriveOptions {
  readonly store: JournalStore;
  readonly runId: string;
  readonly context: Omit<RunContext, "nowMs">;
  readonly clock: Clock;
  readonly executor: EffectExecutor;
  readonly metrics: MetricProvider;
  readonly observer?: RunObserver;
  readonly prompter?: Prompter;
  readonly signal?: AbortSignal;
  /** Records after this sequence number are shown to the observer before driving starts. */
  readonly showAfterSeq?: number;
  /** Masks secrets in what the journal keeps of a command (bound checks may carry passwords). */
  readonly redact?: (text: string) => string;
  /** Who drives the run, through which front end: recorded with every event. */
  readonly actor?: Actor;
}

export type DriveOutcome =
  | { readonly kind: "finished"; readonly status: "completed" | "failed" | "rolled_back" | "rollback_failed"; readonly state: RunState }
  | { readonly kind: "paused"; readonly waitingFor: WaitingFor; readonly state: RunState }
  | { readonly kind: "interrupted"; readonly state: RunState };

/**
 * Carries a run forward until it finishes or must wait for a person: ask the core for the
 * next decision, make it durable in the journal, act, record the outcome, repeat.
 */
export async function driveRun(options: DriveOptions): Promise<DriveOutcome> {
  const { store, runId, clock } = options;
  const journal = await JournalWriter.open(store, runId, clock, options.observer?.onRecord?.bind(options.observer), options.showAfterSeq, options.actor);
  const logs = new StepLogBuffer(store, runId, clock);
  try {
    for (;;) {
      if (options.signal?.aborted) {
        await journal.commit([], false);
        return { kind: "interrupted", state: journal.state };
      }
      const decision = decideNext({ ...options.context, nowMs: clock.now() }, journal.state);
      // Before waiting, pausing or stopping, take in what other processes recorded meanwhile
      // (approvals, attestations, decisions): it may change the decision.
      if ((decision.kind === "pause" || decision.kind === "wait" || decision.kind === "finish") && (await journal.catchUp())) continue;
      switch (decision.kind) {
        case "record":
          journal.stage(decision.events);
          break;
        case "act": {
          // The intent is on disk before the side effect starts (SEMANTICS section 6).
          await journal.commit([redactIntent(decision.effect.intent, options.redact)], true);
          const place = placeOf(options.context, journal.state, decision.effect.intent.scope);
          const attempt = journal.state.steps.get(place.stepId ?? "")?.attempt ?? 1;
          const result = await options.executor.run(decision.effect, place, (stream, text) => {
            logs.add(place.stepId ?? scopeLabel(decision.effect), attempt, stream, text, clock.now());
            options.observer?.onOutput?.(place, stream, text);
          });
          await logs.flush();
          await journal.commit(completeEffect(decision.effect, result), false);
          break;
        }
        case "measure": {
          const { request } = decision;
          // What led here (a monitoring period's or an observation's deadline) is written before a reading that may hang or be killed.
          await journal.commit([], false);
          const startedMs = clock.now();
          const reading = await options.metrics.read(request.metric.query, { timeoutMs: request.metric.timeoutMs, signal: options.signal });
          await journal.commit(completeMeasure(request, redactReading(reading, options.redact), clock.now() - startedMs), false);
          break;
        }
        case "wait":
          await clock.sleep(Math.max(0, decision.untilMs - clock.now()), options.signal);
          break;
        case "pause": {
          const answer = await options.prompter?.ask(decision.waitingFor, journal.state);
          if (answer !== undefined && answer.length > 0) {
            await journal.commit(answer, true);
            break;
          }
          const state = journal.state;
          const same = state.status === "paused" && JSON.stringify(state.waitingFor) === JSON.stringify(decision.waitingFor);
          await journal.commit(same ? [] : [{ kind: "run.paused", waitingFor: decision.waitingFor }], true);
          return { kind: "paused", waitingFor: decision.waitingFor, state: journal.state };
        }
        case "finish":
          await journal.commit([], true);
          return { kind: "finished", status: decision.status, state: journal.state };
      }
    }
  } finally {
    await logs.flush();
  }
}

function redactIntent(intent: Effect["intent"], redact: ((text: string) => string) | undefined): Effect["intent"] {
  if (redact === undefined) return intent;
  const action = intent.action;
  switch (action.kind) {
    case "command":
    case "check":
    case "dataset":
    case "data":
      return { ...intent, action: { ...action, command: redact(action.command) } };
    case "sql":
      return { ...intent, action: { ...action, sql: redact(action.sql) } };
    default:
      return intent;
  }
}

function placeOf(context: Omit<RunContext, "nowMs">, state: RunState, scope: Scope): EffectPlace {
  switch (scope.kind) {
    case "step":
      return { stepId: scope.stepId, phaseId: state.stepPhases.get(scope.stepId) };
    case "rollback":
      return scope.stepId ? { stepId: scope.stepId, phaseId: state.stepPhases.get(scope.stepId) } : {};
    case "gate":
      return { phaseId: state.gatePhases.get(scope.gateId) ?? context.index.gatePhases.get(scope.gateId)?.phase.phase_id };
    case "phase":
      return { phaseId: scope.phaseId };
    default:
      return {};
  }
}

function scopeLabel(effect: Effect): string {
  const scope = effect.intent.scope;
  switch (scope.kind) {
    case "gate":
      return scope.gateId;
    case "prerequisite":
      return scope.prerequisiteId;
    case "suite":
      return scope.suiteId;
    case "cleanup":
      return scope.taskId;
    default:
      return scope.kind;
  }
}
