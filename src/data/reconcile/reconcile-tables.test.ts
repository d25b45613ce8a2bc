import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { reconcileTables, type ReconcileOptions } from "./reconcile-tables.js";
import { SqliteTableSource } from "./sqlite-table-source.js";
import { CountingSource } from "../../testing/counting-table-source.js";

const baseDir = mkdtempSync(join(tmpdir(), "bascule-reconcile-"));
afterAll(() => rmSync(baseDir, { recursive: true, force: true }));

let files = 0;
/** A real database file holding `source` and `target`, built by the given SQL. */
function createDatabase(sql: string): string {
  const path = join(baseDir, `reconcile-${++files}.db`);
  const db = new Database(path);
  db.exec(sql);
  db.close();
  return path;
}

interface Sides {
  readonly sourceQuery?: string;
  readonly targetQuery?: string;
  readonly keyColumns?: readonly string[];
}

async function reconcile(path: string, options: Partial<ReconcileOptions> = {}, sides: Sides = {}) {
  const keyColumns = sides.keyColumns ?? ["id"];
  const source = new SqliteTableSource(sides.sourceQuery ? { database: path, query: sides.sourceQuery, keyColumns } : { database: path, table: "source", keyColumns });
  const target = new SqliteTableSource(sides.targetQuery ? { database: path, query: sides.targetQuery, keyColumns } : { database: path, table: "target", keyColumns });
  try {
    return await reconcileTables(source, target, { acceptanceRatio: 1, ...options });
  } finally {
    source.close();
    target.close();
  }
}

// Every tricky case runs twice: streamed straight away, and bisected by checksums down to single rows.
const modes = [
  { name: "streaming", options: {} },
  { name: "bisection", options: { leafRows: 1, fanout: 2, denseThreshold: 1.1 } },
] as const;

describe.each(modes)("reconcileTables ($name)", ({ options }) => {
  it("passes identical tables with a match ratio of 1", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER PRIMARY KEY, name TEXT);
      CREATE TABLE target (id INTEGER PRIMARY KEY, name TEXT);
      INSERT INTO source VALUES (1, 'a'), (2, 'b'), (3, NULL);
      INSERT INTO target VALUES (3, NULL), (2, 'b'), (1, 'a');`);
    const result = await reconcile(path, options);
    expect(result).toMatchObject({ passed: true, match_ratio: 1, source_rows: 3, target_rows: 3, differences: [] });
  });

  it("tells NULL, the empty string and the text 'NULL' apart", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER PRIMARY KEY, note TEXT);
      CREATE TABLE target (id INTEGER PRIMARY KEY, note TEXT);
      INSERT INTO source VALUES (1, NULL), (2, ''), (3, 'NULL'), (4, NULL);
      INSERT INTO target VALUES (1, ''), (2, NULL), (3, NULL), (4, NULL);`);
    const result = await reconcile(path, options);
    expect(result.differences).toEqual([
      { key: 1, kind: "changed" },
      { key: 2, kind: "changed" },
      { key: 3, kind: "changed" },
    ]);
    expect(result.match_ratio).toBe(0.25);
    expect(result.passed).toBe(false);
  });

  it("sees values swapped between two columns", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER PRIMARY KEY, first TEXT, last TEXT, a INTEGER, b INTEGER);
      CREATE TABLE target (id INTEGER PRIMARY KEY, first TEXT, last TEXT, a INTEGER, b INTEGER);
      INSERT INTO source VALUES (1, 'Ada', 'Lovelace', 1, 2), (2, 'Alan', 'Turing', 3, 4), (3, 'x', 'x', 5, 6);
      INSERT INTO target VALUES (1, 'Lovelace', 'Ada', 1, 2), (2, 'Alan', 'Turing', 3, 4), (3, 'x', 'x', 6, 5);`);
    const result = await reconcile(path, options);
    expect(result.differences).toEqual([
      { key: 1, kind: "changed" },
      { key: 3, kind: "changed" },
    ]);
  });

  it("reports a key with more than one row on either side as a duplicate, even when both sides hold the same copies", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER, v TEXT);
      CREATE TABLE target (id INTEGER, v TEXT);
      INSERT INTO source VALUES (1, 'a'), (2, 'b'), (2, 'b'), (3, 'c'), (3, 'c');
      INSERT INTO target VALUES (1, 'a'), (2, 'b'), (3, 'c'), (3, 'c');`);
    const result = await reconcile(path, options);
    expect(result.differences).toEqual([
      { key: 2, kind: "duplicate", source_rows: 2, target_rows: 1 },
      { key: 3, kind: "duplicate", source_rows: 2, target_rows: 2 },
    ]);
    expect(result).toMatchObject({ passed: false, source_rows: 5, target_rows: 4, match_ratio: 1 / 3 });
  });

  it("finds a row copied twice into the target though a missing row evens the counts", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER PRIMARY KEY, v TEXT);
      CREATE TABLE target (id INTEGER, v TEXT);
      INSERT INTO source VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e'), (6, 'f');
      INSERT INTO target VALUES (1, 'a'), (2, 'b'), (3, 'c'), (3, 'c'), (4, 'd'), (6, 'f');`);
    const result = await reconcile(path, options);
    expect(result.differences).toEqual([
      { key: 3, kind: "duplicate", source_rows: 1, target_rows: 2 },
      { key: 5, kind: "missing" },
    ]);
    expect(result).toMatchObject({ passed: false, source_rows: 6, target_rows: 6, match_ratio: 4 / 6 });
  });

  it("counts three copies as three, and a duplicated key the source lacks in the union of keys", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER PRIMARY KEY, v TEXT);
      CREATE TABLE target (id INTEGER, v TEXT);
      INSERT INTO source VALUES (1, 'a'), (2, 'b'), (3, 'c');
      INSERT INTO target VALUES (1, 'a'), (2, 'b'), (2, 'b'), (2, 'b'), (3, 'c'), (9, 'x'), (9, 'x');`);
    const result = await reconcile(path, options);
    expect(result.differences).toEqual([
      { key: 2, kind: "duplicate", source_rows: 1, target_rows: 3 },
      { key: 9, kind: "duplicate", source_rows: 0, target_rows: 2 },
    ]);
    expect(result).toMatchObject({ source_rows: 3, target_rows: 7, match_ratio: 2 / 4 });
  });

  it("tells a duplicated key from a changed row beside it, whether or not the copies agree", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER PRIMARY KEY, v TEXT);
      CREATE TABLE target (id INTEGER, v TEXT);
      INSERT INTO source VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd');
      INSERT INTO target VALUES (1, 'a'), (2, 'b'), (2, 'B'), (3, 'c'), (4, 'changed');`);
    const result = await reconcile(path, options);
    expect(result.differences).toEqual([
      { key: 2, kind: "duplicate", source_rows: 1, target_rows: 2 },
      { key: 4, kind: "changed" },
    ]);
  });

  it("reports a duplicated composite key by its columns", async () => {
    const path = createDatabase(`
      CREATE TABLE source (region TEXT, id INTEGER, v TEXT, PRIMARY KEY (region, id));
      CREATE TABLE target (region TEXT, id INTEGER, v TEXT);
      INSERT INTO source VALUES ('eu', 1, 'a'), ('eu', 2, 'b'), ('us', 1, 'c'), ('us', 2, 'd');
      INSERT INTO target SELECT * FROM source;
      INSERT INTO target VALUES ('us', 1, 'c');`);
    const result = await reconcile(path, options, { keyColumns: ["region", "id"] });
    expect(result.differences).toEqual([{ key: { region: "us", id: 1 }, kind: "duplicate", source_rows: 1, target_rows: 2 }]);
    expect(result.match_ratio).toBe(3 / 4);
  });

  it("compares numbers by value: integer and real agree, float noise vanishes, real precision counts", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER PRIMARY KEY, amount NUMERIC, ratio REAL, big INTEGER);
      CREATE TABLE target (id INTEGER PRIMARY KEY, amount NUMERIC, ratio REAL, big INTEGER);
      INSERT INTO source VALUES (1, 1, 0.1 + 0.2, 9007199254740993), (2, '1.10', 1.5, 1), (3, 2, 1.5, 9007199254740993), (4, 1, 1.0, 2);
      INSERT INTO target VALUES (1, 1.0, 0.3, 9007199254740993), (2, 1.1, 1.5, 1), (3, 2, 1.5000001, 9007199254740993), (4, 1, 1.0, 9007199254740992);`);
    const result = await reconcile(path, options);
    expect(result.differences).toEqual([
      { key: 3, kind: "changed" },
      { key: 4, kind: "changed" },
    ]);
  });

  it("compares timestamps as the text given, unless a projection normalises both sides", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER PRIMARY KEY, at TEXT);
      CREATE TABLE target (id INTEGER PRIMARY KEY, at TEXT);
      INSERT INTO source VALUES (1, '2024-01-01 10:00:00'), (2, '2024-01-01 10:00:00.000');
      INSERT INTO target VALUES (1, '2024-01-01T10:00:00'), (2, '2024-01-01 10:00:00');`);
    const raw = await reconcile(path, options);
    expect(raw.differences.map((difference) => difference.key)).toEqual([1, 2]);
    const projected = await reconcile(path, options, {
      sourceQuery: "SELECT id, datetime(at) AS at FROM source",
      targetQuery: "SELECT id, datetime(at) AS at FROM target",
    });
    expect(projected).toMatchObject({ passed: true, differences: [] });
  });

  it("orders text keys by binary order whatever collation a side declares", async () => {
    const path = createDatabase(`
      CREATE TABLE source (code TEXT PRIMARY KEY, v INTEGER);
      CREATE TABLE target (code TEXT COLLATE NOCASE, v INTEGER);
      CREATE INDEX target_code ON target (code);
      INSERT INTO source VALUES ('B', 1), ('a', 2), ('b', 3), ('C', 4), ('é', 5), ('z', 6), (char(65535), 7), ('😀', 8);
      INSERT INTO target VALUES ('a', 2), ('B', 1), ('b', 30), ('c', 4), ('é', 5), ('Z', 6), ('😀', 80), (char(65535), 7);`);
    const result = await reconcile(path, options, { keyColumns: ["code"] });
    expect(result.differences).toEqual([
      { key: "C", kind: "missing" },
      { key: "Z", kind: "extra" },
      { key: "b", kind: "changed" },
      { key: "c", kind: "extra" },
      { key: "z", kind: "missing" },
      { key: "😀", kind: "changed" },
    ]);
  });

  it("checksums values at the 64-bit integer limits without overflowing", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER PRIMARY KEY, v INTEGER);
      CREATE TABLE target (id INTEGER PRIMARY KEY, v INTEGER);
      INSERT INTO source VALUES (1, 9223372036854775807), (2, 9223372036854775807), (3, -9223372036854775808), (4, 9223372036854775807);
      INSERT INTO target VALUES (1, 9223372036854775807), (2, 9223372036854775807), (3, -9223372036854775808), (4, 9223372036854775806);`);
    const result = await reconcile(path, options);
    expect(result.differences).toEqual([{ key: 4, kind: "changed" }]);
  });

  it("lists missing and extra rows of a composite key as objects", async () => {
    const path = createDatabase(`
      CREATE TABLE source (tenant TEXT, id INTEGER, v TEXT, PRIMARY KEY (tenant, id));
      CREATE TABLE target (tenant TEXT, id INTEGER, v TEXT, PRIMARY KEY (tenant, id));
      INSERT INTO source VALUES ('a', 1, 'x'), ('a', 2, 'x'), ('b', 1, 'x');
      INSERT INTO target VALUES ('a', 1, 'x'), ('b', 1, 'y'), ('b', 2, 'x');`);
    const result = await reconcile(path, options, { keyColumns: ["tenant", "id"] });
    expect(result.differences).toEqual([
      { key: { tenant: "a", id: 2 }, kind: "missing" },
      { key: { tenant: "b", id: 1 }, kind: "changed" },
      { key: { tenant: "b", id: 2 }, kind: "extra" },
    ]);
    expect(result.match_ratio).toBe(1 / 4);
  });
});

describe("reconcileTables", () => {
  it("compares same-named columns only, ignoring case, and measures the ratio over the union of keys", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER PRIMARY KEY, Name TEXT, legacy TEXT);
      CREATE TABLE target (id INTEGER PRIMARY KEY, name TEXT, added TEXT);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
      INSERT INTO source SELECT i, 'n' || i, 'old' FROM n;
      INSERT INTO target SELECT id, Name, 'new' FROM source;
      UPDATE target SET name = 'other' WHERE id = 50;
      INSERT INTO target VALUES (101, 'n101', 'new');`);
    const result = await reconcile(path, { acceptanceRatio: 0.98 });
    expect(result.compared_columns).toEqual(["Name"]);
    expect(result.differences).toEqual([
      { key: 50, kind: "changed" },
      { key: 101, kind: "extra" },
    ]);
    expect(result).toMatchObject({ passed: true, match_ratio: 99 / 101, source_rows: 100, target_rows: 101 });
  });

  it("finds the one changed row of 200,000 without streaming the table", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER PRIMARY KEY, name TEXT, amount REAL);
      CREATE TABLE target (id INTEGER PRIMARY KEY, name TEXT, amount REAL);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
      INSERT INTO source SELECT i, 'customer ' || i, i * 0.01 FROM n;
      INSERT INTO target SELECT * FROM source;
      UPDATE target SET amount = amount + 0.01 WHERE id = 123457;`);
    const source = new CountingSource(new SqliteTableSource({ database: path, table: "source", keyColumns: ["id"] }));
    const target = new CountingSource(new SqliteTableSource({ database: path, table: "target", keyColumns: ["id"] }));
    const result = await reconcileTables(source, target, { acceptanceRatio: 0.9999 });
    expect(result.differences).toEqual([{ key: 123457, kind: "changed" }]);
    expect(result).toMatchObject({ passed: true, match_ratio: 199999 / 200000, source_rows: 200000, target_rows: 200000 });
    expect(source.rowsRead).toBeGreaterThan(0);
    expect(source.rowsRead).toBeLessThanOrEqual(256);
    expect(target.rowsRead).toBeLessThanOrEqual(256);
  });

  it("finds a missing row and an extra row among 200,000 when the counts agree", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER PRIMARY KEY, name TEXT);
      CREATE TABLE target (id INTEGER PRIMARY KEY, name TEXT);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
      INSERT INTO source SELECT i, 'row ' || i FROM n;
      INSERT INTO target SELECT * FROM source WHERE id <> 7;
      INSERT INTO target VALUES (300000, 'late');`);
    const source = new CountingSource(new SqliteTableSource({ database: path, table: "source", keyColumns: ["id"] }));
    const target = new CountingSource(new SqliteTableSource({ database: path, table: "target", keyColumns: ["id"] }));
    const result = await reconcileTables(source, target, { acceptanceRatio: 0.9999 });
    expect(result.differences).toEqual([
      { key: 7, kind: "missing" },
      { key: 300000, kind: "extra" },
    ]);
    expect(source.rowsRead + target.rowsRead).toBeLessThan(2000);
  });

  it("switches to streaming when differences are dense, counting all but listing at most maxDifferences", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER PRIMARY KEY, v INTEGER);
      CREATE TABLE target (id INTEGER PRIMARY KEY, v INTEGER);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
      INSERT INTO source SELECT i, i FROM n;
      INSERT INTO target SELECT id, CASE WHEN id % 3 = 0 THEN -v ELSE v END FROM source;`);
    const result = await reconcile(path, { acceptanceRatio: 0.9999, maxDifferences: 5 });
    expect(result.stats.dense_switches).toBe(1);
    expect(result.stats.streamed_ranges).toBe(1);
    expect(result.difference_count).toBe(3333);
    expect(result.differences_truncated).toBe(true);
    expect(result.differences).toEqual([3, 6, 9, 12, 15].map((key) => ({ key, kind: "changed" })));
    expect(result.passed).toBe(false);
  });

  it("handles an empty side: every key of the other is missing", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER PRIMARY KEY, v INTEGER);
      CREATE TABLE target (id INTEGER PRIMARY KEY, v INTEGER);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
      INSERT INTO source SELECT i, i FROM n;`);
    const result = await reconcile(path, { acceptanceRatio: 0.5 });
    expect(result).toMatchObject({ passed: false, match_ratio: 0, source_rows: 1000, target_rows: 0, difference_count: 1000 });
    expect(result.differences[0]).toEqual({ key: 1, kind: "missing" });
  });

  it("bisects by checksums down to the differing rows, streaming only those", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER PRIMARY KEY, v TEXT);
      CREATE TABLE target (id INTEGER PRIMARY KEY, v TEXT);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 64)
      INSERT INTO source SELECT i, 'v' || i FROM n;
      INSERT INTO target SELECT * FROM source;
      UPDATE target SET v = NULL WHERE id IN (5, 40);`);
    // With two parts per split, both halves differ at the top; a threshold above 1 keeps bisecting.
    const result = await reconcile(path, { leafRows: 1, fanout: 2, denseThreshold: 1.1 });
    expect(result.differences).toEqual([
      { key: 5, kind: "changed" },
      { key: 40, kind: "changed" },
    ]);
    expect(result.stats.checksummed_ranges).toBeGreaterThan(0);
    expect(result.stats.rows_streamed).toBeLessThanOrEqual(4);
  });

  it("finds a changed row among 20,000 under a composite text key", async () => {
    const path = createDatabase(`
      CREATE TABLE source (region TEXT COLLATE NOCASE, id INTEGER, v REAL, PRIMARY KEY (region, id));
      CREATE TABLE target (region TEXT, id INTEGER, v REAL, PRIMARY KEY (region, id));
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
      INSERT INTO source SELECT CASE WHEN i % 2 = 0 THEN 'eu' ELSE 'US' END, i, i / 7.0 FROM n
      UNION ALL SELECT 'us-east', i, i FROM n;
      INSERT INTO target SELECT * FROM source;
      UPDATE target SET v = v + 1 WHERE region = 'us-east' AND id = 9999;`);
    const source = new CountingSource(new SqliteTableSource({ database: path, table: "source", keyColumns: ["region", "id"] }));
    const target = new CountingSource(new SqliteTableSource({ database: path, table: "target", keyColumns: ["region", "id"] }));
    const result = await reconcileTables(source, target, { acceptanceRatio: 1 });
    expect(result.differences).toEqual([{ key: { region: "us-east", id: 9999 }, kind: "changed" }]);
    expect(source.rowsRead).toBeLessThanOrEqual(256);
  });

  it("stops splitting at a key duplicated more often than a leaf holds", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER, v TEXT);
      CREATE TABLE target (id INTEGER, v TEXT);
      CREATE INDEX source_id ON source (id);
      CREATE INDEX target_id ON target (id);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
      INSERT INTO source SELECT i, 'x' FROM n UNION ALL SELECT 700, 'x' FROM n WHERE i < 400;
      INSERT INTO target SELECT * FROM source;
      DELETE FROM target WHERE rowid = (SELECT max(rowid) FROM target WHERE id = 700);`);
    const result = await reconcile(path, { leafRows: 16, fanout: 4 });
    expect(result.differences).toEqual([{ key: 700, kind: "duplicate", source_rows: 400, target_rows: 399 }]);
    expect(result.stats.rows_streamed).toBeLessThan(1000);
  });

  it("finds a key duplicated alike on both sides, where every checksum matches, without streaming the table", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER, v TEXT);
      CREATE TABLE target (id INTEGER, v TEXT);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
      INSERT INTO source SELECT i, 'row ' || i FROM n;
      INSERT INTO source VALUES (12345, 'row 12345');
      INSERT INTO target SELECT * FROM source;`);
    const source = new CountingSource(new SqliteTableSource({ database: path, table: "source", keyColumns: ["id"] }));
    const target = new CountingSource(new SqliteTableSource({ database: path, table: "target", keyColumns: ["id"] }));
    const result = await reconcileTables(source, target, { acceptanceRatio: 0.9999 });
    expect(result.differences).toEqual([{ key: 12345, kind: "duplicate", source_rows: 2, target_rows: 2 }]);
    // One differing key in 20,000 passes a 99.99% threshold: a duplicate counts like any differing key.
    expect(result).toMatchObject({ passed: true, match_ratio: 19999 / 20000, source_rows: 20001, target_rows: 20001 });
    expect(source.rowsRead + target.rowsRead).toBeLessThanOrEqual(512);
  });

  it("lists every key of a backfill written twice as a duplicate", async () => {
    const path = createDatabase(`
      CREATE TABLE source (id INTEGER PRIMARY KEY, v INTEGER);
      CREATE TABLE target (id INTEGER, v INTEGER);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
      INSERT INTO source SELECT i, i FROM n;
      INSERT INTO target SELECT * FROM source UNION ALL SELECT * FROM source;`);
    const result = await reconcile(path, { acceptanceRatio: 0.5, maxDifferences: 3 });
    expect(result).toMatchObject({ passed: false, match_ratio: 0, source_rows: 5000, target_rows: 10000, difference_count: 5000, differences_truncated: true });
    expect(result.differences).toEqual([1, 2, 3].map((key) => ({ key, kind: "duplicate", source_rows: 1, target_rows: 2 })));
  });

  it("passes two empty tables", async () => {
    const path = createDatabase(`CREATE TABLE source (id INTEGER PRIMARY KEY); CREATE TABLE target (id INTEGER PRIMARY KEY);`);
    expect(await reconcile(path)).toMatchObject({ passed: true, match_ratio: 1, source_rows: 0, target_rows: 0, differences: [] });
  });
});
