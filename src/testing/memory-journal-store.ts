import type { Actor } from "../ports/actor.js";
import type { JournalEvent } from "../engine/journal-event.js";
import {
  type AcquireLockOptions,
  type ClaimRunOptions,
  type JournalRecord,
  type JournalStore,
  JournalStoreError,
  type LockAttempt,
  type LockHolder,
  type LogChunk,
  type NewRun,
  type AppendOptions,
  type PlanSelector,
  planSelectorKeys,
  type RunClaim,
  type RunStatus,
  type RunSummary,
} from "../ports/journal-store.js";

interface StoredEvent {
  readonly seq: number;
  readonly at: string;
  readonly json: string;
  readonly actor?: Actor;
}

interface MemoryDatabase {
  // Insertion order is the tie-breaker when runs start at the same instant.
  readonly runs: Map<string, RunSummary>;
  readonly events: Map<string, StoredEvent[]>;
  readonly locks: Map<string, LockHolder>;
  readonly logs: LogChunk[];
}

/**
 * The journal store in memory, for tests of the engine and of users' code. Events are kept as
 * JSON text, as a real store keeps them, so a test sees what a real store would give back.
 * `new MemoryJournalStore(other)` opens a second store on `other`'s data, as a second
 * connection to one database file would.
 */
export class MemoryJournalStore implements JournalStore {
  readonly #db: MemoryDatabase;
  #closed = false;

  constructor(sharedWith?: MemoryJournalStore) {
    this.#db = sharedWith === undefined ? { runs: new Map(), events: new Map(), locks: new Map(), logs: [] } : sharedWith.#db;
  }

  async createRun(run: NewRun): Promise<RunSummary> {
    this.#assertOpen();
    return this.#insertRun(run);
  }

  #insertRun(run: NewRun): RunSummary {
    if (this.#db.runs.has(run.runId)) throw new JournalStoreError("duplicate-run", `run ${run.runId} already exists`);
    const summary: RunSummary = {
      runId: run.runId,
      planKey: run.planKey,
      planPath: run.planPath,
      ...(run.environment ? { environment: run.environment } : {}),
      status: "in_progress",
      startedAt: run.startedAt,
      updatedAt: run.startedAt,
      startedBy: run.startedBy,
    };
    this.#db.runs.set(run.runId, summary);
    return summary;
  }

  async append(runId: string, events: readonly JournalEvent[], at: string, status?: RunStatus, options: AppendOptions = {}): Promise<readonly JournalRecord[]> {
    this.#assertOpen();
    const run = this.#db.runs.get(runId);
    if (run === undefined) throw new JournalStoreError("unknown-run", `cannot append to unknown run ${runId}`);
    const texts = events.map((event) => serialise(event, runId));
    const stored = this.#db.events.get(runId) ?? [];
    const actor = options.actor ? { name: options.actor.name, via: options.actor.via } : undefined;
    const added = texts.map((json, index) => ({ seq: stored.length + index + 1, at, json, ...(actor ? { actor } : {}) }));
    this.#db.events.set(runId, [...stored, ...added]);
    if (added.length > 0 || status !== undefined) this.#db.runs.set(runId, { ...run, status: status ?? run.status, updatedAt: at });
    return added.map((each) => toRecord(runId, each));
  }

  async read(runId: string, afterSeq = 0): Promise<readonly JournalRecord[]> {
    this.#assertOpen();
    return (this.#db.events.get(runId) ?? []).filter((each) => each.seq > afterSeq).map((each) => toRecord(runId, each));
  }

  async getRun(runId: string): Promise<RunSummary | undefined> {
    this.#assertOpen();
    return this.#db.runs.get(runId);
  }

  async listRuns(plan?: PlanSelector): Promise<readonly RunSummary[]> {
    this.#assertOpen();
    return this.#runs(plan);
  }

  #runs(plan?: PlanSelector): RunSummary[] {
    const keys = plan === undefined ? undefined : planSelectorKeys(plan);
    const isPlans = (run: RunSummary) => keys === undefined || run.planKey === keys.planKey || (run.legacy === true && run.planKey === keys.legacyKey);
    const inOrderOfCreation = [...this.#db.runs.values()].filter(isPlans);
    // Newest first; for equal start times the later-created first, as SQLite's rowid orders them.
    return inOrderOfCreation.reverse().sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
  }

  async acquireLock(planKey: string, options: AcquireLockOptions): Promise<LockAttempt> {
    this.#assertOpen();
    const current = this.#db.locks.get(planKey);
    if (current === undefined) {
      this.#db.locks.set(planKey, options.holder);
      return { kind: "acquired" };
    }
    if (isSameHolder(current, options.holder)) {
      this.#db.locks.set(planKey, { ...current, heartbeat: options.holder.heartbeat });
      return { kind: "acquired" };
    }
    const leaseExpired = options.nowMs - Date.parse(current.heartbeat) > options.leaseMs;
    if (!leaseExpired && !options.isHolderGone(current)) return { kind: "held", holder: current };
    this.#db.locks.set(planKey, options.holder);
    return { kind: "taken-over", previous: current };
  }

  // No await from reading the lock to writing it: in one event loop, that is one atomic step.
  async claimRun<Reason>(plan: PlanSelector, options: ClaimRunOptions<Reason>): Promise<RunClaim<Reason>> {
    this.#assertOpen();
    const { planKey, legacyKey } = planSelectorKeys(plan);
    const isLive = (holder: LockHolder) => options.nowMs - Date.parse(holder.heartbeat) <= options.leaseMs && !options.isHolderGone(holder);
    const current = this.#db.locks.get(planKey);
    if (current !== undefined && isLive(current)) return { kind: "held", holder: current };
    const legacyHolder = legacyKey === undefined || legacyKey === planKey ? undefined : this.#db.locks.get(legacyKey);
    if (legacyHolder !== undefined && isLive(legacyHolder)) return { kind: "held", holder: legacyHolder };
    const runs = this.#runs(plan);
    const choice = options.choose(runs[0], runs);
    if (choice.kind === "none") return { kind: "declined", reason: choice.reason };
    let run: RunSummary;
    if (choice.kind === "create") {
      run = this.#insertRun(choice.run);
    } else {
      const chosen = this.#db.runs.get(choice.runId);
      if (chosen === undefined) throw new JournalStoreError("unknown-run", `cannot claim unknown run ${choice.runId}`);
      run = chosen.legacy === true ? this.#adopt(chosen, planKey, options.environment) : chosen;
    }
    const holder: LockHolder = { ...options.holder, runId: run.runId };
    this.#db.locks.set(planKey, holder);
    return { kind: "claimed", run, created: choice.kind === "create", holder, ...(current === undefined ? {} : { previous: current }) };
  }

  #adopt(run: RunSummary, planKey: string, environment: string | undefined): RunSummary {
    const { legacy: _legacy, ...rest } = run;
    const adopted: RunSummary = { ...rest, planKey, ...(environment ? { environment } : {}) };
    this.#db.runs.set(run.runId, adopted);
    return adopted;
  }

  async heartbeat(planKey: string, holder: LockHolder, at: string): Promise<void> {
    this.#assertOpen();
    const current = this.#db.locks.get(planKey);
    if (current === undefined || !isSameHolder(current, holder)) {
      throw new JournalStoreError("lock-not-held", `the lock of ${planKey} is no longer held by run ${holder.runId} (pid ${holder.pid} on ${holder.host})`);
    }
    this.#db.locks.set(planKey, { ...current, heartbeat: at });
  }

  async releaseLock(planKey: string, holder: LockHolder): Promise<void> {
    this.#assertOpen();
    const current = this.#db.locks.get(planKey);
    if (current !== undefined && isSameHolder(current, holder)) this.#db.locks.delete(planKey);
  }

  async appendLog(chunk: LogChunk): Promise<void> {
    this.#assertOpen();
    this.#db.logs.push({ ...chunk });
  }

  async readLogs(runId: string, stepId?: string): Promise<readonly LogChunk[]> {
    this.#assertOpen();
    return this.#db.logs.filter((chunk) => chunk.runId === runId && (stepId === undefined || chunk.stepId === stepId));
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw new JournalStoreError("store-closed", "the journal store is closed");
  }
}

function isSameHolder(a: LockHolder, b: LockHolder): boolean {
  return a.host === b.host && a.pid === b.pid && a.runId === b.runId;
}

function serialise(event: JournalEvent, runId: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(event);
  } catch (cause) {
    throw new JournalStoreError("unserialisable-event", `an event of run ${runId} cannot be stored as JSON`, { cause });
  }
  if (typeof text !== "string") throw new JournalStoreError("unserialisable-event", `an event of run ${runId} has no JSON form`);
  return text;
}

function toRecord(runId: string, stored: StoredEvent): JournalRecord {
  return { runId, seq: stored.seq, at: stored.at, event: JSON.parse(stored.json) as JournalEvent, ...(stored.actor ? { actor: { ...stored.actor } } : {}) };
}
