import { approverRoles } from "../../engine/decide-gate.js";
import type { ApprovalRecorded, MonitoringVerdict, SuiteOccasion, WaitingFor } from "../../engine/journal-event.js";
import { completeGateId, type RunState } from "../../engine/run-state.js";
import type { PlanIndex } from "../../plan/plan-index.js";
import type { CleanupTask, Plan } from "../../plan/schema/plan-schema.js";
import { describeAttachment, type GateAttachment, indexStrategyGates } from "../../plan/strategy-gate-location.js";
import { parseCleanupTiming, scheduleCleanupTask } from "../../plan/values/cleanup-timing.js";

/** What `bascule status --json` adds for the sections of SEMANTICS 11.1 and 11.3; each only when the plan or the run has it. */
export interface WholePlanStatusReport {
  /** `validation_strategy.validation_gates[]`, in plan order. */
  readonly strategy_gates?: readonly StrategyGateStatusReport[];
  /** Regression suite runs, in the order they started. */
  readonly regression_suites?: readonly SuiteRunStatusReport[];
  readonly realised_risks?: readonly RealisedRiskReport[];
  /** The final gate, when `migration_complete_definition.approval_required` is true. */
  readonly complete_gate?: CompleteGateStatusReport;
  /** When every completion stage passed: cleanup tasks fall due from here. */
  readonly completion_reached_at?: string;
  readonly monitoring?: MonitoringStatusReport;
  /** `post_migration.cleanup_tasks[]`, in plan order. */
  readonly cleanup_tasks?: readonly CleanupTaskStatusReport[];
}

export type WholePlanGateStatus = "pending" | "running" | "passed" | "failed" | "awaiting_approval";

export interface StrategyGateStatusReport {
  readonly gate_id: string;
  readonly name?: string;
  readonly type?: "automated" | "manual" | "hybrid";
  /** `location` as written. */
  readonly location?: string;
  /** Where the run attaches it. */
  readonly attached_at: { readonly kind: GateAttachment["kind"]; readonly phase_id?: string; readonly step_id?: string; readonly description: string };
  readonly status: WholePlanGateStatus;
  readonly attempt: number;
  readonly approvals: readonly { readonly role: string; readonly identity: string }[];
  readonly reason?: string;
  readonly override?: string;
}

export interface SuiteRunStatusReport {
  readonly suite_id: string;
  readonly at: SuiteOccasion;
  readonly status: "pending" | "running" | "passed" | "failed";
  readonly attempt: number;
  readonly reason?: string;
  readonly override?: string;
}

export interface RealisedRiskReport {
  readonly risk_id: string;
  readonly condition: string;
  readonly detail: string;
  readonly at: string;
  /** The plan's `contingency.action`: prose for a person, never executed. */
  readonly action?: string;
  readonly responsible_party?: string;
}

export interface CompleteGateStatusReport {
  readonly gate_id: typeof completeGateId;
  readonly status: WholePlanGateStatus;
  readonly approvals: readonly { readonly role: string; readonly identity: string }[];
  readonly approvers: readonly string[];
  readonly reason?: string;
}

export interface MonitoringStatusReport {
  readonly started_at: string;
  /** The period's deadline. */
  readonly until: string;
  readonly over: boolean;
  /** Once the period has ended and its closing checks ran. */
  readonly verdicts?: readonly MonitoringVerdict[];
}

export type CleanupTaskStatus = "pending" | "due" | "overdue" | "done";

export interface CleanupTaskStatusReport {
  readonly task_id: string;
  readonly name?: string;
  readonly timing?: string;
  readonly responsible_party?: string;
  /** `pending`: not yet due, or the migration is not complete (then no dates). */
  readonly status: CleanupTaskStatus;
  readonly due_at?: string;
  readonly overdue_at?: string;
  /** Why no date could be given: the timing does not read as a time after migration. */
  readonly timing_problem?: string;
  readonly done_by?: string;
  readonly done_at?: string;
  readonly evidence?: string;
  /** The latest try, when it failed: the task stays open. */
  readonly last_failure?: { readonly by: string; readonly at: string; readonly detail?: string };
}

/** The whole plan's status beyond its phases, from the run's state at `nowMs` (the workspace clock). */
export function describeWholePlanStatus(plan: Plan, index: PlanIndex, state: RunState, waiting: WaitingFor | undefined, nowMs: number): WholePlanStatusReport {
  const strategyGates = indexStrategyGates(plan, index).map(({ gate, attachment }): StrategyGateStatusReport => {
    const gateState = state.gates.get(gate.gate_id);
    return {
      gate_id: gate.gate_id,
      ...(gate.name ? { name: gate.name } : {}),
      ...(gate.type ? { type: gate.type } : {}),
      ...(gate.location ? { location: gate.location } : {}),
      attached_at: describeAttachedAt(attachment),
      status: wholePlanGateStatus(state, gate.gate_id, waiting),
      attempt: gateState?.attempt ?? 0,
      approvals: approvalsOf(gateState?.approvals),
      ...(gateState?.reason ? { reason: gateState.reason } : {}),
      ...(gateState?.override ? { override: gateState.override } : {}),
    };
  });
  const suites = [...state.suites.values()].map(
    (suite): SuiteRunStatusReport => ({
      suite_id: suite.suiteId,
      at: suite.at,
      status: suite.status,
      attempt: suite.attempt,
      ...(suite.reason ? { reason: suite.reason } : {}),
      ...(suite.override ? { override: suite.override } : {}),
    }),
  );
  const risks = [...state.realisedRisks].map(([riskId, realised]): RealisedRiskReport => {
    const contingency = (plan.risk_mitigation?.migration_risks ?? []).find((r) => r.risk_id === riskId)?.contingency;
    return {
      risk_id: riskId,
      condition: realised.condition,
      detail: realised.detail,
      at: toIso(realised.atMs),
      ...(contingency?.action ? { action: contingency.action } : {}),
      ...(contingency?.responsible_party ? { responsible_party: contingency.responsible_party } : {}),
    };
  });
  const complete = describeCompleteGate(plan, state, waiting);
  const tasks = (plan.post_migration?.cleanup_tasks ?? []).map((task) => describeCleanupTask(task, state, nowMs));
  return {
    ...(strategyGates.length > 0 ? { strategy_gates: strategyGates } : {}),
    ...(suites.length > 0 ? { regression_suites: suites } : {}),
    ...(risks.length > 0 ? { realised_risks: risks } : {}),
    ...(complete ? { complete_gate: complete } : {}),
    ...(state.completedAtMs === undefined ? {} : { completion_reached_at: toIso(state.completedAtMs) }),
    ...(state.monitoring ? { monitoring: describeMonitoring(state.monitoring, nowMs) } : {}),
    ...(tasks.length > 0 ? { cleanup_tasks: tasks } : {}),
  };
}

/**
 * Where a cleanup task stands at `nowMs`: done once a passing `cleanup.done` is journaled; else
 * pending until its timing (counted from completion, compressed by the run's time scale) comes,
 * due from then, overdue past its latest time. A timing that does not read is due from completion.
 */
export function describeCleanupTask(task: CleanupTask, state: RunState, nowMs: number): CleanupTaskStatusReport {
  const done = state.cleanups.get(task.task_id);
  const base = {
    task_id: task.task_id,
    ...(task.name ? { name: task.name } : {}),
    ...(task.timing ? { timing: task.timing } : {}),
    ...(task.responsible_party ? { responsible_party: task.responsible_party } : {}),
  };
  if (done?.verdict === "passed") {
    return { ...base, status: "done", done_by: done.by, done_at: toIso(done.atMs), ...(done.evidence ? { evidence: done.evidence } : {}) };
  }
  const failure = done ? { last_failure: { by: done.by, at: toIso(done.atMs), ...(done.detail ? { detail: done.detail } : {}) } } : {};
  const timing = parseCleanupTiming(task.timing ?? "");
  const problem = timing.kind === "invalid" ? { timing_problem: task.timing ? timing.reason : "the task has no timing; it is due from completion" } : {};
  if (state.completedAtMs === undefined) return { ...base, status: "pending", ...problem, ...failure };
  if (timing.kind === "invalid") return { ...base, status: "due", ...problem, ...failure };
  const { dueAtMs, overdueAtMs } = scheduleCleanupTask(timing.value, state.completedAtMs, state.timeScale);
  const status: CleanupTaskStatus = nowMs < dueAtMs ? "pending" : nowMs > overdueAtMs ? "overdue" : "due";
  return { ...base, status, due_at: toIso(dueAtMs), overdue_at: toIso(overdueAtMs), ...failure };
}

/** A gate of the whole plan as status shows it: awaiting approval while the run waits for its signatures. */
export function wholePlanGateStatus(state: RunState, gateId: string, waiting: WaitingFor | undefined): WholePlanGateStatus {
  if (waiting?.kind === "approvals" && waiting.gateId === gateId) return "awaiting_approval";
  return state.gates.get(gateId)?.status ?? "pending";
}

function describeCompleteGate(plan: Plan, state: RunState, waiting: WaitingFor | undefined): CompleteGateStatusReport | undefined {
  const complete = plan.success_criteria?.migration_complete_definition;
  if (complete?.approval_required !== true) return undefined;
  const gateState = state.gates.get(completeGateId);
  return {
    gate_id: completeGateId,
    status: wholePlanGateStatus(state, completeGateId, waiting),
    approvals: approvalsOf(gateState?.approvals),
    // The roles the run asks to sign, as the engine reads them (a nameless list asks "Approver").
    approvers: approverRoles(complete),
    ...(gateState?.reason ? { reason: gateState.reason } : {}),
  };
}

function describeMonitoring(monitoring: NonNullable<RunState["monitoring"]>, nowMs: number): MonitoringStatusReport {
  return {
    started_at: toIso(monitoring.startedAtMs),
    until: toIso(monitoring.deadlineMs),
    over: monitoring.verdicts !== undefined || nowMs >= monitoring.deadlineMs,
    ...(monitoring.verdicts ? { verdicts: monitoring.verdicts } : {}),
  };
}

function describeAttachedAt(attachment: GateAttachment): StrategyGateStatusReport["attached_at"] {
  const description = describeAttachment(attachment);
  switch (attachment.kind) {
    case "phase":
      return { kind: "phase", phase_id: attachment.phaseId, description };
    case "step":
      return { kind: "step", phase_id: attachment.phaseId, step_id: attachment.stepId, description };
    default:
      return { kind: attachment.kind, description };
  }
}

function approvalsOf(approvals: readonly ApprovalRecorded[] | undefined): { role: string; identity: string }[] {
  return (approvals ?? []).filter((a) => a.decision === "approve").map((a) => ({ role: a.role, identity: a.identity }));
}

function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
