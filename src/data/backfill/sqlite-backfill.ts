import Database from "better-sqlite3";
import { resolve } from "node:path";
import { parseRateLimit, type RateLimit } from "../../plan/values/rate-limit.js";
import {
  BackfillConfigError,
  type BackfillOutcome,
  type BackfillProgress,
  type BackfillRequest,
} from "./backfill-request.js";
import { RatePacer, systemClock, type BackfillClock } from "./pace-rate.js";
import {
  bindBatch,
  boundsOfPage,
  describeNextPage,
  findNextCommitted,
  quoteIdentifier,
  readKey,
  type BatchBounds,
  type Key,
} from "./plan-batches.js";
import {
  createCheckpointTable,
  prepareCheckpointWriter,
  readCommittedBatches,
  type CommittedBatch,
} from "./sqlite-checkpoints.js";

/** The schema name a separate source file is attached under: the SQL reads `source.<table>`. */
export const SOURCE_SCHEMA = "source";

export interface SqliteBackfillOptions extends BackfillRequest {
  /** The database written to; it holds the checkpoints. */
  readonly targetPath: string;
  /**
   * The database read from. Omitted or the same file: `sourceTable` is in the target file.
   * Another file: it is attached as `source`, and `sourceTable` and the SQL must say `source.<table>`.
   */
  readonly sourcePath?: string;
  /** How long to wait for another process's write lock. @default 10000 */
  readonly busyTimeoutMs?: number;
  /**
   * Only for proving the crash test can fail: "after-data-unsafe" commits the checkpoint in its
   * own transaction after the data's, which loses exactly-once on a crash between the two.
   */
  readonly checkpointPlacement?: "with-data" | "after-data-unsafe";
}

function parseLimit(limit: string | RateLimit | undefined): RateLimit | undefined {
  if (limit === undefined || typeof limit !== "string") return limit;
  const parsed = parseRateLimit(limit);
  if (parsed.kind === "invalid") throw new BackfillConfigError(`rate_limit "${limit}": ${parsed.reason}`);
  return parsed.value;
}

function checkOptions(options: SqliteBackfillOptions): void {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
    throw new BackfillConfigError(`batch_size must be a positive integer, got ${String(options.batchSize)}`);
  }
  if (options.keyColumns.length === 0) throw new BackfillConfigError("a backfill needs at least one key column");
  // Without both bounds every batch would rewrite the whole table.
  if (!/:batch_start\b|:batch_start_/.test(options.sql) || !/:batch_end\b|:batch_end_/.test(options.sql)) {
    throw new BackfillConfigError("the transformation must use :batch_start and :batch_end (or their per-column forms)");
  }
}

function openDatabases(options: SqliteBackfillOptions): Database.Database {
  const db = new Database(options.targetPath);
  db.pragma(`busy_timeout = ${String(options.busyTimeoutMs ?? 10_000)}`);
  const { sourcePath } = options;
  if (sourcePath !== undefined && resolve(sourcePath) !== resolve(options.targetPath)) {
    db.prepare(`ATTACH DATABASE ? AS ${SOURCE_SCHEMA}`).run(sourcePath);
  }
  return db;
}

function describeProgress(
  totals: { rowsDone: number; rowsTotal: number; batchesDone: number; rowsThisRun: number; elapsedMs: number },
  lastBatch: CommittedBatch,
): BackfillProgress {
  const rowsPerSecond = totals.elapsedMs > 0 ? (totals.rowsThisRun * 1000) / totals.elapsedMs : 0;
  const remaining = Math.max(0, totals.rowsTotal - totals.rowsDone);
  return {
    rowsDone: totals.rowsDone,
    rowsTotal: totals.rowsTotal,
    batchesDone: totals.batchesDone,
    rowsPerSecond,
    etaMs: rowsPerSecond > 0 ? (remaining * 1000) / rowsPerSecond : remaining === 0 ? 0 : undefined,
    lastBatch,
  };
}

/**
 * Runs (or resumes) a keyset-batched backfill on SQLite. Each batch's page of keys, its
 * transformation and its checkpoint share one IMMEDIATE transaction, so a crash leaves every
 * batch either fully written and checkpointed or not at all; a rerun walks the key again,
 * skipping every committed batch and filling any gap between them.
 *
 * SQLite has one writer per file and better-sqlite3 is synchronous, so batches run one at a
 * time whatever `workers` says; the outcome reports `effectiveWorkers: 1`.
 */
export async function runSqliteBackfill(options: SqliteBackfillOptions): Promise<BackfillOutcome> {
  checkOptions(options);
  const limit = parseLimit(options.rateLimit);
  const clock: BackfillClock = options.clock ?? systemClock;
  const { keyColumns, batchSize, signal } = options;
  const db = openDatabases(options);
  try {
    createCheckpointTable(db);
    const committed = readCommittedBatches(db, options.migrationId);
    const writeCheckpoint = prepareCheckpointWriter(db, options.migrationId);
    const transform = db.prepare(options.sql);
    const countRow = db.prepare(`SELECT count(*) FROM ${quoteIdentifier(options.sourceTable)}`).pluck().get();
    const rowsTotal = Number(countRow);
    const unsafe = options.checkpointPlacement === "after-data-unsafe";

    const pageStatements = new Map<string, Database.Statement>();
    const readPage = (after: Key | undefined, before: Key | undefined): (BatchBounds & { rows: number }) | undefined => {
      const query = describeNextPage({ table: options.sourceTable, keyColumns, batchSize, after, before });
      let statement = pageStatements.get(query.sql);
      if (statement === undefined) {
        statement = db.prepare(query.sql).raw(true).safeIntegers(true);
        pageStatements.set(query.sql, statement);
      }
      const rows = statement.all(...query.params) as unknown[][];
      const bounds = boundsOfPage(rows.map((row) => readKey(row, keyColumns)));
      return bounds === undefined ? undefined : { ...bounds, rows: rows.length };
    };

    // Returns the committed batch, or none when the gap before `before` is empty.
    const runBatch = db.transaction((after: Key | undefined, before: Key | undefined) => {
      const batch = readPage(after, before);
      if (batch === undefined) return undefined;
      const written = transform.run(bindBatch(keyColumns, batch)).changes;
      if (!unsafe) writeCheckpoint(batch, new Date(clock.now()).toISOString());
      return { batch, written };
    });
    const writeLateCheckpoint = db.transaction((batch: CommittedBatch) => {
      writeCheckpoint(batch, new Date(clock.now()).toISOString());
    });

    const startedAt = clock.now();
    const pacer = new RatePacer(limit, startedAt);
    let rowsDone = committed.reduce((sum, batch) => sum + batch.rows, 0);
    let rowsThisRun = 0;
    let rowsWritten = 0;
    let batchesRun = 0;
    let after: Key | undefined;
    const outcome = (kind: BackfillOutcome["kind"]): BackfillOutcome => ({
      kind, batchesRun, rowsWritten, rowsDone, rowsTotal, effectiveWorkers: 1,
    });

    let nextIndex = 0;
    for (;;) {
      nextIndex = findNextCommitted(committed, after, nextIndex);
      const next = committed[nextIndex];
      const wait = pacer.earliestNextStart() - clock.now();
      if (wait > 0) await clock.sleep(wait, signal);
      if (signal?.aborted === true) return outcome("cancelled");
      const result = runBatch.immediate(after, next?.start);
      if (result === undefined) {
        if (next === undefined) return outcome("completed");
        after = next.end;
        continue;
      }
      if (unsafe) writeLateCheckpoint.immediate(result.batch);
      after = result.batch.end;
      batchesRun += 1;
      rowsDone += result.batch.rows;
      rowsThisRun += result.batch.rows;
      rowsWritten += result.written;
      pacer.recordBatch(result.batch.rows);
      const totals = { rowsDone, rowsTotal, batchesDone: committed.length + batchesRun, rowsThisRun, elapsedMs: clock.now() - startedAt };
      options.onProgress?.(describeProgress(totals, result.batch));
      // A short page was the end of the key, so no pacing wait is spent finding that out.
      if (result.batch.rows < batchSize && next === undefined) return outcome("completed");
    }
  } finally {
    db.close();
  }
}
