import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BackfillConfigError, type BackfillProgress } from "./backfill-request.js";
import type { BackfillClock } from "./pace-rate.js";
import { decodeKey } from "./plan-batches.js";
import { clearSqliteCheckpoints, runSqliteBackfill, type SqliteBackfillOptions } from "./sqlite-backfill.js";
import { CHECKPOINT_TABLE } from "./sqlite-checkpoints.js";
import { FakeClock } from "../../testing/fake-clock.js";

let dir: string;
let dbPath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bascule-backfill-"));
  dbPath = join(dir, "app.db");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function withDb<T>(path: string, use: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

function seedIds(ids: readonly number[]): void {
  withDb(dbPath, (db) => {
    db.exec("CREATE TABLE src (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE dst (id INTEGER, name TEXT)");
    const insert = db.prepare("INSERT INTO src VALUES (?, ?)");
    for (const id of ids) insert.run(id, `n${String(id)}`);
  });
}

const copyById = "INSERT INTO dst SELECT id, upper(name) FROM src WHERE id BETWEEN :batch_start AND :batch_end";

function options(overrides: Partial<SqliteBackfillOptions> = {}): SqliteBackfillOptions {
  return {
    targetPath: dbPath,
    migrationId: "m1",
    sourceTable: "src",
    keyColumns: ["id"],
    sql: copyById,
    batchSize: 3,
    ...overrides,
  };
}

function checkpoints(path = dbPath): { start: unknown; end: unknown; rows: number }[] {
  return withDb(path, (db) =>
    (
      db.prepare(`SELECT batch_start, batch_end, rows FROM ${CHECKPOINT_TABLE} ORDER BY rowid`).all() as {
        batch_start: string;
        batch_end: string;
        rows: number;
      }[]
    ).map((row) => ({ start: decodeKey(row.batch_start), end: decodeKey(row.batch_end), rows: row.rows })),
  );
}

function targetIds(): number[] {
  return withDb(dbPath, (db) => db.prepare("SELECT id FROM dst ORDER BY id").pluck().all() as number[]);
}

/** A clock that never waits: sleeping moves time forward and is recorded. */
const fakeClock = () => new FakeClock({ autoAdvance: true });

describe("runSqliteBackfill", () => {
  it("walks keys with gaps in inclusive batches of batch_size existing keys", async () => {
    seedIds([1, 2, 5, 7, 8, 10, 11, 40]);
    const outcome = await runSqliteBackfill(options());
    expect(outcome).toMatchObject({ kind: "completed", batchesRun: 3, rowsWritten: 8, rowsDone: 8, rowsTotal: 8 });
    expect(checkpoints()).toEqual([
      { start: [1n], end: [5n], rows: 3 },
      { start: [7n], end: [10n], rows: 3 },
      { start: [11n], end: [40n], rows: 2 },
    ]);
    expect(targetIds()).toEqual([1, 2, 5, 7, 8, 10, 11, 40]);
  });

  it("does nothing on an empty source", async () => {
    seedIds([]);
    const outcome = await runSqliteBackfill(options());
    expect(outcome).toMatchObject({ kind: "completed", batchesRun: 0, rowsDone: 0, rowsTotal: 0 });
    expect(checkpoints()).toEqual([]);
  });

  it("does nothing when resumed after a completed run", async () => {
    seedIds([1, 2, 3, 4, 5, 6, 7]);
    await runSqliteBackfill(options());
    const again = await runSqliteBackfill(options());
    expect(again).toMatchObject({ kind: "completed", batchesRun: 0, rowsWritten: 0, rowsDone: 7 });
    expect(targetIds()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("fills a gap between committed batches without re-running either side", async () => {
    seedIds([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await runSqliteBackfill(options());
    // As if a parallel worker had not committed the middle batch.
    withDb(dbPath, (db) => {
      db.exec(`DELETE FROM dst WHERE id BETWEEN 4 AND 6; DELETE FROM ${CHECKPOINT_TABLE} WHERE rows = 3 AND batch_start = '[{"int":"4"}]'`);
    });
    const outcome = await runSqliteBackfill(options({ batchSize: 2 }));
    expect(outcome).toMatchObject({ batchesRun: 2, rowsWritten: 3 });
    expect(targetIds()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("walks composite keys as row values with per-column bounds", async () => {
    withDb(dbPath, (db) => {
      db.exec("CREATE TABLE src (tenant TEXT, seq INTEGER, PRIMARY KEY (tenant, seq)); CREATE TABLE dst (tenant TEXT, seq INTEGER)");
      const insert = db.prepare("INSERT INTO src VALUES (?, ?)");
      for (const tenant of ["b", "a", "c"]) for (const seq of [3, 1, 2]) insert.run(tenant, seq);
    });
    await runSqliteBackfill(
      options({
        keyColumns: ["tenant", "seq"],
        batchSize: 4,
        sql: `INSERT INTO dst SELECT tenant, seq FROM src
            WHERE (tenant, seq) BETWEEN (:batch_start_tenant, :batch_start_seq) AND (:batch_end_tenant, :batch_end_seq)`,
      }),
    );
    expect(checkpoints()).toEqual([
      { start: ["a", 1n], end: ["b", 1n], rows: 4 },
      { start: ["b", 2n], end: ["c", 2n], rows: 4 },
      { start: ["c", 3n], end: ["c", 3n], rows: 1 },
    ]);
    const copied = withDb(dbPath, (db) => db.prepare("SELECT count(*) FROM dst").pluck().get());
    expect(copied).toBe(9);
  });

  it("orders text keys by bytes, whatever the column's collation", async () => {
    withDb(dbPath, (db) => {
      db.exec("CREATE TABLE src (code TEXT COLLATE NOCASE PRIMARY KEY); CREATE TABLE dst (code TEXT)");
      const insert = db.prepare("INSERT INTO src VALUES (?)");
      for (const code of ["b", "A", "é", "C", "a2"]) insert.run(code);
    });
    await runSqliteBackfill(
      options({
        keyColumns: ["code"],
        batchSize: 2,
        sql: "INSERT INTO dst SELECT code FROM src WHERE code COLLATE BINARY BETWEEN :batch_start AND :batch_end",
      }),
    );
    expect(checkpoints().map((c) => [c.start, c.end])).toEqual([
      [["A"], ["C"]],
      [["a2"], ["b"]],
      [["é"], ["é"]],
    ]);
    const copied = withDb(dbPath, (db) => db.prepare("SELECT code FROM dst ORDER BY code COLLATE BINARY").pluck().all());
    expect(copied).toEqual(["A", "C", "a2", "b", "é"]);
  });

  it("reads a separate source file attached as `source`", async () => {
    const sourcePath = join(dir, "source.db");
    withDb(sourcePath, (db) => db.exec("CREATE TABLE src (id INTEGER PRIMARY KEY); INSERT INTO src VALUES (1), (2), (3), (4)"));
    withDb(dbPath, (db) => db.exec("CREATE TABLE dst (id INTEGER, name TEXT)"));
    await runSqliteBackfill(
      options({
        sourcePath,
        sourceTable: "source.src",
        sql: "INSERT INTO dst SELECT id, NULL FROM source.src WHERE id BETWEEN :batch_start AND :batch_end",
      }),
    );
    expect(targetIds()).toEqual([1, 2, 3, 4]);
    expect(checkpoints()).toHaveLength(2);
  });

  it("paces batches under a batches-per-minute limit", async () => {
    seedIds([1, 2, 3, 4, 5, 6, 7]);
    const clock = fakeClock();
    const startedAt: number[] = [];
    await runSqliteBackfill(
      options({
        batchSize: 2,
        rateLimit: "2 batches/minute",
        clock,
        onProgress: () => startedAt.push(clock.now()),
      }),
    );
    expect(startedAt).toEqual([0, 30_000, 60_000, 90_000]);
  });

  it("paces batches under a rows-per-second limit by the rows each batch covered", async () => {
    seedIds([1, 2, 3, 4, 5, 6, 7]);
    const clock = fakeClock();
    const progress: BackfillProgress[] = [];
    await runSqliteBackfill(options({ batchSize: 2, rateLimit: "4 rows/second", clock, onProgress: (p) => progress.push(p) }));
    expect(clock.slept).toEqual([500, 500, 500]);
    expect(progress.map((p) => [p.rowsDone, p.rowsTotal])).toEqual([
      [2, 7],
      [4, 7],
      [6, 7],
      [7, 7],
    ]);
    expect(progress[1]).toMatchObject({ rowsPerSecond: 8, etaMs: 375 });
  });

  it("stops between batches when cancelled, and a rerun finishes the rest", async () => {
    seedIds([1, 2, 3, 4, 5, 6, 7]);
    const controller = new AbortController();
    const first = await runSqliteBackfill(
      options({
        batchSize: 2,
        signal: controller.signal,
        onProgress: (p) => p.batchesDone === 2 && controller.abort(),
      }),
    );
    expect(first).toMatchObject({ kind: "cancelled", batchesRun: 2 });
    expect(targetIds()).toEqual([1, 2, 3, 4]);
    const second = await runSqliteBackfill(options({ batchSize: 2 }));
    expect(second).toMatchObject({ kind: "completed", batchesRun: 2, rowsDone: 7 });
    expect(targetIds()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("ends as cancelled when beforeBatch says stop, starting no further batch", async () => {
    seedIds([1, 2, 3, 4, 5, 6, 7]);
    let calls = 0;
    const outcome = await runSqliteBackfill(options({ batchSize: 2, beforeBatch: async () => (++calls === 3 ? "stop" : "continue") }));
    expect(outcome).toMatchObject({ kind: "cancelled", batchesRun: 2 });
    expect(targetIds()).toEqual([1, 2, 3, 4]);
  });

  it("starts no batch while beforeBatch holds, and goes on when it lets go", async () => {
    seedIds([1, 2, 3, 4, 5, 6]);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let calls = 0;
    const running = runSqliteBackfill(
      options({
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
    await Promise.race([holding, running]);
    const whileHeld = targetIds();
    release();
    expect(await running).toMatchObject({ kind: "completed", batchesRun: 3 });
    expect(whileHeld).toEqual([1, 2]);
    expect(targetIds()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("leaves time held before a batch out of the pace it reports", async () => {
    seedIds([1, 2, 3, 4, 5, 6]);
    const clock = fakeClock();
    const progress: BackfillProgress[] = [];
    let calls = 0;
    await runSqliteBackfill(
      options({
        batchSize: 2,
        rateLimit: "2 batches/second",
        clock,
        // The second batch is held for an hour of the fake clock, as a health pause would.
        beforeBatch: async () => {
          if (++calls === 2) await clock.sleep(3_600_000);
          return "continue";
        },
        onProgress: (p) => progress.push(p),
      }),
    );
    // Three batches of 2 rows at 0, 0.5 and 1 s of unheld time: 6 rows a second, not 6 an hour.
    expect(progress.at(-1)?.rowsPerSecond).toBeCloseTo(6, 5);
    expect(clock.now()).toBeGreaterThan(3_600_000);
  });

  it("grows the batch size toward the target duration by bounded steps, up to its maximum", async () => {
    seedIds(Array.from({ length: 40 }, (_, i) => i + 1));
    const progress: BackfillProgress[] = [];
    await runSqliteBackfill(options({ batchSize: 2, tuning: { targetBatchMs: 600_000, maxBatchSize: 8 }, onProgress: (p) => progress.push(p) }));
    expect(checkpoints().map((c) => c.rows)).toEqual([2, 4, 8, 8, 8, 8, 2]);
    expect(progress.map((p) => p.batchSize)).toEqual([4, 8, 8, 8, 8, 8, 8]);
    expect(progress.every((p) => p.workers === 1)).toBe(true);
    expect(targetIds()).toHaveLength(40);
  });

  it("shrinks the batch size when batches take longer than the target, down to its minimum", async () => {
    seedIds(Array.from({ length: 20 }, (_, i) => i + 1));
    // Every reading of this clock is 100 ms after the last, so every batch seems slow.
    let now = 0;
    const clock: BackfillClock = { now: () => (now += 100), sleep: () => Promise.resolve() };
    await runSqliteBackfill(options({ batchSize: 8, clock, tuning: { targetBatchMs: 10, minBatchSize: 2 } }));
    expect(checkpoints().map((c) => c.rows)).toEqual([8, 4, 2, 2, 2, 2]);
  });

  it("clears a migration's checkpoints so a rerun starts over", async () => {
    seedIds([1, 2, 3, 4, 5, 6, 7]);
    expect(clearSqliteCheckpoints(dbPath, "m1")).toBe(0);
    await runSqliteBackfill(options());
    expect(clearSqliteCheckpoints(dbPath, "other")).toBe(0);
    expect(withDb(dbPath, (db) => clearSqliteCheckpoints(db, "m1"))).toBe(3);
    expect(checkpoints()).toEqual([]);
    withDb(dbPath, (db) => db.exec("DELETE FROM dst"));
    expect(await runSqliteBackfill(options())).toMatchObject({ batchesRun: 3, rowsDone: 7 });
  });

  it("rolls a failing batch back with its checkpoint", async () => {
    seedIds([1, 2, 3, 4]);
    withDb(dbPath, (db) => db.exec("CREATE TRIGGER no4 BEFORE INSERT ON dst WHEN NEW.id = 4 BEGIN SELECT RAISE(ABORT, 'no 4'); END"));
    await expect(runSqliteBackfill(options())).rejects.toThrow(/\[4\] to \[4\] failed and was rolled back: no 4/);
    expect(targetIds()).toEqual([1, 2, 3]);
    expect(checkpoints()).toHaveLength(1);
  });

  it("refuses a transformation without batch bounds, a bad batch size and a bad rate limit", async () => {
    seedIds([1]);
    await expect(runSqliteBackfill(options({ sql: "INSERT INTO dst SELECT * FROM src" }))).rejects.toThrow(BackfillConfigError);
    await expect(runSqliteBackfill(options({ batchSize: 0 }))).rejects.toThrow(BackfillConfigError);
    await expect(runSqliteBackfill(options({ rateLimit: "fast" }))).rejects.toThrow(/rate_limit "fast"/);
  });
});
