import type { DataMigrationRunState } from "./data-migration-events.js";
import type { RunStatus } from "../ports/journal-store.js";
import type {
  ActionFinished,
  ActionStarted,
  ApprovalRecorded,
  AttestationRecorded,
  CleanupDone,
  FailureResponse,
  MonitoringVerdict,
  RollbackStarted,
  SuiteOccasion,
  Verdict,
  WaitingFor,
} from "./journal-event.js";

export type StepStatus = "pending" | "running" | "succeeded" | "failed" | "rolled_back" | "rollback_failed" | "in_doubt" | "skipped";
export type PhaseStatus = "pending" | "running" | "completed" | "failed" | "rolled_back";
export type GateStatus = "pending" | "running" | "passed" | "failed";

export interface StepRunState {
  readonly status: StepStatus;
  readonly attempt: number;
  readonly reason?: string;
}

export interface GateRunState {
  readonly status: GateStatus;
  readonly attempt: number;
  readonly approvals: readonly ApprovalRecorded[];
  readonly reason?: string;
  readonly override?: string;
}

export interface SuiteRunState {
  readonly suiteId: string;
  readonly at: SuiteOccasion;
  readonly status: "running" | "passed" | "failed" | "pending";
  readonly attempt: number;
  readonly reason?: string;
  readonly override?: string;
}

/** A failure being handled: the step's own rollback first, then the gate's failure_response. */
export interface ActiveFailure {
  /** "" for a failure after the last phase (a post-migration suite, the COMPLETE gate). */
  readonly phaseId: string;
  readonly stepId?: string;
  readonly gateId?: string;
  /** A regression suite's run, by `suiteKey`. */
  readonly suiteKey?: string;
  /** The rollback a `rollback` decision starts, when not the phase's. */
  readonly rollbackLevel?: "step" | "phase" | "full";
  readonly reason: string;
  readonly stage: "own-rollback" | "respond" | "responded";
  readonly response?: FailureResponse;
  /** The phase never started: its start condition did not hold. */
  readonly startCondition?: boolean;
}

export interface ActiveRollback {
  readonly started: RollbackStarted;
  readonly undone: readonly string[];
  readonly notUndone: ReadonlyArray<{ readonly stepId: string; readonly reason: string }>;
  readonly finished?: "rolled_back" | "rollback_failed";
  readonly wall?: string;
  /** Counts rollbacks in the run, to keep their actions apart. */
  readonly number: number;
}

export interface Sample {
  readonly reading: import("../ports/metric-provider.js").MetricReading;
  readonly atMs: number;
  readonly holds?: boolean;
  readonly level?: "normal" | "alert" | "critical";
}

/** What a check site concluded, within one attempt of its scope. */
export interface SiteResult {
  readonly verdict: Verdict;
  readonly via: string;
}

/** Everything the engine knows about a run; `foldJournal(events)` and nothing else builds it. */
export interface RunState {
  readonly lastSeq: number;
  readonly planHash: string;
  readonly startedBy: string;
  readonly timeScale: number;
  readonly fingerprints: Readonly<Record<string, string>>;
  readonly status: RunStatus;
  readonly waitingFor?: WaitingFor;
  readonly finishedReason?: string;
  /** Whether this session of the run has cleared the migration window. */
  readonly windowCleared: boolean;
  readonly phases: ReadonlyMap<string, PhaseStatus>;
  readonly phaseAttempts: ReadonlyMap<string, number>;
  readonly steps: ReadonlyMap<string, StepRunState>;
  /** Which phase ran each step and owns each gate, as the journal recorded it. */
  readonly stepPhases: ReadonlyMap<string, string>;
  readonly gatePhases: ReadonlyMap<string, string>;
  readonly gates: ReadonlyMap<string, GateRunState>;
  /** Keyed by `scopeKey#attempt`, then by site. */
  readonly sites: ReadonlyMap<string, ReadonlyMap<string, SiteResult>>;
  readonly attestations: ReadonlyMap<string, ReadonlyMap<string, AttestationRecorded>>;
  readonly actions: ReadonlyMap<string, { readonly started: ActionStarted; readonly finished?: ActionFinished }>;
  readonly observations: ReadonlyMap<string, { readonly deadlineMs: number; readonly finished: boolean }>;
  /** Metric readings, keyed like `sites`, then by site, oldest first. */
  readonly samples: ReadonlyMap<string, ReadonlyMap<string, readonly Sample[]>>;
  /** A rollback level whose trigger held, waiting for its decision maker or about to fire. */
  readonly trigger?: {
    readonly level: "step" | "phase" | "full";
    readonly condition: string;
    readonly detail: string;
    readonly needsApproval: boolean;
    readonly acknowledged: boolean;
  };
  readonly failure?: ActiveFailure;
  /** A decision a person must make (manual_decision) or may make (a blocked phase). */
  readonly awaitingDecision?: { readonly phaseId: string; readonly reason: string; readonly options: readonly ("proceed" | "retry" | "rollback")[] };
  readonly pendingDecision?: "proceed" | "retry" | "rollback";
  readonly rollback?: ActiveRollback;
  readonly rollbackCount: number;
  /** Data migrations that steps' `bascule data` commands reported, by migration id. */
  readonly dataMigrations: ReadonlyMap<string, DataMigrationRunState>;
  /** Phases a person decided to start although their start condition failed (proceed). */
  readonly startWaived: ReadonlySet<string>;
  /** How long the latest reading of each trigger and health check took, by site. */
  readonly backgroundReadMs: ReadonlyMap<string, number>;
  /** The sum of `backgroundReadMs`: the real time one round of background readings takes. */
  readonly backgroundRoundMs: number;
  /** Regression suite runs, by `suiteKey(suiteId, at)`. */
  readonly suites: ReadonlyMap<string, SuiteRunState>;
  /** Risks whose contingency trigger held, by risk id. */
  readonly realisedRisks: ReadonlyMap<string, { readonly condition: string; readonly detail: string; readonly atMs: number }>;
  /** When every completion stage passed (SEMANTICS 11.3): cleanup tasks fall due from here. */
  readonly completedAtMs?: number;
  /** The post-migration monitoring period, once started. */
  readonly monitoring?: { readonly planMs: number; readonly deadlineMs: number; readonly startedAtMs: number; readonly verdicts?: readonly MonitoringVerdict[] };
  /** For each watched site that raised an alert, how many readings it had then. */
  readonly alertedSamples: ReadonlyMap<string, number>;
  /** Cleanup tasks done, by task id: the latest record of each. */
  readonly cleanups: ReadonlyMap<string, CleanupDone & { readonly atMs: number }>;
}

/** The final gate of `migration_complete_definition` when it requires approval (SEMANTICS 11.1). */
export const completeGateId = "COMPLETE";

/** The key of one run of a regression suite: `REG-1@pre_migration`, `REG-1@after:GATE-2`. */
export function suiteKey(suiteId: string, at: SuiteOccasion): string {
  return `${suiteId}@${at}`;
}

/** The state of a run before its first event; every map is new, so folds never share one. */
export function createInitialRunState(): RunState {
  return {
    lastSeq: 0,
    planHash: "",
    startedBy: "",
    timeScale: 1,
    fingerprints: {},
    status: "in_progress",
    windowCleared: false,
    phases: new Map(),
    phaseAttempts: new Map(),
    steps: new Map(),
    stepPhases: new Map(),
    gatePhases: new Map(),
    gates: new Map(),
    sites: new Map(),
    attestations: new Map(),
    actions: new Map(),
    observations: new Map(),
    samples: new Map(),
    rollbackCount: 0,
    dataMigrations: new Map(),
    startWaived: new Set(),
    backgroundReadMs: new Map(),
    backgroundRoundMs: 0,
    suites: new Map(),
    realisedRisks: new Map(),
    alertedSamples: new Map(),
    cleanups: new Map(),
  };
}

/** The attempt-qualified key of a scope, under which its site results and attestations are kept. */
export function attemptKey(scopeKey: string, attempt: number): string {
  return `${scopeKey}#${attempt}`;
}
