import { randomBytes } from "node:crypto";
import type pg from "pg";
import { BackfillLockedError, type BackfillOutcome, type BackfillRequest } from "./backfill-request.js";
import { BackfillTally, type CommittedBatch } from "./backfill-tally.js";
import { checkBackfillRequest } from "./check-backfill-request.js";
import { SystemClock } from "../../adapters/system-clock.js";
import { RatePacer, type BackfillClock } from "./pace-rate.js";
import { batchParameterNames, quoteIdentifier, type Key } from "./plan-batches.js";
import { preparePostgresPageBounds, type FindPostgresPageBounds } from "./postgres-batch-bounds.js";
import { createPostgresCheckpointTable, describeLockHeld, lockMigration, readPostgresCommittedBatches, unlockMigration } from "./postgres-checkpoints.js";
import { readKeyColumns } from "./postgres-key-columns.js";
import { toPositionalParameters } from "./postgres-parameters.js";
import { commitPostgresBatch, connectPostgres, openPostgresWorkers, type BatchStatements, type PostgresWorkers } from "./postgres-workers.js";
import { BatchSizeTuner } from "./tune-batch-size.js";

export { clearPostgresCheckpoints } from "./postgres-checkpoints.js";

export interface PostgresBackfillOptions extends BackfillRequest {
  /**
   * The database holding both source and target, and the checkpoints. The transformation
   * reads and writes its tables as written (schema-qualified or through the search_path).
   */
  readonly connectionString: string;
  /**
   * Only for proving the crash test can fail: "after-data-unsafe" commits the checkpoint in its
   * own transaction after the data's, which loses exactly-once on a crash between the two.
   */
  readonly checkpointPlacement?: "with-data" | "after-data-unsafe";
}

// Names each run's prepared statements apart: an embedded server (PGlite) keeps one session for
// every connection, of this process and of others, where a second run's statements would clash.
let runs = 0;
const processTag = randomBytes(4).toString("hex");

/** Everything one run's dispatch loop works with. */
interface Walk {
  readonly options: PostgresBackfillOptions;
  readonly clock: BackfillClock;
  readonly committed: readonly CommittedBatch[];
  readonly findBounds: FindPostgresPageBounds;
  readonly workers: PostgresWorkers;
  readonly statements: BatchStatements;
  /** Ready once the source's rows are counted. */
  readonly tally: Promise<BackfillTally>;
  readonly pacer: RatePacer;
  readonly tuner: BatchSizeTuner;
}

/**
 * Runs (or resumes) a keyset-batched backfill on PostgreSQL. A coordinator connection finds
 * each next batch's bounds in SQL (first key, last key, row count: never the page of keys)
 * while up to `workers` connections each run a batch as BEGIN; transformation; checkpoint
 * insert; COMMIT. A crash leaves every batch fully committed with its checkpoint or not at all;
 * a rerun skips the committed batches and fills the gaps that workers committing out of order
 * left. The walk's key order is the columns' own (see postgres-batch-bounds.ts).
 */
export async function runPostgresBackfill(options: PostgresBackfillOptions): Promise<BackfillOutcome> {
  const checked = checkBackfillRequest(options);
  const clock = options.clock ?? new SystemClock();
  const { keyColumns, migrationId } = options;
  const transform = toPositionalParameters(options.sql, batchParameterNames(keyColumns));
  const applicationName = `bascule backfill ${migrationId}`;
  const namePrefix = `bascule_backfill_${processTag}_${String(++runs)}`;
  const coordinator = await connectPostgres(options.connectionString, applicationName);
  let workers: PostgresWorkers | undefined;
  let locked = false;
  try {
    locked = await lockMigration(coordinator, migrationId);
    if (!locked) throw new BackfillLockedError(describeLockHeld(migrationId));
    const columns = await readKeyColumns(coordinator, options.sourceTable, keyColumns);
    await createPostgresCheckpointTable(coordinator);
    const committed = await readPostgresCommittedBatches(coordinator, migrationId, columns);
    workers = await openPostgresWorkers(options.connectionString, checked.workers, coordinator, applicationName);
    // Counting a large table takes a while: on a connection of its own it overlaps the first batches.
    const counting = workers.sharedBackend ? countRows(coordinator, options.sourceTable) : countRowsAside(options.connectionString, applicationName, options.sourceTable);
    const startedAt = clock.now();
    const tally = counting.then((rowsTotal) => new BackfillTally({ earlier: committed, rowsTotal, startedAt }));
    // Awaited by the walk; this only keeps an early failure from counting as unhandled meanwhile.
    tally.catch(() => undefined);
    return await walk({
      options,
      clock,
      committed,
      findBounds: preparePostgresPageBounds(coordinator, namePrefix, options.sourceTable, keyColumns),
      workers,
      statements: { namePrefix, migrationId, keyColumns, transform, placement: options.checkpointPlacement ?? "with-data" },
      tally,
      pacer: new RatePacer(checked.limit, startedAt),
      tuner: new BatchSizeTuner(options.batchSize, checked.tuning),
    });
  } finally {
    await workers?.close();
    // Unlocked explicitly: on an embedded server the session outlives this connection.
    if (locked) await unlockMigration(coordinator, migrationId).catch(() => undefined);
    await coordinator.end().catch(() => undefined);
  }
}

async function countRows(client: pg.ClientBase, table: string): Promise<number> {
  const result = await client.query<{ rows: string }>(`SELECT count(*) AS rows FROM ${quoteIdentifier(table)}`);
  return Number(result.rows[0]?.rows ?? 0);
}

async function countRowsAside(connectionString: string, applicationName: string, table: string): Promise<number> {
  const client = await connectPostgres(connectionString, applicationName);
  try {
    return await countRows(client, table);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The dispatch loop. The next batch's bounds are found while workers run (pipelined), then the
 * loop waits for an idle worker, the rate limit and `beforeBatch`, in that order, and starts it.
 * A failed batch stops new ones; running batches commit before the error is thrown.
 */
async function walk(run: Walk): Promise<BackfillOutcome> {
  const { options, clock, committed, workers, tally, pacer, tuner } = run;
  const { signal, beforeBatch } = options;
  const idle = [...workers.clients];
  const running = new Set<Promise<void>>();
  let failure: { readonly error: unknown } | undefined;
  let active = 0;
  let peak = 0;

  const dispatch = (client: pg.Client, batch: CommittedBatch): void => {
    const startedAt = clock.now();
    pacer.recordBatch(batch.rows, startedAt);
    active += 1;
    peak = Math.max(peak, active);
    const job = (async () => {
      try {
        const written = await commitPostgresBatch(client, run.statements, batch);
        const now = clock.now();
        tuner.record(batch.rows, now - startedAt);
        const progress = (await tally).recordBatch(batch, written, now, { batchSize: tuner.size, workers: workers.clients.length });
        options.onProgress?.(progress);
      } catch (error) {
        failure ??= { error };
      } finally {
        active -= 1;
        idle.push(client);
      }
    })();
    running.add(job);
    void job.then(() => running.delete(job));
  };

  const stopping = (): boolean => failure !== undefined || signal?.aborted === true;
  let kind: BackfillOutcome["kind"] = "completed";
  let after: Key | undefined;
  let index = 0;
  try {
    while (failure === undefined) {
      const next = committed[index];
      // On a shared backend a bounds query would run inside the open batch's transaction.
      if (workers.sharedBackend) await Promise.all(running);
      const size = tuner.size;
      const batch = await run.findBounds(after, next?.start, size);
      if (batch === undefined) {
        if (next === undefined) break;
        after = next.end;
        index += 1;
        continue;
      }
      after = batch.end;
      while (idle.length === 0) await Promise.race(running);
      const wait = pacer.earliestNextStart() - clock.now();
      if (wait > 0 && !stopping()) await clock.sleep(wait, signal);
      if (!stopping() && beforeBatch !== undefined) {
        const heldFrom = clock.now();
        if ((await beforeBatch(signal)) === "stop") kind = "cancelled";
        (await tally).recordHold(clock.now() - heldFrom);
      }
      if (signal?.aborted === true) kind = "cancelled";
      const client = idle.pop();
      if (kind === "cancelled" || failure !== undefined || client === undefined) break;
      dispatch(client, batch);
      // A short page was the end of the key, so no query is spent finding that out.
      if (batch.rows < size && next === undefined) break;
    }
  } finally {
    await Promise.all(running);
  }
  if (failure !== undefined) throw failure.error;
  return (await tally).outcome(kind, peak);
}
