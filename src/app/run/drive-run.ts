import { completeEffect } from "../../engine/complete-effect.js";
import { decideNext } from "../../engine/decide-next.js";
import { RunStateFolder } from "../../engine/fold-journal.js";
import type { JournalEvent, Scope, WaitingFor } from "../../engine/journal-event.js";
import type { Effect, RunContext } from "../../engine/run-context.js";
import type { RunState } from "../../engine/run-state.js";
import type { Clock } from "../../ports/clock.js";
import type { JournalRecord, JournalStore } from "../../ports/journal-store.js";
import type { MetricProvider } from "../../ports/metric-provider.js";
import { completeMeasure } from "../../engine/measure-condition.js";
import type { EffectExecutor, EffectPlace } from "./effect-executor.js";
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
  const folder = new RunStateFolder();
  for (const record of await store.read(runId)) {
    folder.apply(record);
    if (options.showAfterSeq !== undefined && record.seq > options.showAfterSeq) options.observer?.onRecord?.(record, folder.state);
  }
  const logs = new StepLogBuffer(store, runId);
  // Only what must survive a power cut before the next step is synced at once: an action's
  // intent, and a pause or finish before the process exits. The rest becomes durable with it.
  const append = async (events: readonly JournalEvent[]) => {
    const durable = events.some((e) => e.kind === "action.started" || e.kind === "run.paused" || e.kind === "run.finished" || e.kind === "rollback.started");
    const records = await store.append(runId, events, new Date(clock.now()).toISOString(), statusAfter(folder, events), { durable });
    for (const record of records) {
      folder.apply(record);
      options.observer?.onRecord?.(record, folder.state);
    }
  };
  try {
    for (;;) {
      if (options.signal?.aborted) return { kind: "interrupted", state: folder.state };
      // Another process may have recorded approvals or attestations meanwhile.
      for (const record of await store.read(runId, folder.state.lastSeq)) folder.apply(record);
      const decision = decideNext({ ...options.context, nowMs: clock.now() }, folder.state);
      switch (decision.kind) {
        case "record":
          await append(decision.events);
          break;
        case "act": {
          await append([decision.effect.intent]);
          const place = placeOf(options.context, folder.state, decision.effect.intent.scope);
          const attempt = folder.state.steps.get(place.stepId ?? "")?.attempt ?? 1;
          const result = await options.executor.run(decision.effect, place, (stream, text) => {
            logs.add(place.stepId ?? scopeLabel(decision.effect), attempt, stream, text, clock.now());
            options.observer?.onOutput?.(place, stream, text);
          });
          await logs.flush();
          await append(completeEffect(decision.effect, result));
          break;
        }
        case "measure": {
          const { request } = decision;
          const reading = await options.metrics.read(request.metric.query, { timeoutMs: request.metric.timeoutMs, signal: options.signal });
          await append(completeMeasure(request, reading));
          break;
        }
        case "wait":
          await clock.sleep(Math.max(0, decision.untilMs - clock.now()), options.signal);
          break;
        case "pause": {
          const answer = await options.prompter?.ask(decision.waitingFor, folder.state);
          if (answer !== undefined && answer.length > 0) {
            await append(answer);
            break;
          }
          if (folder.state.status !== "paused" || JSON.stringify(folder.state.waitingFor) !== JSON.stringify(decision.waitingFor)) {
            await append([{ kind: "run.paused", waitingFor: decision.waitingFor }]);
          }
          return { kind: "paused", waitingFor: decision.waitingFor, state: folder.state };
        }
        case "finish":
          return { kind: "finished", status: decision.status, state: folder.state };
      }
    }
  } finally {
    await logs.flush();
  }
}

/** The run's status after these events, kept on the run's row for `bascule runs`. */
function statusAfter(folder: RunStateFolder, events: readonly JournalEvent[]) {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i] as JournalEvent;
    if (event.kind === "run.finished") return event.status;
    if (event.kind === "run.paused") return "paused" as const;
  }
  return folder.state.status === "paused" ? ("in_progress" as const) : folder.state.status;
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
  return scope.kind === "gate" ? scope.gateId : scope.kind === "prerequisite" ? scope.prerequisiteId : scope.kind;
}
