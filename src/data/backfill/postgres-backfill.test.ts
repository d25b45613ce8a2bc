import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPostgres, type TestPostgres } from "../../testing/test-postgres.js";
import { BackfillBatchError, BackfillConfigError, BackfillLockedError, CHECKPOINT_TABLE, type BackfillProgress } from "./backfill-request.js";
import { decodeKey } from "./plan-batches.js";
import { clearPostgresCheckpoints, runPostgresBackfill, type PostgresBackfillOptions } from "./postgres-backfill.js";
import { FakeClock } from "../../testing/fake-clock.js";

let database: TestPostgres;
let admin: pg.Client;
let cases = 0;
/** A linguistic collation (ICU's root, else libc's en_US), under which text keys do not order by bytes. */
let linguistic = '"C"';

beforeAll(async () => {
  database = await openTestPostgres();
  admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  const { rows } = await admin.query<{ collname: string }>(`SELECT collname FROM pg_collation WHERE collname IN ('und-x-icu', 'en_US') ORDER BY collname DESC`);
  if (rows[0] !== undefined) linguistic = `"${rows[0].collname}"`;
}, 60_000);

afterAll(async () => {
  await admin?.end();
  await database?.close();
});

/** A schema of its own per test, holding `src` and `dst`; also names the test's migration. */
interface Case {
  readonly schema: string;
  readonly migrationId: string;
}

async function createCase(tables: string): Promise<Case> {
  const schema = `backfill_case_${String(++cases)}`;
  await admin.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}; ${tables}; RESET search_path`);
  return { schema, migrationId: `m-${schema}` };
}

async function seedIds(ids: readonly (number | string)[]): Promise<Case> {
  const c = await createCase("CREATE TABLE src (id bigint PRIMARY KEY, name text); CREATE TABLE dst (id bigint, name text)");
  if (ids.length > 0) await admin.query(`INSERT INTO ${c.schema}.src SELECT id, 'n' || id FROM unnest($1::bigint[]) AS id`, [ids.map(String)]);
  return c;
}

function options(c: Case, overrides: Partial<PostgresBackfillOptions> = {}): PostgresBackfillOptions {
  return {
    connectionString: database.url,
    migrationId: c.migrationId,
    sourceTable: `${c.schema}.src`,
    keyColumns: ["id"],
    sql: `INSERT INTO ${c.schema}.dst SELECT id, upper(name) FROM ${c.schema}.src WHERE id BETWEEN :batch_start AND :batch_end`,
    batchSize: 3,
    ...overrides,
  };
}

async function checkpoints(c: Case): Promise<{ start: unknown; end: unknown; rows: number }[]> {
  const { rows } = await admin.query<{ batch_start: string; batch_end: string; rows: number }>(
    `SELECT batch_start, batch_end, rows FROM ${CHECKPOINT_TABLE} WHERE migration_id = $1 ORDER BY committed_at`,
    [c.migrationId],
  );
  return rows.map((row) => ({ start: decodeKey(row.batch_start), end: decodeKey(row.batch_end), rows: row.rows }));
}

async function targetIds(c: Case): Promise<string[]> {
  const { rows } = await admin.query<{ text: string }>(`SELECT id::text AS text FROM ${c.schema}.dst ORDER BY id`);
  return rows.map((row) => row.text);
}

const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

/** A clock that never waits: sleeping moves time forward and is recorded. */
const fakeClock = () => new FakeClock({ autoAdvance: true });

describe("runPostgresBackfill", () => {
  it("walks keys with gaps in inclusive batches of batch_size existing keys", async () => {
    const c = await seedIds([1, 2, 5, 7, 8, 10, 11, 40]);
    const outcome = await runPostgresBackfill(options(c));
    expect(outcome).toEqual({ kind: "completed", batchesRun: 3, rowsWritten: 8, rowsDone: 8, rowsTotal: 8, effectiveWorkers: 1 });
    expect(await checkpoints(c)).toEqual([
      { start: ["1"], end: ["5"], rows: 3 },
      { start: ["7"], end: ["10"], rows: 3 },
      { start: ["11"], end: ["40"], rows: 2 },
    ]);
    expect(await targetIds(c)).toEqual(["1", "2", "5", "7", "8", "10", "11", "40"]);
  });

  it("does nothing on an empty source, and nothing again once completed", async () => {
    const empty = await seedIds([]);
    expect(await runPostgresBackfill(options(empty))).toMatchObject({ kind: "completed", batchesRun: 0, rowsTotal: 0 });
    const c = await seedIds([1, 2, 3, 4]);
    await runPostgresBackfill(options(c));
    expect(await runPostgresBackfill(options(c))).toMatchObject({ kind: "completed", batchesRun: 0, rowsWritten: 0, rowsDone: 4 });
    expect(await targetIds(c)).toEqual(range(1, 4));
  });

  it("keeps keys beyond 2^53 exact, and leaves casts, strings and comments in the SQL alone", async () => {
    const ids = ["1", "9007199254740993", "9007199254740995", "9223372036854775807"];
    const c = await seedIds(ids);
    const sql = `-- copies :batch_start to :batch_end; the names in this comment stay as written
      INSERT INTO ${c.schema}.dst SELECT id, name || '::x :batch_end' FROM ${c.schema}.src
      WHERE id BETWEEN :batch_start::bigint AND :batch_end::bigint`;
    await runPostgresBackfill(options(c, { sql, batchSize: 2 }));
    expect(await checkpoints(c)).toEqual([
      { start: ["1"], end: ["9007199254740993"], rows: 2 },
      { start: ["9007199254740995"], end: ["9223372036854775807"], rows: 2 },
    ]);
    expect(await targetIds(c)).toEqual(ids);
    const { rows } = await admin.query(`SELECT DISTINCT substr(name, length(name) - 13) AS tail FROM ${c.schema}.dst`);
    expect(rows).toEqual([{ tail: "::x :batch_end" }]);
  });

  it("fills a gap between committed batches without re-running either side", async () => {
    const c = await seedIds(range(1, 9).map(Number));
    await runPostgresBackfill(options(c));
    // As if a parallel worker had not committed the middle batch.
    await admin.query(`DELETE FROM ${c.schema}.dst WHERE id BETWEEN 4 AND 6`);
    await admin.query(`DELETE FROM ${CHECKPOINT_TABLE} WHERE migration_id = $1 AND batch_start = '["4"]'`, [c.migrationId]);
    const outcome = await runPostgresBackfill(options(c, { batchSize: 2 }));
    expect(outcome).toMatchObject({ batchesRun: 2, rowsWritten: 3, rowsDone: 9 });
    expect(await targetIds(c)).toEqual(range(1, 9));
  });

  it("walks composite keys as row values with per-column bounds", async () => {
    const c = await createCase("CREATE TABLE src (tenant text, seq int, PRIMARY KEY (tenant, seq)); CREATE TABLE dst (tenant text, seq int)");
    await admin.query(`INSERT INTO ${c.schema}.src SELECT t, s FROM unnest(ARRAY['b', 'a', 'c']) AS t, generate_series(1, 3) AS s`);
    await runPostgresBackfill(
      options(c, {
        keyColumns: ["tenant", "seq"],
        batchSize: 4,
        sql: `INSERT INTO ${c.schema}.dst SELECT tenant, seq FROM ${c.schema}.src
            WHERE (tenant, seq) BETWEEN (:batch_start_tenant, :batch_start_seq) AND (:batch_end_tenant, :batch_end_seq)`,
      }),
    );
    expect(await checkpoints(c)).toEqual([
      { start: ["a", "1"], end: ["b", "1"], rows: 4 },
      { start: ["b", "2"], end: ["c", "2"], rows: 4 },
      { start: ["c", "3"], end: ["c", "3"], rows: 1 },
    ]);
    const { rows } = await admin.query(`SELECT count(*)::int AS n, count(DISTINCT (tenant, seq))::int AS d FROM ${c.schema}.dst`);
    expect(rows).toEqual([{ n: 9, d: 9 }]);
  });

  it("orders text keys by the column's collation, as BETWEEN compares them, also when resuming", async () => {
    const c = await createCase(`CREATE TABLE src (code text COLLATE ${linguistic} PRIMARY KEY); CREATE TABLE dst (code text)`);
    const codes = ["b", "A", "é", "C", "a2", "B1", "e", "Z", "ä"];
    await admin.query(`INSERT INTO ${c.schema}.src SELECT unnest($1::text[])`, [codes]);
    const { rows } = await admin.query<{ code: string }>(`SELECT code FROM ${c.schema}.src ORDER BY code`);
    const columnOrder = rows.map((row) => row.code);
    // Meaningful only if the column's order is not the bytes' order.
    expect(columnOrder).not.toEqual([...codes].sort());
    const run = options(c, {
      keyColumns: ["code"],
      batchSize: 2,
      sql: `INSERT INTO ${c.schema}.dst SELECT code FROM ${c.schema}.src WHERE code BETWEEN :batch_start AND :batch_end`,
    });
    await runPostgresBackfill(run);
    const pairs = Array.from({ length: Math.ceil(columnOrder.length / 2) }, (_, i) => columnOrder.slice(i * 2, i * 2 + 2));
    expect((await checkpoints(c)).map((k) => [k.start, k.end])).toEqual(pairs.map((p) => [[p[0]], [p[p.length - 1]]]));
    // Drop a middle batch: resuming must order the checkpoints the same way to fill just that gap.
    const middle = pairs[2] ?? [];
    await admin.query(`DELETE FROM ${c.schema}.dst WHERE code = ANY($1)`, [middle]);
    await admin.query(`DELETE FROM ${CHECKPOINT_TABLE} WHERE migration_id = $1 AND batch_start = $2`, [c.migrationId, JSON.stringify([middle[0]])]);
    expect(await runPostgresBackfill(run)).toMatchObject({ batchesRun: 1, rowsWritten: 2 });
    const copied = await admin.query<{ code: string }>(`SELECT code FROM ${c.schema}.dst ORDER BY code COLLATE ${linguistic}`);
    expect(copied.rows.map((row) => row.code)).toEqual(columnOrder);
  });

  it("stops between batches when cancelled, and a rerun finishes the rest", async () => {
    const c = await seedIds(range(1, 7).map(Number));
    const controller = new AbortController();
    const first = await runPostgresBackfill(
      options(c, {
        batchSize: 2,
        signal: controller.signal,
        onProgress: (p) => p.batchesDone === 2 && controller.abort(),
      }),
    );
    expect(first).toMatchObject({ kind: "cancelled", batchesRun: 2 });
    expect(await targetIds(c)).toEqual(range(1, 4));
    const second = await runPostgresBackfill(options(c, { batchSize: 2 }));
    expect(second).toMatchObject({ kind: "completed", batchesRun: 2, rowsDone: 7 });
    expect(await targetIds(c)).toEqual(range(1, 7));
  });

  it("paces batch starts under a batches-per-minute limit, and rows under a rows-per-second one", async () => {
    const c = await seedIds(range(1, 7).map(Number));
    const clock = fakeClock();
    const startedAt: number[] = [];
    const beforeBatch = async (): Promise<"continue"> => {
      startedAt.push(clock.now());
      return "continue";
    };
    await runPostgresBackfill(options(c, { batchSize: 2, rateLimit: "2 batches/minute", clock, beforeBatch }));
    expect(startedAt).toEqual([0, 30_000, 60_000, 90_000]);

    const rows = await seedIds(range(1, 7).map(Number));
    const rowsClock = fakeClock();
    const progress: BackfillProgress[] = [];
    await runPostgresBackfill(options(rows, { batchSize: 2, rateLimit: "4 rows/second", clock: rowsClock, onProgress: (p) => progress.push(p) }));
    expect(rowsClock.slept).toEqual([500, 500, 500]);
    expect(progress.map((p) => [p.rowsDone, p.rowsTotal, p.batchSize, p.workers])).toEqual([
      [2, 7, 2, 1],
      [4, 7, 2, 1],
      [6, 7, 2, 1],
      [7, 7, 2, 1],
    ]);
  });

  it("ends as cancelled when beforeBatch says stop, starting no further batch", async () => {
    const c = await seedIds(range(1, 7).map(Number));
    let calls = 0;
    const outcome = await runPostgresBackfill(options(c, { batchSize: 2, beforeBatch: async () => (++calls === 3 ? "stop" : "continue") }));
    expect(outcome).toMatchObject({ kind: "cancelled", batchesRun: 2 });
    expect(await targetIds(c)).toEqual(range(1, 4));
  });

  it("starts no batch while beforeBatch holds, and goes on when it lets go", async () => {
    const c = await seedIds(range(1, 6).map(Number));
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    let entered: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const running = runPostgresBackfill(
      options(c, {
        batchSize: 2,
        beforeBatch: async () => {
          if (++calls === 2) {
            entered();
            await held;
          }
          return "continue";
        },
      }),
    );
    // A run failing before the gate would never reach it: then `running` rejects here.
    await Promise.race([holding, running]);
    const whileHeld = [await targetIds(c)];
    await new Promise((resolve) => setTimeout(resolve, 100));
    whileHeld.push(await targetIds(c));
    release();
    expect(await running).toMatchObject({ kind: "completed", batchesRun: 3 });
    expect(whileHeld).toEqual([
      ["1", "2"],
      ["1", "2"],
    ]);
    expect(await targetIds(c)).toEqual(range(1, 6));
  });

  it("grows the batch size toward the target duration, within its bounds", async () => {
    const c = await seedIds(range(1, 40).map(Number));
    const progress: BackfillProgress[] = [];
    await runPostgresBackfill(options(c, { batchSize: 2, tuning: { targetBatchMs: 600_000, maxBatchSize: 8 }, onProgress: (p) => progress.push(p) }));
    const sizes = (await checkpoints(c)).map((k) => k.rows);
    expect(Math.max(...sizes)).toBe(8);
    // Each page is at most twice the one before it (one bounded step per batch).
    sizes.slice(1, -1).forEach((size, i) => expect(size).toBeLessThanOrEqual(2 * (sizes[i] ?? 0)));
    expect(progress.at(-1)?.batchSize).toBe(8);
    expect(await targetIds(c)).toEqual(range(1, 40));
  });

  it("shrinks the batch size when batches take longer than the target, down to its minimum", async () => {
    const c = await seedIds(range(1, 30).map(Number));
    const sql = `INSERT INTO ${c.schema}.dst SELECT id, name FROM ${c.schema}.src, (SELECT pg_sleep(0.02)) AS pause
                 WHERE id BETWEEN :batch_start AND :batch_end`;
    const progress: BackfillProgress[] = [];
    await runPostgresBackfill(options(c, { sql, batchSize: 8, tuning: { targetBatchMs: 1, minBatchSize: 2 }, onProgress: (p) => progress.push(p) }));
    expect(progress.map((p) => p.batchSize).slice(0, 2)).toEqual([4, 2]);
    expect(progress.at(-1)?.batchSize).toBe(2);
    expect(await targetIds(c)).toEqual(range(1, 30));
  });

  it("rolls a failing batch back with its checkpoint", async () => {
    const c = await seedIds([1, 2, 3, 4]);
    await admin.query(`CREATE FUNCTION ${c.schema}.no4() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id = 4 THEN RAISE EXCEPTION 'no 4'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER no4 BEFORE INSERT ON ${c.schema}.dst FOR EACH ROW EXECUTE FUNCTION ${c.schema}.no4()`);
    const failed = runPostgresBackfill(options(c));
    await expect(failed).rejects.toThrow(BackfillBatchError);
    await expect(failed).rejects.toThrow(/\["4"\] to \["4"\] failed and was rolled back: no 4/);
    expect(await targetIds(c)).toEqual(["1", "2", "3"]);
    expect(await checkpoints(c)).toHaveLength(1);
  });

  it("refuses to commit a batch whose checkpoint is already there, rolling its data back", async () => {
    const c = await seedIds(range(1, 7).map(Number));
    let calls = 0;
    // As if another run had committed the second batch a moment before this one.
    const beforeBatch = async (): Promise<"continue"> => {
      if (++calls === 2) {
        await admin.query(`INSERT INTO ${CHECKPOINT_TABLE} (migration_id, batch_start, batch_end, rows) VALUES ($1, '["4"]', '["6"]', 3)`, [c.migrationId]);
      }
      return "continue";
    };
    await expect(runPostgresBackfill(options(c, { beforeBatch }))).rejects.toThrow(/\["4"\] to \["6"\] failed and was rolled back: duplicate key/);
    expect(await targetIds(c)).toEqual(range(1, 3));
  });

  it("refuses an unknown :batch_ name, a missing source table and a missing key column", async () => {
    const c = await seedIds([1]);
    await expect(runPostgresBackfill(options(c, { sql: "SELECT :batch_begin, :batch_start, :batch_end" }))).rejects.toThrow(/:batch_begin/);
    await expect(runPostgresBackfill(options(c, { sourceTable: `${c.schema}.nope` }))).rejects.toThrow(BackfillConfigError);
    await expect(runPostgresBackfill(options(c, { keyColumns: ["ID"] }))).rejects.toThrow(/no key column "ID"/);
  });

  it("refuses to run, or to clear its checkpoints, while a run of the same backfill is active", async (context) => {
    if (!database.concurrentSessions) context.skip("PGlite serves every connection in one session, where an advisory lock is re-entrant");
    const c = await seedIds(range(1, 6).map(Number));
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const first = runPostgresBackfill(
      options(c, {
        beforeBatch: async () => {
          entered();
          await held;
          return "continue";
        },
      }),
    );
    await Promise.race([holding, first]);
    await expect(runPostgresBackfill(options(c))).rejects.toThrow(BackfillLockedError);
    await expect(clearPostgresCheckpoints(database.url, c.migrationId)).rejects.toThrow(BackfillLockedError);
    release();
    expect(await first).toMatchObject({ kind: "completed", batchesRun: 2 });
    // The lock went with the first run.
    expect(await runPostgresBackfill(options(c))).toMatchObject({ kind: "completed", batchesRun: 0 });
    expect(await targetIds(c)).toEqual(range(1, 6));
  });

  it("clears a migration's checkpoints so a rerun starts over", async () => {
    const c = await seedIds(range(1, 7).map(Number));
    await runPostgresBackfill(options(c));
    expect(await clearPostgresCheckpoints(database.url, c.migrationId)).toBe(3);
    expect(await clearPostgresCheckpoints(database.url, c.migrationId)).toBe(0);
    await admin.query(`TRUNCATE ${c.schema}.dst`);
    expect(await runPostgresBackfill(options(c))).toMatchObject({ batchesRun: 3, rowsDone: 7 });
    expect(await targetIds(c)).toEqual(range(1, 7));
  });

  it("runs two batches at once on two connections, writing every row exactly once", async (context) => {
    if (!database.concurrentSessions) context.skip("PGlite serves every connection in one session: two open transactions would be one");
    const c = await seedIds(range(1, 40).map(Number));
    await admin.query(`CREATE TABLE ${c.schema}.batch_log (batch_start bigint, began timestamptz, backend int)`);
    // now() is the batch transaction's start; the checkpoint's committed_at is taken at its end.
    const sql = `WITH logged AS (INSERT INTO ${c.schema}.batch_log VALUES (:batch_start, now(), pg_backend_pid()))
      INSERT INTO ${c.schema}.dst SELECT id, name FROM ${c.schema}.src, (SELECT pg_sleep(0.1)) AS pause
      WHERE id BETWEEN :batch_start AND :batch_end`;
    const progress: BackfillProgress[] = [];
    const outcome = await runPostgresBackfill(options(c, { sql, batchSize: 4, workers: 2, onProgress: (p) => progress.push(p) }));
    expect(outcome).toMatchObject({ kind: "completed", batchesRun: 10, effectiveWorkers: 2 });
    expect(progress.every((p) => p.workers === 2)).toBe(true);
    const { rows } = await admin.query<{ overlapping: number; backends: number }>(
      `WITH spans AS (
         SELECT l.backend, l.began, k.committed_at AS ended FROM ${c.schema}.batch_log l
         JOIN ${CHECKPOINT_TABLE} k ON k.migration_id = $1 AND (k.batch_start::jsonb ->> 0)::bigint = l.batch_start)
       SELECT (SELECT count(*)::int FROM spans a JOIN spans b ON a.backend < b.backend AND a.began < b.ended AND b.began < a.ended) AS overlapping,
              (SELECT count(DISTINCT backend)::int FROM spans) AS backends`,
      [c.migrationId],
    );
    expect(rows[0]?.backends).toBe(2);
    expect(rows[0]?.overlapping).toBeGreaterThan(0);
    expect(await targetIds(c)).toEqual(range(1, 40));
  });

  it("runs one batch at a time when the connections share one backend", async (context) => {
    if (database.kind !== "pglite") context.skip("only an embedded PGlite serves all connections from one backend");
    const c = await seedIds(range(1, 10).map(Number));
    const progress: BackfillProgress[] = [];
    const outcome = await runPostgresBackfill(options(c, { workers: 3, onProgress: (p) => progress.push(p) }));
    expect(outcome).toMatchObject({ kind: "completed", batchesRun: 4, effectiveWorkers: 1 });
    expect(progress.every((p) => p.workers === 1)).toBe(true);
    expect(await targetIds(c)).toEqual(range(1, 10));
  });
});
