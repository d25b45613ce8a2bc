import type { JournalRecord } from "../ports/journal-store.js";
import { applyDataMigrationEvent, type DataMigrationRunState } from "./data-migration-events.js";
import { type ActionFinished, type ActionStarted, type AttestationRecorded, type CleanupDone, formatScope, type JournalEvent, type Scope } from "./journal-event.js";
import {
  type ActiveRollback,
  attemptKey,
  type GateRunState,
  createInitialRunState,
  type PhaseStatus,
  type Sample,
  type RunState,
  type SiteResult,
  type StepRunState,
  type SuiteRunState,
  completeGateId,
  suiteKey,
} from "./run-state.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MapKeys =
  | "phases"
  | "phaseAttempts"
  | "steps"
  | "stepPhases"
  | "gatePhases"
  | "gates"
  | "sites"
  | "attestations"
  | "actions"
  | "observations"
  | "samples"
  | "dataMigrations"
  | "startWaived"
  | "backgroundReadMs"
  | "suites"
  | "realisedRisks"
  | "alertedSamples"
  | "cleanups";
/** The fold's own, mutable view of the state: only this module writes to it. */
type Draft = Omit<Mutable<RunState>, MapKeys> & {
  phases: Map<string, PhaseStatus>;
  phaseAttempts: Map<string, number>;
  steps: Map<string, StepRunState>;
  stepPhases: Map<string, string>;
  gatePhases: Map<string, string>;
  gates: Map<string, GateRunState>;
  sites: Map<string, Map<string, SiteResult>>;
  attestations: Map<string, Map<string, AttestationRecorded>>;
  actions: Map<string, { started: ActionStarted; finished?: ActionFinished }>;
  observations: Map<string, { deadlineMs: number; finished: boolean }>;
  samples: Map<string, Map<string, Sample[]>>;
  dataMigrations: Map<string, DataMigrationRunState>;
  startWaived: Set<string>;
  backgroundReadMs: Map<string, number>;
  suites: Map<string, SuiteRunState>;
  realisedRisks: Map<string, { condition: string; detail: string; atMs: number }>;
  cleanups: Map<string, CleanupDone & { atMs: number }>;
  alertedSamples: Map<string, number>;
};

/**
 * Builds run state from journal events, one at a time. Replaying the same events always
 * gives the same state: nothing here reads the clock, the plan or the world.
 */
export class RunStateFolder {
  private readonly draft: Draft;

  constructor() {
    // The fresh maps of the initial state are this fold's own, so it may write to them.
    this.draft = createInitialRunState() as Draft;
  }

  get state(): RunState {
    return this.draft as RunState;
  }

  apply(record: JournalRecord): RunState {
    if (record.seq <= this.draft.lastSeq) return this.state;
    applyEvent(this.draft, record.event, Date.parse(record.at));
    this.draft.lastSeq = record.seq;
    return this.state;
  }
}

export function foldJournal(records: readonly JournalRecord[]): RunState {
  const folder = new RunStateFolder();
  for (const record of records) folder.apply(record);
  return folder.state;
}

/** The current attempt of a scope: site results and attestations belong to one attempt. */
export function currentAttempt(state: RunState, scope: Scope): number {
  switch (scope.kind) {
    case "step":
      return state.steps.get(scope.stepId)?.attempt ?? 0;
    case "gate":
      return state.gates.get(scope.gateId)?.attempt ?? 0;
    case "phase":
      return state.phaseAttempts.get(scope.phaseId) ?? 0;
    case "rollback":
      return state.rollbackCount;
    case "suite":
      return state.suites.get(suiteKey(scope.suiteId, scope.at))?.attempt ?? 0;
    default:
      return 1;
  }
}

function applyEvent(d: Draft, event: JournalEvent, atMs: number): void {
  switch (event.kind) {
    case "run.created":
      d.planHash = event.planHash;
      d.startedBy = event.startedBy;
      d.timeScale = event.timeScale;
      d.fingerprints = event.fingerprints;
      d.status = "in_progress";
      return;
    case "run.resumed":
      d.planHash = event.planHash;
      d.fingerprints = { ...d.fingerprints, ...event.fingerprints };
      d.windowCleared = false;
      if (d.status === "paused") d.status = "in_progress";
      d.waitingFor = undefined;
      return;
    case "lock.taken_over":
      return;
    case "window.checked":
      if (event.inside) d.windowCleared = true;
      return;
    case "window.overridden":
      d.windowCleared = true;
      return;
    case "phase.started":
      d.phases.set(event.phaseId, "running");
      d.phaseAttempts.set(event.phaseId, (d.phaseAttempts.get(event.phaseId) ?? 0) + 1);
      return;
    case "phase.completed":
      d.phases.set(event.phaseId, "completed");
      return;
    case "step.started":
      d.steps.set(event.stepId, { status: "running", attempt: event.attempt });
      d.stepPhases.set(event.stepId, event.phaseId);
      d.observations.delete(event.stepId);
      d.status = "in_progress";
      d.waitingFor = undefined;
      return;
    case "step.succeeded":
      setStep(d, event.stepId, { status: "succeeded" });
      return;
    case "step.failed":
      setStep(d, event.stepId, { status: "failed", reason: event.reason });
      d.failure = { phaseId: phaseOfStep(d, event.stepId), stepId: event.stepId, reason: event.reason, stage: "own-rollback" };
      return;
    case "step.in_doubt":
      setStep(d, event.stepId, { status: "in_doubt" });
      return;
    case "step.resolved":
      if (event.as === "succeeded") setStep(d, event.stepId, { status: "succeeded" });
      else if (event.as === "failed") setStep(d, event.stepId, { status: "failed", reason: `resolved as failed by ${event.by}` });
      else setStep(d, event.stepId, { status: "pending" });
      if (event.as === "failed") {
        // Whatever the interrupted action changed may be in place: undo the step first.
        d.failure = { phaseId: phaseOfStep(d, event.stepId), stepId: event.stepId, reason: `resolved as failed by ${event.by}`, stage: "own-rollback" };
      }
      d.waitingFor = undefined;
      if (d.status === "paused") d.status = "in_progress";
      return;
    case "step.skipped":
      setStep(d, event.stepId, { status: "skipped", reason: event.reason });
      return;
    case "action.started":
      d.actions.set(event.actionId, { started: event });
      return;
    case "action.finished": {
      const entry = d.actions.get(event.actionId);
      if (entry) entry.finished = event;
      return;
    }
    case "check.evaluated":
      sitesOf(d, event.scope).set(event.site, { verdict: event.verdict, via: event.via });
      return;
    case "attestation.recorded": {
      const key = attemptKey(formatScope(event.scope), currentAttempt(d, event.scope));
      const map = d.attestations.get(key) ?? new Map<string, AttestationRecorded>();
      map.set(event.site, event);
      d.attestations.set(key, map);
      return;
    }
    case "observation.started":
      d.observations.set(event.stepId, { deadlineMs: Date.parse(event.deadline), finished: false });
      return;
    case "observation.finished": {
      const observation = d.observations.get(event.stepId);
      if (observation) observation.finished = true;
      return;
    }
    case "gate.started": {
      const previous = d.gates.get(event.gateId);
      // A rejection ends its attempt; approvals carry over and still count if the evidence is unchanged.
      const approvals = (previous?.approvals ?? []).filter((a) => a.decision !== "reject");
      d.gates.set(event.gateId, { status: "running", attempt: (previous?.attempt ?? 0) + 1, approvals });
      d.gatePhases.set(event.gateId, event.phaseId);
      return;
    }
    case "approval.recorded": {
      const gate = d.gates.get(event.gateId) ?? { status: "pending" as const, attempt: 0, approvals: [] };
      d.gates.set(event.gateId, { ...gate, approvals: [...gate.approvals, event] });
      return;
    }
    case "gate.passed": {
      const gate = d.gates.get(event.gateId);
      d.gates.set(event.gateId, { status: "passed", attempt: gate?.attempt ?? 1, approvals: gate?.approvals ?? [], override: event.override });
      return;
    }
    case "gate.failed": {
      const gate = d.gates.get(event.gateId);
      d.gates.set(event.gateId, { status: "failed", attempt: gate?.attempt ?? 1, approvals: gate?.approvals ?? [], reason: event.reason });
      const phaseId = d.gatePhases.get(event.gateId) ?? "";
      if (phaseId === "" || event.gateId === completeGateId) {
        // A gate outside any phase is no phase's to answer: its own failure handling decides, and rollback means all of it.
        const response = event.response ?? "manual_decision";
        d.failure = { phaseId: "", gateId: event.gateId, reason: event.reason, stage: "responded", response, rollbackLevel: "full" };
        if (response === "manual_decision") d.awaitingDecision = { phaseId: "", reason: event.reason, options: ["proceed", "retry", "rollback"] };
      } else d.failure = { phaseId, gateId: event.gateId, reason: event.reason, stage: "respond" };
      return;
    }
    case "phase.failed":
      d.phases.set(event.phaseId, "failed");
      // A phase whose start condition failed has no failure yet: this event is its failure, handled once.
      d.failure = d.failure
        ? { ...d.failure, stage: "responded", response: event.response }
        : { phaseId: event.phaseId, reason: event.reason, stage: "responded", response: event.response, startCondition: true };
      if (event.response !== "rollback") {
        const options = event.response === "block" ? (["retry", "rollback"] as const) : (["proceed", "retry", "rollback"] as const);
        d.awaitingDecision = { phaseId: event.phaseId, reason: event.reason, options };
      }
      return;
    case "decision.recorded":
      applyDecision(d, event.decision);
      return;
    case "rollback.started":
      d.rollbackCount += 1;
      d.rollback = { started: event, undone: [], notUndone: [], wall: event.wall, number: d.rollbackCount };
      d.awaitingDecision = undefined;
      d.pendingDecision = undefined;
      d.status = "in_progress";
      d.waitingFor = undefined;
      return;
    case "rollback.step_undone":
      setStep(d, event.stepId, { status: "rolled_back", reason: d.steps.get(event.stepId)?.reason });
      if (d.rollback) d.rollback = { ...d.rollback, undone: [...d.rollback.undone, event.stepId] };
      return;
    case "rollback.step_not_undone":
      if (d.rollback) d.rollback = { ...d.rollback, notUndone: [...d.rollback.notUndone, { stepId: event.stepId, reason: event.reason }] };
      return;
    case "rollback.finished":
      if (d.rollback) {
        // Steps the rollback never reached are not undone either, and say why.
        const listed = new Set(d.rollback.notUndone.map((n) => n.stepId));
        const behindWall = new Set(d.rollback.started.behindWall ?? []);
        const unreached = event.notUndone
          .filter((id) => !listed.has(id))
          .map((stepId) => ({
            stepId,
            reason: behindWall.has(stepId)
              ? `behind the wall at ${event.wall ?? d.rollback?.wall}: can_rollback_from_here is false`
              : "not reached: the rollback stopped at an earlier failure",
          }));
        finishRollback(d, { ...d.rollback, notUndone: [...d.rollback.notUndone, ...unreached] }, event.outcome);
      }
      return;
    case "metric.sampled": {
      const key = attemptKey(formatScope(event.scope), currentAttempt(d, event.scope));
      const bySite = d.samples.get(key) ?? new Map<string, Sample[]>();
      const list = bySite.get(event.site) ?? [];
      list.push({ reading: event.reading, atMs, ...(event.holds === undefined ? {} : { holds: event.holds }), ...(event.level ? { level: event.level } : {}) });
      bySite.set(event.site, list);
      d.samples.set(key, bySite);
      if (event.purpose !== "check" && event.purpose !== "observation" && event.readMs !== undefined) {
        d.backgroundRoundMs += event.readMs - (d.backgroundReadMs.get(event.site) ?? 0);
        d.backgroundReadMs.set(event.site, event.readMs);
      }
      return;
    }
    case "trigger.fired":
      if (event.source?.kind === "risk") d.realisedRisks.set(event.source.riskId, { condition: event.condition, detail: event.detail, atMs });
      d.trigger = { level: event.level, condition: event.condition, detail: event.detail, needsApproval: event.needsApproval, acknowledged: false };
      if (event.needsApproval) {
        d.awaitingDecision = { phaseId: runningPhase(d), reason: `${event.detail}; ${event.decisionMaker ?? "the decision maker"} decides`, options: ["rollback", "proceed"] };
      }
      return;
    case "run.paused":
      d.status = "paused";
      d.waitingFor = event.waitingFor;
      return;
    case "data.progress":
    case "data.paused":
    case "data.resumed":
    case "data.finished":
    case "data.reconciled":
    case "data.rolled_back":
      applyDataMigrationEvent(d.dataMigrations, event);
      return;
    case "suite.started":
      clearSuiteDoubt(d, event.suiteId);
      d.suites.set(suiteKey(event.suiteId, event.at), { suiteId: event.suiteId, at: event.at, status: "running", attempt: event.attempt });
      return;
    case "suite.passed":
      clearSuiteDoubt(d, event.suiteId);
      setSuite(d, suiteKey(event.suiteId, event.at), { status: "passed", ...(event.override ? { override: event.override } : {}) });
      return;
    case "suite.failed": {
      clearSuiteDoubt(d, event.suiteId);
      const key = suiteKey(event.suiteId, event.at);
      setSuite(d, key, { status: "failed", reason: event.reason });
      const reason = `regression suite ${event.suiteId} failed: ${event.reason}`;
      if (event.at.startsWith("after:")) {
        // After a phase gate: the phase has failed, and its gate's failure_response decides.
        d.failure = { phaseId: d.gatePhases.get(event.at.slice("after:".length)) ?? runningPhase(d), suiteKey: key, reason, stage: "respond" };
      } else if (event.at === "pre_migration") {
        // Nothing has changed yet: the run fails, with nothing to undo; a retry runs the suite again.
        d.failure = { phaseId: "", suiteKey: key, reason, stage: "responded", response: "block" };
      } else if (event.at === "post_migration") {
        d.failure = { phaseId: "", suiteKey: key, reason, stage: "responded", response: "manual_decision", rollbackLevel: "full" };
        d.awaitingDecision = { phaseId: "", reason, options: ["proceed", "retry", "rollback"] };
      }
      return;
    }
    case "alert.raised":
      d.alertedSamples.set(event.site, event.sampleCount);
      return;
    case "completion.reached":
      d.completedAtMs = atMs;
      return;
    case "monitoring.started":
      d.monitoring = { planMs: event.planMs, deadlineMs: Date.parse(event.deadline), startedAtMs: atMs };
      return;
    case "monitoring.finished":
      if (d.monitoring) d.monitoring = { ...d.monitoring, verdicts: event.verdicts };
      return;
    case "cleanup.done":
      d.cleanups.set(event.taskId, { ...event, atMs });
      return;
    case "run.finished":
      d.status = event.status;
      d.finishedReason = event.reason;
      d.waitingFor = undefined;
      return;
  }
}

function finishRollback(d: Draft, rollback: ActiveRollback, outcome: "rolled_back" | "rollback_failed"): void {
  d.rollback = { ...rollback, finished: outcome };
  for (const { stepId } of rollback.notUndone) {
    if (d.steps.get(stepId)?.status === "failed" && outcome === "rollback_failed") setStep(d, stepId, { status: "rollback_failed" });
  }
  if (rollback.started.trigger === "failure" && d.failure?.stage === "own-rollback") {
    d.failure = { ...d.failure, stage: "respond" };
  }
  if (rollback.started.level !== "step" || rollback.started.trigger !== "failure") {
    for (const stepId of rollback.undone) {
      const phaseId = phaseOfStep(d, stepId);
      if (phaseId) d.phases.set(phaseId, "rolled_back");
    }
  }
}

function runningPhase(d: Draft): string {
  for (const [phaseId, status] of d.phases) if (status === "running") return phaseId;
  return "";
}

function applyDecision(d: Draft, decision: "proceed" | "retry" | "rollback"): void {
  const failure = d.failure;
  if (d.trigger !== undefined && !d.trigger.acknowledged && failure === undefined) {
    // A trigger's decision: roll back at its level, or go on and stop watching it.
    d.trigger = { ...d.trigger, acknowledged: true, needsApproval: decision === "rollback" ? d.trigger.needsApproval : false };
    d.awaitingDecision = undefined;
    d.waitingFor = undefined;
    d.status = "in_progress";
    d.pendingDecision = decision === "rollback" ? "rollback" : undefined;
    return;
  }
  d.awaitingDecision = undefined;
  d.waitingFor = undefined;
  d.status = "in_progress";
  if (decision === "rollback") {
    d.pendingDecision = "rollback";
    return;
  }
  d.pendingDecision = undefined;
  d.failure = undefined;
  d.rollback = undefined;
  if (failure === undefined) {
    // A retry after a finished rollback: undone steps run again from the first one.
    for (const [stepId, step] of d.steps) if (step.status === "rolled_back") setStep(d, stepId, { status: "pending" });
    for (const [phaseId, status] of d.phases) if (status === "rolled_back" || status === "failed") d.phases.set(phaseId, "running");
    return;
  }
  if (failure.startCondition) {
    // Retry checks the start condition again in a new attempt; proceed starts the phase without it.
    if (decision === "retry") d.phases.set(failure.phaseId, "pending");
    else {
      d.startWaived.add(failure.phaseId);
      d.phases.set(failure.phaseId, "running");
    }
    return;
  }
  if (failure.phaseId !== "") d.phases.set(failure.phaseId, "running");
  if (failure.suiteKey !== undefined) {
    // Retry runs the suite again in a new attempt; proceed goes on past its failure.
    setSuite(d, failure.suiteKey, decision === "retry" ? { status: "pending" } : { status: "passed", override: "proceed decided after failure" });
  }
  if (failure.stepId !== undefined) {
    setStep(d, failure.stepId, decision === "retry" ? { status: "pending" } : { status: "skipped", reason: "proceed decided after failure" });
  }
  if (failure.gateId !== undefined) {
    const gate = d.gates.get(failure.gateId);
    if (decision === "retry") d.gates.set(failure.gateId, { status: "pending", attempt: gate?.attempt ?? 0, approvals: gate?.approvals ?? [] });
    else d.gates.set(failure.gateId, { status: "passed", attempt: gate?.attempt ?? 1, approvals: [], override: "proceed decided after failure" });
  }
  for (const [stepId, step] of d.steps) if (step.status === "rolled_back") setStep(d, stepId, { status: "pending" });
}

/** A suite that was in doubt is answered by its next event. */
function clearSuiteDoubt(d: Draft, suiteId: string): void {
  if (d.waitingFor?.kind !== "in-doubt" || d.waitingFor.stepId !== suiteId) return;
  d.waitingFor = undefined;
  if (d.status === "paused") d.status = "in_progress";
}

function setSuite(d: Draft, key: string, change: Partial<SuiteRunState>): void {
  const previous = d.suites.get(key);
  if (previous !== undefined) d.suites.set(key, { ...previous, ...change });
}

function setStep(d: Draft, stepId: string, change: Partial<StepRunState> & Pick<StepRunState, "status">): void {
  const previous = d.steps.get(stepId) ?? { status: "pending" as const, attempt: 0 };
  d.steps.set(stepId, { attempt: previous.attempt, ...change });
}

function sitesOf(d: Draft, scope: Scope): Map<string, SiteResult> {
  const key = attemptKey(formatScope(scope), currentAttempt(d, scope));
  let map = d.sites.get(key);
  if (map === undefined) {
    map = new Map();
    d.sites.set(key, map);
  }
  return map;
}

function phaseOfStep(d: Draft, stepId: string): string {
  return d.stepPhases.get(stepId) ?? "";
}
