import type { JournalEvent } from "../engine/journal-event.js";
import type { Actor } from "./actor.js";

/** An event as stored: numbered per run, stamped with the clock's time. */
export interface JournalRecord {
  readonly runId: string;
  /** 1, 2, 3, … without gaps within a run. */
  readonly seq: number;
  /** ISO 8601, from the engine's clock. */
  readonly at: string;
  readonly event: JournalEvent;
  /** Who caused the event, through which front end; absent for events stored before actors were. */
  readonly actor?: Actor;
}

export type RunStatus = "in_progress" | "paused" | "completed" | "failed" | "rolled_back" | "rollback_failed";

export interface RunSummary {
  readonly runId: string;
  /** Which plan this run belongs to (its identity in the store); one active run per plan per store. */
  readonly planKey: string;
  readonly planPath: string;
  /** The bindings' environment the run was started for (`--env`); absent for none. */
  readonly environment?: string;
  /**
   * A run kept by a store before runs recorded their environment: its plan key is the plan's file
   * name, and its environment is unknown. A claim that resumes it records both (`ClaimRunOptions`).
   */
  readonly legacy?: true;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly startedBy: string;
}

export interface NewRun {
  readonly runId: string;
  readonly planKey: string;
  readonly planPath: string;
  /** Absent for a run started for no environment. */
  readonly environment?: string;
  readonly startedAt: string;
  readonly startedBy: string;
}

/**
 * Which runs are a plan's: those under its key, and legacy runs (`RunSummary.legacy`) under the
 * key an older store kept them by. A string is a plan key alone.
 */
export type PlanSelector = string | { readonly planKey: string; readonly legacyKey?: string };

export interface AppendOptions {
  /** @default true */
  readonly durable?: boolean;
  /** Who caused these events: kept with each record. */
  readonly actor?: Actor;
}

/** Who holds a plan's lock, as shown to the one refused it. */
export interface LockHolder {
  readonly host: string;
  readonly pid: number;
  readonly runId: string;
  /** ISO 8601. */
  readonly since: string;
  readonly heartbeat: string;
}

export type LockAttempt = { readonly kind: "acquired" } | { readonly kind: "taken-over"; readonly previous: LockHolder } | { readonly kind: "held"; readonly holder: LockHolder };

export interface AcquireLockOptions {
  readonly holder: LockHolder;
  /** A holder whose heartbeat is older than this may be taken over. */
  readonly leaseMs: number;
  /** Milliseconds since the epoch, from the engine's clock. */
  readonly nowMs: number;
  /** True when the holder is provably gone (same host, dead pid). */
  readonly isHolderGone: (holder: LockHolder) => boolean;
}

/** Which run a claim takes the lock for, chosen from the plan's latest run; or nothing, and why. */
export type RunChoice<Reason> =
  | { readonly kind: "resume"; readonly runId: string }
  | { readonly kind: "create"; readonly run: NewRun }
  /** Take nothing: the lock and the runs are left as they were. */
  | { readonly kind: "none"; readonly reason: Reason };

export interface ClaimRunOptions<Reason> extends Omit<AcquireLockOptions, "holder"> {
  /** The claimant; the lock names it with the chosen run's id. */
  readonly holder: Omit<LockHolder, "runId">;
  /**
   * Called once, inside the claim, with the plan's latest run (undefined: none yet) and all its
   * runs, newest first, as `listRuns` gives them, when the lock is free or may be taken over. A
   * created run must have the claim's plan key.
   */
  readonly choose: (latest: RunSummary | undefined, runs: readonly RunSummary[]) => RunChoice<Reason>;
  /**
   * The claimant's environment (absent: none). A legacy run it resumes is recorded from then on
   * under the claim's plan key and this environment, as a run it had started.
   */
  readonly environment?: string;
}

export type RunClaim<Reason> =
  | { readonly kind: "held"; readonly holder: LockHolder }
  | { readonly kind: "declined"; readonly reason: Reason }
  | {
      readonly kind: "claimed";
      readonly run: RunSummary;
      readonly created: boolean;
      readonly holder: LockHolder;
      /** The holder whose lock was taken over (gone, or its lease expired). */
      readonly previous?: LockHolder;
    };

export interface LogChunk {
  readonly runId: string;
  readonly stepId: string;
  readonly attempt: number;
  readonly stream: "stdout" | "stderr";
  readonly text: string;
  readonly at: string;
}

/**
 * Where runs, their journals, locks and step logs live. Appends are atomic and durable
 * before the promise resolves: the engine relies on that to record intent before acting.
 */
export interface JournalStore {
  createRun(run: NewRun): Promise<RunSummary>;
  /**
   * Appends events in one transaction, numbering them after the run's last event. Durable
   * (synced to disk) before it resolves unless `durable: false`: then it is durable once a
   * later durable append is, since a journal is written in order.
   */
  append(runId: string, events: readonly JournalEvent[], at: string, status?: RunStatus, options?: AppendOptions): Promise<readonly JournalRecord[]>;
  /** Events of a run in order, optionally only those after `afterSeq`. */
  read(runId: string, afterSeq?: number): Promise<readonly JournalRecord[]>;
  getRun(runId: string): Promise<RunSummary | undefined>;
  /** Runs, newest first, optionally of one plan. */
  listRuns(plan?: PlanSelector): Promise<readonly RunSummary[]>;
  acquireLock(planKey: string, options: AcquireLockOptions): Promise<LockAttempt>;
  /**
   * Takes the plan's lock and chooses the run it is for, creating it if so chosen, in one
   * atomic step: of several processes claiming at once, one claims and the others find the
   * lock held, or the run the first one created. Refused (`held`) while a live holder's lease
   * lasts, of the plan key's lock or of the legacy key's (an older process still running).
   */
  claimRun<Reason>(plan: PlanSelector, options: ClaimRunOptions<Reason>): Promise<RunClaim<Reason>>;
  heartbeat(planKey: string, holder: LockHolder, at: string): Promise<void>;
  releaseLock(planKey: string, holder: LockHolder): Promise<void>;
  appendLog(chunk: LogChunk): Promise<void>;
  readLogs(runId: string, stepId?: string): Promise<readonly LogChunk[]>;
  close(): Promise<void>;
}

export type JournalStoreErrorCode = "unknown-run" | "duplicate-run" | "unserialisable-event" | "lock-not-held" | "store-closed" | "newer-schema";

/** A misuse of a store by its caller (a bug), or a database this version cannot read. */
export class JournalStoreError extends Error {
  override readonly name = "JournalStoreError";
  constructor(
    readonly code: JournalStoreErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A selector's keys, whichever way it was written. */
export function planSelectorKeys(plan: PlanSelector): { readonly planKey: string; readonly legacyKey?: string } {
  return typeof plan === "string" ? { planKey: plan } : plan;
}
