import { completeEffect, type EffectResult } from "../engine/complete-effect.js";
import { decideNext } from "../engine/decide-next.js";
import { completeMeasure } from "../engine/measure-condition.js";
import { RunStateFolder } from "../engine/fold-journal.js";
import type { JournalEvent, WaitingFor } from "../engine/journal-event.js";
import type { DatasetDefinition, Decision, Effect, RunContext } from "../engine/run-context.js";
import type { RunState } from "../engine/run-state.js";
import { buildCheckVocabulary } from "../plan/check-kind.js";
import { parsePlanText } from "../plan/plan-document.js";
import { indexPlan } from "../plan/plan-index.js";

export interface SimulationOptions {
  /** How each effect ends: exit 0 unless this says otherwise. */
  readonly outcome?: (effect: Effect) => Partial<EffectResult> | undefined;
  readonly checks?: Readonly<Record<string, string>>;
  readonly datasets?: ReadonlyMap<string, DatasetDefinition>;
  readonly idempotentSteps?: readonly string[];
  readonly approval?: RunContext["approval"];
  readonly nowMs?: number;
  readonly ignoreWindow?: boolean;
  readonly planHash?: string;
  readonly timeScale?: number;
  readonly startedBy?: string;
  readonly metrics?: ReadonlyMap<string, import("../engine/engine-metric.js").EngineMetric>;
  /** How each metric reading ends: a value of 0 unless this says otherwise. */
  readonly reading?: (request: import("../engine/run-context.js").MeasureRequest, nowMs: number) => import("../ports/metric-provider.js").MetricReading;
  /** How long a reading takes on the simulated clock (0 unless this says otherwise). */
  readonly readMs?: (request: import("../engine/run-context.js").MeasureRequest) => number;
  /** How long an effect runs on the simulated clock (0 unless this says otherwise). */
  readonly actMs?: (effect: Effect) => number;
  /** True to kill the process at this decision (an act after its intent is durable, or a wait): the run then resumes. */
  readonly crash?: (decision: Decision) => boolean;
}

/**
 * Runs the pure engine against a plan with no IO at all: effects end as `outcome` says, time
 * jumps to each deadline. For unit tests of the decisions, and for users' own plan tests.
 */
export class RunSimulation {
  readonly folder = new RunStateFolder();
  readonly events: JournalEvent[] = [];
  readonly effects: Effect[] = [];
  nowMs: number;
  /** How many decisions of each kind the engine made, over every `advance`. */
  readonly decisions: Record<Decision["kind"], number> = { record: 0, act: 0, wait: 0, measure: 0, pause: 0, finish: 0 };
  restarts = 0;
  private seq = 0;
  readonly context: Omit<RunContext, "nowMs">;

  constructor(
    planYaml: string,
    private readonly options: SimulationOptions = {},
  ) {
    const document = parsePlanText(planYaml);
    if (document.kind === "source-problem" || document.plan === undefined) throw new Error("the simulation needs a valid plan");
    const plan = document.plan;
    const index = indexPlan(plan);
    this.nowMs = options.nowMs ?? Date.parse("2025-10-06T15:00:00Z");
    this.context = {
      plan,
      index,
      vocabulary: buildCheckVocabulary(plan, index, { checks: new Map(Object.entries(options.checks ?? {})) }),
      datasets: options.datasets ?? new Map(),
      idempotentSteps: new Set(options.idempotentSteps ?? []),
      approval: options.approval ?? { policy: "all", allowSelfApproval: false },
      ignoreWindow: options.ignoreWindow ?? true,
      actor: options.startedBy ?? "sam",
      metrics: options.metrics ?? new Map(),
    };
    this.record({
      kind: "run.created",
      planPath: "migration-strategy.yaml",
      planHash: options.planHash ?? "plan-1",
      startedBy: options.startedBy ?? "sam",
      host: "test",
      pid: 1,
      timeScale: options.timeScale ?? 1,
      fingerprints: {},
    });
  }

  get state(): RunState {
    return this.folder.state;
  }

  record(...events: JournalEvent[]): void {
    for (const event of events) {
      this.events.push(event);
      this.folder.apply({ runId: "sim", seq: ++this.seq, at: new Date(this.nowMs).toISOString(), event });
    }
  }

  /** Decides and acts until the run pauses or finishes; returns that last decision. */
  advance(limit = 10_000): Extract<Decision, { kind: "pause" | "finish" }> {
    for (let i = 0; i < limit; i++) {
      const decision = decideNext({ ...this.context, nowMs: this.nowMs }, this.state);
      this.decisions[decision.kind] += 1;
      switch (decision.kind) {
        case "record":
          this.record(...decision.events);
          break;
        case "act": {
          this.effects.push(decision.effect);
          this.record(decision.effect.intent);
          if (this.options.crash?.(decision)) {
            this.restart();
            break;
          }
          const result = { outcome: { kind: "exited", exitCode: 0 }, durationMs: 1, outputTail: "", ...this.options.outcome?.(decision.effect) } as EffectResult;
          this.nowMs += this.options.actMs?.(decision.effect) ?? 0;
          this.record(...completeEffect(decision.effect, result));
          break;
        }
        case "measure": {
          const took = this.options.readMs?.(decision.request);
          this.nowMs += took ?? 0;
          const reading = this.options.reading?.(decision.request, this.nowMs) ?? { kind: "value" as const, value: 0, at: new Date(this.nowMs).toISOString() };
          this.record(...completeMeasure(decision.request, reading, took));
          break;
        }
        case "wait":
          if (this.options.crash?.(decision)) this.restart();
          this.nowMs = Math.max(this.nowMs, decision.untilMs);
          break;
        case "pause":
          if (this.state.status !== "paused" || JSON.stringify(this.state.waitingFor) !== JSON.stringify(decision.waitingFor)) {
            this.record({ kind: "run.paused", waitingFor: decision.waitingFor });
          }
          return decision;
        case "finish":
          return decision;
      }
    }
    throw new Error("the simulated run did not settle");
  }

  /** The process died and `bascule run` started again: what the journal holds is all that is left. */
  restart(): void {
    this.restarts += 1;
    this.record({
      kind: "run.resumed",
      by: this.context.actor,
      host: "test",
      pid: 1 + this.restarts,
      planHash: this.options.planHash ?? "plan-1",
      changedSteps: [],
      fingerprints: {},
    });
  }

  /** Attests everything the run waits for, as `by`. */
  attestAll(by = "alice", verdict: "passed" | "failed" = "passed"): void {
    const waiting = this.state.waitingFor;
    if (waiting?.kind !== "attestations") throw new Error(`not waiting for attestations but ${waiting?.kind}`);
    this.record(...waiting.items.map((item) => ({ kind: "attestation.recorded" as const, scope: item.scope, site: item.site, text: item.text, by, verdict })));
  }

  waitingFor(): WaitingFor | undefined {
    return this.state.waitingFor;
  }

  /** The commands, scripts and SQL that ran, in order, as text. */
  ran(): string[] {
    return this.effects.map((e) => {
      const run = e.run;
      return run.kind === "shell" ? run.command : run.kind === "script" ? run.path : run.kind === "sql" ? `SQL ${run.sql}` : `dataset ${run.execution.command}`;
    });
  }

  kinds(): string[] {
    return this.events.map((e) => e.kind);
  }
}
