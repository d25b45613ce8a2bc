import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { JournalEvent } from "../../engine/journal-event.js";
import type { Actor } from "../../ports/actor.js";
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
} from "../../ports/journal-store.js";
import { migrateJournalSchema } from "./sqlite-journal-schema.js";

export interface SqliteJournalStoreOptions {
  /**
   * `full` makes every commit fsync the write-ahead log, so an append that resolved survives a
   * power loss or kernel crash, which is what lets the engine record intent before acting.
   * `normal` survives a crash of the process only; for benchmarks and throwaway rehearsals.
   * @default "full"
   */
  readonly synchronous?: "full" | "normal";
  /**
   * How long a write waits for another process's transaction before failing.
   * @default 10000
   */
  readonly busyTimeoutMs?: number;
}

/** Opens (creating if needed, with its folder) the SQLite state store at `path`. */
export function openSqliteJournalStore(path: string, options: SqliteJournalStoreOptions = {}): SqliteJournalStore {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    // Two processes creating the store at once can deadlock switching it to WAL; SQLite then
    // answers "database is locked" at once rather than wait, so the loser backs off and retries.
    retryWhileBusy(busyTimeoutMs, () => db.pragma("journal_mode = WAL"));
    // In WAL mode NORMAL does not fsync at commit: a power cut could lose appends the engine
    // already acted on (a step it started, with no record of it). FULL fsyncs every commit.
    db.pragma(`synchronous = ${options.synchronous === "normal" ? "NORMAL" : "FULL"}`);
    db.pragma("foreign_keys = ON");
    retryWhileBusy(busyTimeoutMs, () => migrateJournalSchema(db));
    return new SqliteJournalStore(db, options.synchronous === "normal" ? "NORMAL" : "FULL");
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Runs `work` again, after a short random pause, while SQLite answers SQLITE_BUSY, for up to `timeoutMs`. */
function retryWhileBusy<T>(timeoutMs: number, work: () => T): T {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return work();
    } catch (error) {
      if (!isBusyError(error) || Date.now() >= deadline) throw error;
      // Opening is synchronous, so the pause is too; jitter keeps two racers from meeting again.
      Atomics.wait(pauseCell, 0, 0, 5 + Math.random() * 20);
    }
  }
}

const pauseCell = new Int32Array(new SharedArrayBuffer(4));

function isBusyError(error: unknown): boolean {
  return error instanceof Database.SqliteError && (error.code === "SQLITE_BUSY" || error.code.startsWith("SQLITE_BUSY_"));
}

interface RunRow {
  id: string;
  plan_key: string;
  plan_path: string;
  environment: string | null;
  status: RunStatus;
  started_at: string;
  updated_at: string;
  started_by: string;
}
interface EventRow {
  seq: number;
  at: string;
  payload: string;
  actor: string | null;
}
interface LockRow {
  host: string;
  pid: number;
  run_id: string;
  since: string;
  heartbeat: string;
}
interface LogRow {
  run_id: string;
  step_id: string;
  attempt: number;
  stream: "stdout" | "stderr";
  text: string;
  at: string;
}

function prepareStatements(db: Database.Database) {
  return {
    insertRun: db.prepare<[string, string, string, string, string, string, string]>(
      "INSERT INTO runs (id, plan_key, plan_path, environment, status, started_at, updated_at, started_by) VALUES (?, ?, ?, ?, 'in_progress', ?, ?, ?)",
    ),
    getRun: db.prepare<[string], RunRow>("SELECT * FROM runs WHERE id = ?"),
    listRuns: db.prepare<[], RunRow>("SELECT * FROM runs ORDER BY started_at DESC, rowid DESC"),
    listPlanRuns: db.prepare<[string, string | null], RunRow>(
      "SELECT * FROM runs WHERE plan_key = ? OR (environment IS NULL AND plan_key = ?) ORDER BY started_at DESC, rowid DESC",
    ),
    adoptRun: db.prepare<[string, string, string]>("UPDATE runs SET plan_key = ?, environment = ? WHERE id = ? AND environment IS NULL"),
    touchRun: db.prepare<[string, string | null, string]>("UPDATE runs SET updated_at = ?, status = coalesce(?, status) WHERE id = ?"),
    lastSeq: db.prepare<[string], number>("SELECT coalesce(max(seq), 0) FROM events WHERE run_id = ?").pluck(),
    insertEvent: db.prepare<[string, number, string, string, string, string | null]>("INSERT INTO events (run_id, seq, at, kind, payload, actor) VALUES (?, ?, ?, ?, ?, ?)"),
    readEvents: db.prepare<[string, number], EventRow>("SELECT seq, at, payload, actor FROM events WHERE run_id = ? AND seq > ? ORDER BY seq"),
    getLock: db.prepare<[string], LockRow>("SELECT host, pid, run_id, since, heartbeat FROM locks WHERE plan_key = ?"),
    putLock: db.prepare<[string, string, number, string, string, string]>("INSERT OR REPLACE INTO locks (plan_key, host, pid, run_id, since, heartbeat) VALUES (?, ?, ?, ?, ?, ?)"),
    beatLock: db.prepare<[string, string, string, number, string]>("UPDATE locks SET heartbeat = ? WHERE plan_key = ? AND host = ? AND pid = ? AND run_id = ?"),
    deleteLock: db.prepare<[string, string, number, string]>("DELETE FROM locks WHERE plan_key = ? AND host = ? AND pid = ? AND run_id = ?"),
    insertLog: db.prepare<[string, string, number, string, string, string]>("INSERT INTO logs (run_id, step_id, attempt, stream, text, at) VALUES (?, ?, ?, ?, ?, ?)"),
    readLogs: db.prepare<[string], LogRow>("SELECT run_id, step_id, attempt, stream, text, at FROM logs WHERE run_id = ? ORDER BY id"),
    readStepLogs: db.prepare<[string, string], LogRow>("SELECT run_id, step_id, attempt, stream, text, at FROM logs WHERE run_id = ? AND step_id = ? ORDER BY id"),
  };
}

/** The journal store in one SQLite file, safe to share between processes. */
export class SqliteJournalStore implements JournalStore {
  readonly #db: Database.Database;
  readonly #sql: ReturnType<typeof prepareStatements>;

  /** The mode of durable appends: FULL, unless the store was opened `synchronous: "normal"`. */
  readonly #durableMode: "FULL" | "NORMAL";
  #synchronous: "FULL" | "NORMAL";

  constructor(db: Database.Database, durableMode: "FULL" | "NORMAL" = "FULL") {
    this.#db = db;
    this.#durableMode = durableMode;
    this.#synchronous = durableMode;
    this.#sql = prepareStatements(db);
  }

  async createRun(run: NewRun): Promise<RunSummary> {
    return this.#insertRun(run);
  }

  #insertRun(run: NewRun): RunSummary {
    try {
      this.#sql.insertRun.run(run.runId, run.planKey, run.planPath, run.environment ?? "", run.startedAt, run.startedAt, run.startedBy);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new JournalStoreError("duplicate-run", `run ${run.runId} already exists`, { cause: error });
      throw error;
    }
    return toRunSummary({
      id: run.runId,
      plan_key: run.planKey,
      plan_path: run.planPath,
      environment: run.environment ?? "",
      status: "in_progress",
      started_at: run.startedAt,
      updated_at: run.startedAt,
      started_by: run.startedBy,
    });
  }

  async append(runId: string, events: readonly JournalEvent[], at: string, status?: RunStatus, options: AppendOptions = {}): Promise<readonly JournalRecord[]> {
    const texts = events.map((event) => serialise(event, runId));
    const actor = options.actor === undefined ? null : JSON.stringify({ name: options.actor.name, via: options.actor.via });
    // WAL is written in order: the fsync of a durable commit also syncs every earlier one.
    this.#setSynchronous(options.durable === false ? "NORMAL" : this.#durableMode);
    // IMMEDIATE takes the write lock before reading max(seq), so no other connection can
    // number the same seq in between; the primary key would refuse it anyway.
    const appendBatch = this.#db.transaction((): JournalRecord[] => {
      if (this.#sql.getRun.get(runId) === undefined) throw new JournalStoreError("unknown-run", `cannot append to unknown run ${runId}`);
      const last = this.#sql.lastSeq.get(runId) ?? 0;
      const records = texts.map((json, index) => {
        // The caller's own event object: it was just shown to serialise, and events are read-only.
        const record: JournalRecord = { runId, seq: last + index + 1, at, event: events[index] as JournalEvent, ...(options.actor ? { actor: options.actor } : {}) };
        this.#sql.insertEvent.run(runId, record.seq, at, String(record.event.kind), json, actor);
        return record;
      });
      if (records.length > 0 || status !== undefined) this.#sql.touchRun.run(at, status ?? null, runId);
      return records;
    });
    return appendBatch.immediate();
  }

  #setSynchronous(mode: "FULL" | "NORMAL"): void {
    if (mode === this.#synchronous) return;
    this.#db.pragma(`synchronous = ${mode}`);
    this.#synchronous = mode;
  }

  async read(runId: string, afterSeq = 0): Promise<readonly JournalRecord[]> {
    return this.#sql.readEvents.all(runId, afterSeq).map((row) => ({
      runId,
      seq: row.seq,
      at: row.at,
      event: JSON.parse(row.payload) as JournalEvent,
      ...(row.actor === null ? {} : { actor: JSON.parse(row.actor) as Actor }),
    }));
  }

  async getRun(runId: string): Promise<RunSummary | undefined> {
    const row = this.#sql.getRun.get(runId);
    return row === undefined ? undefined : toRunSummary(row);
  }

  async listRuns(plan?: PlanSelector): Promise<readonly RunSummary[]> {
    return plan === undefined ? this.#sql.listRuns.all().map(toRunSummary) : this.#planRuns(plan);
  }

  #planRuns(plan: PlanSelector): RunSummary[] {
    const { planKey, legacyKey } = planSelectorKeys(plan);
    return this.#sql.listPlanRuns.all(planKey, legacyKey ?? null).map(toRunSummary);
  }

  async acquireLock(planKey: string, options: AcquireLockOptions): Promise<LockAttempt> {
    const { holder } = options;
    // One IMMEDIATE transaction from read to write: two processes cannot both see the lock free.
    const acquire = this.#db.transaction((): LockAttempt => {
      const row = this.#sql.getLock.get(planKey);
      const current = row === undefined ? undefined : toLockHolder(row);
      if (current !== undefined && isSameHolder(current, holder)) {
        this.#sql.beatLock.run(holder.heartbeat, planKey, holder.host, holder.pid, holder.runId);
        return { kind: "acquired" };
      }
      if (current !== undefined) {
        const leaseExpired = options.nowMs - Date.parse(current.heartbeat) > options.leaseMs;
        if (!leaseExpired && !options.isHolderGone(current)) return { kind: "held", holder: current };
      }
      this.#sql.putLock.run(planKey, holder.host, holder.pid, holder.runId, holder.since, holder.heartbeat);
      return current === undefined ? { kind: "acquired" } : { kind: "taken-over", previous: current };
    });
    return acquire.immediate();
  }

  async claimRun<Reason>(plan: PlanSelector, options: ClaimRunOptions<Reason>): Promise<RunClaim<Reason>> {
    const { planKey, legacyKey } = planSelectorKeys(plan);
    const isLive = (holder: LockHolder) => options.nowMs - Date.parse(holder.heartbeat) <= options.leaseMs && !options.isHolderGone(holder);
    // One IMMEDIATE transaction from reading the lock and the latest run to writing both: a
    // second claimant waits, then finds the lock held or the run this one created.
    const claim = this.#db.transaction((): RunClaim<Reason> => {
      const row = this.#sql.getLock.get(planKey);
      const current = row === undefined ? undefined : toLockHolder(row);
      if (current !== undefined && isLive(current)) return { kind: "held", holder: current };
      // A process of an older Bascule, started before the store was upgraded, locks by file name.
      const legacyRow = legacyKey === undefined || legacyKey === planKey ? undefined : this.#sql.getLock.get(legacyKey);
      if (legacyRow !== undefined && isLive(toLockHolder(legacyRow))) return { kind: "held", holder: toLockHolder(legacyRow) };
      const runs = this.#planRuns(plan);
      const choice = options.choose(runs[0], runs);
      if (choice.kind === "none") return { kind: "declined", reason: choice.reason };
      let run: RunSummary;
      if (choice.kind === "create") {
        run = this.#insertRun(choice.run);
      } else {
        this.#sql.adoptRun.run(planKey, options.environment ?? "", choice.runId);
        const chosen = this.#sql.getRun.get(choice.runId);
        if (chosen === undefined) throw new JournalStoreError("unknown-run", `cannot claim unknown run ${choice.runId}`);
        run = toRunSummary(chosen);
      }
      const holder: LockHolder = { ...options.holder, runId: run.runId };
      this.#sql.putLock.run(planKey, holder.host, holder.pid, holder.runId, holder.since, holder.heartbeat);
      return { kind: "claimed", run, created: choice.kind === "create", holder, ...(current === undefined ? {} : { previous: current }) };
    });
    return claim.immediate();
  }

  async heartbeat(planKey: string, holder: LockHolder, at: string): Promise<void> {
    const changed = this.#sql.beatLock.run(at, planKey, holder.host, holder.pid, holder.runId).changes;
    if (changed === 0) {
      throw new JournalStoreError("lock-not-held", `the lock of ${planKey} is no longer held by run ${holder.runId} (pid ${holder.pid} on ${holder.host})`);
    }
  }

  async releaseLock(planKey: string, holder: LockHolder): Promise<void> {
    this.#sql.deleteLock.run(planKey, holder.host, holder.pid, holder.runId);
  }

  async appendLog(chunk: LogChunk): Promise<void> {
    this.#sql.insertLog.run(chunk.runId, chunk.stepId, chunk.attempt, chunk.stream, chunk.text, chunk.at);
  }

  async readLogs(runId: string, stepId?: string): Promise<readonly LogChunk[]> {
    const rows = stepId === undefined ? this.#sql.readLogs.all(runId) : this.#sql.readStepLogs.all(runId, stepId);
    return rows.map((row) => ({ runId: row.run_id, stepId: row.step_id, attempt: row.attempt, stream: row.stream, text: row.text, at: row.at }));
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
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

function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

function isSameHolder(a: LockHolder, b: LockHolder): boolean {
  return a.host === b.host && a.pid === b.pid && a.runId === b.runId;
}

function toRunSummary(row: RunRow): RunSummary {
  return {
    runId: row.id,
    planKey: row.plan_key,
    planPath: row.plan_path,
    ...(row.environment === null ? { legacy: true as const } : row.environment === "" ? {} : { environment: row.environment }),
    status: row.status,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    startedBy: row.started_by,
  };
}

function toLockHolder(row: LockRow): LockHolder {
  return { host: row.host, pid: row.pid, runId: row.run_id, since: row.since, heartbeat: row.heartbeat };
}
