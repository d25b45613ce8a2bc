import type { DataMigrationRunState, DataMigrationStatus } from "../../engine/data-migration-events.js";
import type { WaitingFor } from "../../engine/journal-event.js";
import type { GateStatus, RunState, StepStatus } from "../../engine/run-state.js";
import type { PlanIndex } from "../../plan/plan-index.js";
import type { Plan } from "../../plan/schema/plan-schema.js";
import type { RunStatus, RunSummary } from "../../ports/journal-store.js";
import type { Remedy } from "../run-service/remedy.js";
import { describeWholePlanStatus, type WholePlanStatusReport } from "./describe-whole-plan-status.js";

/** `bascule status --json`: a documented, stable shape. */
export interface RunStatusReport extends WholePlanStatusReport {
  readonly run: {
    readonly id: string;
    readonly status: RunStatus;
    readonly started_at: string;
    readonly started_by: string;
    readonly updated_at: string;
    readonly reason?: string;
  };
  readonly phases: ReadonlyArray<{
    readonly phase_id: string;
    readonly status: "pending" | "running" | "completed" | "failed" | "rolled_back";
    readonly gate?: {
      readonly gate_id: string;
      readonly status: "pending" | "passed" | "failed" | "awaiting_approval";
      readonly approvals: readonly { role: string; identity: string }[];
    };
    readonly steps: ReadonlyArray<{ readonly step_id: string; readonly status: StepStatus; readonly attempt: number; readonly reason?: string }>;
  }>;
  /** What the run waits for when paused (or blocked), with what would answer it. */
  readonly waiting_for?: WaitingFor & { readonly remedies: readonly Remedy[] };
  /** Data migrations run by steps (`bascule data run`), with their latest progress. */
  readonly data_migrations?: ReadonlyArray<DataMigrationStatusReport>;
  readonly rollback?: {
    readonly level: string;
    readonly outcome?: "rolled_back" | "rollback_failed";
    readonly undone: readonly string[];
    readonly not_undone: ReadonlyArray<{ readonly step_id: string; readonly reason: string }>;
    readonly wall?: string;
  };
}

export interface DataMigrationStatusReport {
  readonly migration_id: string;
  readonly step_id?: string;
  readonly status: DataMigrationStatus;
  readonly rows_done: number;
  readonly rows_total: number;
  readonly batches_done: number;
  readonly rows_per_second: number;
  /** Seconds left at the current pace; absent until there is a pace. */
  readonly eta_seconds?: number;
  readonly batch_size?: number;
  readonly workers?: number;
  readonly paused_reason?: string;
  readonly message?: string;
  readonly reconciliation?: { readonly passed: boolean; readonly match_ratio: number; readonly difference_count: number };
}

function describeDataMigration(data: DataMigrationRunState): DataMigrationStatusReport {
  const r = data.reconciliation;
  return {
    migration_id: data.migrationId,
    ...(data.stepId ? { step_id: data.stepId } : {}),
    status: data.status,
    rows_done: data.rowsDone,
    rows_total: data.rowsTotal,
    batches_done: data.batchesDone,
    rows_per_second: Math.round(data.rowsPerSecond),
    ...(data.etaMs === undefined ? {} : { eta_seconds: Math.ceil(data.etaMs / 1000) }),
    ...(data.batchSize === undefined ? {} : { batch_size: data.batchSize }),
    ...(data.workers === undefined ? {} : { workers: data.workers }),
    ...(data.pausedReason ? { paused_reason: data.pausedReason } : {}),
    ...(data.message ? { message: data.message } : {}),
    ...(r ? { reconciliation: { passed: r.passed, match_ratio: r.matchRatio, difference_count: r.differenceCount } } : {}),
  };
}

/** The run's status as `bascule status` shows it; `nowMs` (the workspace clock) says which cleanup tasks are due. */
export function describeRunStatus(plan: { readonly plan: Plan; readonly index: PlanIndex }, run: RunSummary, state: RunState, nowMs: number): RunStatusReport {
  const { index } = plan;
  const waiting = state.waitingFor ?? (state.awaitingDecision ? ({ kind: "decision", ...state.awaitingDecision } as const) : undefined);
  return {
    run: {
      id: run.runId,
      status: state.status,
      started_at: run.startedAt,
      started_by: run.startedBy,
      updated_at: run.updatedAt,
      ...(state.finishedReason ? { reason: state.finishedReason } : {}),
    },
    phases: index.phases.map(({ phase, gate, steps }) => {
      const gateState = gate ? state.gates.get(gate.gate_id) : undefined;
      const awaiting = waiting?.kind === "approvals" && gate !== undefined && waiting.gateId === gate.gate_id;
      const gateStatus: "pending" | "passed" | "failed" | "awaiting_approval" = awaiting ? "awaiting_approval" : simpleGate(gateState?.status);
      return {
        phase_id: phase.phase_id,
        status: state.phases.get(phase.phase_id) ?? "pending",
        ...(gate
          ? {
              gate: {
                gate_id: gate.gate_id,
                status: gateStatus,
                approvals: (gateState?.approvals ?? []).filter((a) => a.decision === "approve").map((a) => ({ role: a.role, identity: a.identity })),
              },
            }
          : {}),
        steps: steps.map(({ step }) => {
          const s = state.steps.get(step.step_id);
          return { step_id: step.step_id, status: s?.status ?? "pending", attempt: s?.attempt ?? 0, ...(s?.reason ? { reason: s.reason } : {}) };
        }),
      };
    }),
    ...(state.dataMigrations.size > 0 ? { data_migrations: [...state.dataMigrations.values()].map(describeDataMigration) } : {}),
    ...(waiting ? { waiting_for: { ...waiting, remedies: waitRemedies(waiting, run.environment) } } : {}),
    ...(state.rollback
      ? {
          rollback: {
            level: state.rollback.started.level,
            ...(state.rollback.finished ? { outcome: state.rollback.finished } : {}),
            undone: state.rollback.undone,
            not_undone: state.rollback.notUndone.map((n) => ({ step_id: n.stepId, reason: n.reason })),
            ...(state.rollback.wall ? { wall: state.rollback.wall } : {}),
          },
        }
      : {}),
    ...describeWholePlanStatus(plan.plan, index, state, waiting, nowMs),
  };
}

function simpleGate(status: GateStatus | undefined): "pending" | "passed" | "failed" {
  return status === "passed" ? "passed" : status === "failed" ? "failed" : "pending";
}

/** What would answer what the run waits for; a run is continued only in its own environment, so each names it. */
export function waitRemedies(waiting: WaitingFor, environment?: string): Remedy[] {
  const env = environment ? { environment } : {};
  switch (waiting.kind) {
    case "window":
      return [{ kind: "run", ignoreWindow: true, ...env }];
    case "attestations":
      return waiting.items.map((item) => ({ kind: "attest", text: item.text, ...env }));
    case "approvals":
      return waiting.roles.map((role) => ({ kind: "approve", gateId: waiting.gateId, role, ...env }));
    case "decision":
      return waiting.options.map(
        (option): Remedy =>
          option === "rollback" ? { kind: "rollback", level: "phase", ...env } : option === "retry" ? { kind: "retry", ...env } : { kind: "decide", decision: "proceed", ...env },
      );
    case "in-doubt":
      return [{ kind: "resolve", stepId: waiting.stepId, ...env }];
  }
}
