import Database from "better-sqlite3";
import { resolve } from "node:path";
import { BackfillBatchError, type BackfillOutcome, type BackfillRequest } from "./backfill-request.js";
import { BackfillTally, type CommittedBatch } from "./backfill-tally.js";
import { checkBackfillRequest } from "./check-backfill-request.js";
import { SystemClock } from "../../adapters/system-clock.js";
import { RatePacer, type BackfillClock } from "./pace-rate.js";
import { bindBatch, describeKey, findNextCommitted, quoteIdentifier, type Key } from "./plan-batches.js";
import { createCheckpointTable, prepareCheckpointWriter, readCommittedBatches } from "./sqlite-checkpoints.js";
import { prepareSqlitePageBounds } from "./sqlite-page-bounds.js";
import { BatchSizeTuner } from "./tune-batch-size.js";

export { clearSqliteCheckpoints } from "./sqlite-checkpoints.js";

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

function openDatabases(options: SqliteBackfillOptions): Database.Database {
  const db = new Database(options.targetPath);
  db.pragma(`busy_timeout = ${String(options.busyTimeoutMs ?? 10_000)}`);
  const { sourcePath } = options;
  if (sourcePath !== undefined && resolve(sourcePath) !== resolve(options.targetPath)) {
    db.prepare(`ATTACH DATABASE ? AS ${SOURCE_SCHEMA}`).run(sourcePath);
  }
  return db;
}

/**
 * Runs (or resumes) a keyset-batched backfill on SQLite. Each batch's bounds, its
 * transformation and its checkpoint share one IMMEDIATE transaction, so a crash leaves every
 * batch either fully written and checkpointed or not at all; a rerun walks the key again,
 * skipping every committed batch and filling any gap between them. Keys order by
 * `COLLATE BINARY` (numbers, then text by bytes, then blobs), as `compareKeys` does.
 *
 * SQLite has one writer per file and better-sqlite3 is synchronous, so batches run one at a
 * time whatever `workers` says; the outcome reports `effectiveWorkers: 1`.
 */
export async function runSqliteBackfill(options: SqliteBackfillOptions): Promise<BackfillOutcome> {
  const checked = checkBackfillRequest(options);
  const clock: BackfillClock = options.clock ?? new SystemClock();
  const { keyColumns, signal, beforeBatch } = options;
  const db = openDatabases(options);
  try {
    createCheckpointTable(db);
    const committed = readCommittedBatches(db, options.migrationId);
    const writeCheckpoint = prepareCheckpointWriter(db, options.migrationId);
    const transform = db.prepare(options.sql);
    const findBounds = prepareSqlitePageBounds(db, options.sourceTable, keyColumns);
    const countRow = db
      .prepare(`SELECT count(*) FROM ${quoteIdentifier(options.sourceTable)}`)
      .pluck()
      .get();
    const unsafe = options.checkpointPlacement === "after-data-unsafe";

    // Returns the committed batch, or none when the gap before `before` is empty.
    const runBatch = db.transaction((after: Key | undefined, before: Key | undefined, size: number) => {
      const batch = findBounds(after, before, size);
      if (batch === undefined) return undefined;
      let written: number;
      try {
        written = transform.run(bindBatch(keyColumns, batch)).changes;
        if (!unsafe) writeCheckpoint(batch, new Date(clock.now()).toISOString());
      } catch (error) {
        throw new BackfillBatchError(`the batch from ${describeKey(batch.start)} to ${describeKey(batch.end)} failed and was rolled back: ${(error as Error).message}`, {
          cause: error,
        });
      }
      return { batch, written };
    });
    const writeLateCheckpoint = db.transaction((batch: CommittedBatch) => {
      writeCheckpoint(batch, new Date(clock.now()).toISOString());
    });

    const startedAt = clock.now();
    const tally = new BackfillTally({ earlier: committed, rowsTotal: Number(countRow), startedAt });
    const pacer = new RatePacer(checked.limit, startedAt);
    const tuner = new BatchSizeTuner(options.batchSize, checked.tuning);
    const outcome = (kind: BackfillOutcome["kind"]): BackfillOutcome => tally.outcome(kind, 1);
    const aborted = (): boolean => signal?.aborted === true;
    let after: Key | undefined;
    let nextIndex = 0;
    for (;;) {
      nextIndex = findNextCommitted(committed, after, nextIndex);
      const next = committed[nextIndex];
      const wait = pacer.earliestNextStart() - clock.now();
      if (wait > 0) await clock.sleep(wait, signal);
      if (aborted()) return outcome("cancelled");
      if (beforeBatch !== undefined) {
        const heldFrom = clock.now();
        if ((await beforeBatch(signal)) === "stop") return outcome("cancelled");
        tally.recordHold(clock.now() - heldFrom);
      }
      if (aborted()) return outcome("cancelled");
      const size = tuner.size;
      const batchStartedAt = clock.now();
      const result = runBatch.immediate(after, next?.start, size);
      if (result === undefined) {
        if (next === undefined) return outcome("completed");
        after = next.end;
        continue;
      }
      if (unsafe) writeLateCheckpoint.immediate(result.batch);
      after = result.batch.end;
      pacer.recordBatch(result.batch.rows, batchStartedAt);
      const now = clock.now();
      tuner.record(result.batch.rows, now - batchStartedAt);
      const progress = tally.recordBatch(result.batch, result.written, now, { batchSize: tuner.size, workers: 1 });
      options.onProgress?.(progress);
      // A short page was the end of the key, so no pacing wait is spent finding that out.
      if (result.batch.rows < size && next === undefined) return outcome("completed");
    }
  } finally {
    db.close();
  }
}
