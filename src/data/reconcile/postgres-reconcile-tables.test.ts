import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPool, openTestPostgres, type TestPostgres } from "../../testing/test-postgres.js";
import { PostgresTableSource } from "./postgres-table-source.js";
import { reconcileTables, type ReconcileOptions } from "./reconcile-tables.js";
import type { KeyRange } from "./table-source.js";
import { CountingSource } from "../../testing/counting-table-source.js";

let database: TestPostgres;
let pool: pg.Pool;
let schemas = 0;
/** A linguistic (non-binary) collation both PGlite and a server with ICU provide, else libc's en_US, else "C". */
let linguisticCollation = '"C"';
/** Whether ICU can make a nondeterministic, case-insensitive collation (where 'a' = 'A'). */
let hasIcu = false;

beforeAll(async () => {
  database = await openTestPostgres();
  pool = openTestPool(database);
  const { rows } = await pool.query<{ collname: string }>(`SELECT collname FROM pg_collation WHERE collname IN ('und-x-icu', 'en_US') ORDER BY collname DESC`);
  if (rows[0] !== undefined) linguisticCollation = `"${rows[0].collname}"`;
  hasIcu = rows[0]?.collname === "und-x-icu";
});

afterAll(async () => {
  await pool?.end();
  await database?.close();
});

/** Builds `source` and `target` in a schema of their own with the given SQL; returns the schema. */
async function createTables(sql: string): Promise<string> {
  const schema = `reconcile_case_${++schemas}`;
  await pool.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}, public; ${sql}; RESET search_path`);
  return schema;
}

/** Counts which checksums reconciliation asks for: native ones for two sides of one kind. */
class NativeCountingSource extends CountingSource {
  nativeChecksums = 0;
  declare readonly inner: PostgresTableSource & { checksumCalls: number };
  constructor(inner: PostgresTableSource) {
    const counted = Object.assign(inner, { checksumCalls: 0 });
    const checksumRange = counted.checksumRange.bind(counted);
    counted.checksumRange = (range, columns) => {
      counted.checksumCalls++;
      return checksumRange(range, columns);
    };
    super(counted);
  }
  async nativeComparison(columns: readonly string[]) {
    const native = await this.inner.nativeComparison(columns);
    if (native === undefined) return undefined;
    return {
      kind: native.kind,
      checksumRange: (range: KeyRange) => {
        this.nativeChecksums++;
        return native.checksumRange(range);
      },
      readRange: (range: KeyRange, limit: number) => native.readRange(range, limit),
    };
  }
}

interface Sides {
  readonly sourceQuery?: string;
  readonly targetQuery?: string;
  readonly keyColumns?: readonly string[];
}

function sides(schema: string, sides: Sides = {}): [PostgresTableSource, PostgresTableSource] {
  const keyColumns = sides.keyColumns ?? ["id"];
  const side = (table: string, query: string | undefined) =>
    new PostgresTableSource(query === undefined ? { pool, table: `${schema}.${table}`, keyColumns } : { pool, query, keyColumns });
  return [side("source", sides.sourceQuery), side("target", sides.targetQuery)];
}

async function reconcile(schema: string, options: Partial<ReconcileOptions> = {}, which: Sides = {}) {
  const [source, target] = sides(schema, which);
  return reconcileTables(source, target, { acceptanceRatio: 1, ...options });
}

// Every tricky case runs twice: streamed straight away, and bisected by checksums down to single rows.
const modes = [
  { name: "streaming", options: {} },
  { name: "bisection", options: { leafRows: 1, fanout: 2, denseThreshold: 1.1 } },
] as const;

describe.each(modes)("reconcileTables on PostgreSQL ($name)", ({ options }) => {
  it("tells NULL, the empty string and the text 'NULL' apart", async () => {
    const schema = await createTables(`
      CREATE TABLE source (id int PRIMARY KEY, note text);
      CREATE TABLE target (id int PRIMARY KEY, note varchar(10));
      INSERT INTO source VALUES (1, NULL), (2, ''), (3, 'NULL'), (4, NULL), (5, 'x');
      INSERT INTO target VALUES (1, ''), (2, NULL), (3, NULL), (4, NULL), (5, 'x');`);
    const result = await reconcile(schema, options);
    expect(result.differences).toEqual([
      { key: 1, kind: "changed" },
      { key: 2, kind: "changed" },
      { key: 3, kind: "changed" },
    ]);
    expect(result.match_ratio).toBe(0.4);
  });

  it("sees values swapped between two columns", async () => {
    const schema = await createTables(`
      CREATE TABLE source (id int PRIMARY KEY, first text, last text, a int, b bigint);
      CREATE TABLE target (id int PRIMARY KEY, first text, last text, a int, b bigint);
      INSERT INTO source VALUES (1, 'Ada', 'Lovelace', 1, 2), (2, 'Alan', 'Turing', 3, 4), (3, 'x', 'x', 5, 6);
      INSERT INTO target VALUES (1, 'Lovelace', 'Ada', 1, 2), (2, 'Alan', 'Turing', 3, 4), (3, 'x', 'x', 6, 5);`);
    expect((await reconcile(schema, options)).differences).toEqual([
      { key: 1, kind: "changed" },
      { key: 3, kind: "changed" },
    ]);
  });

  it("reports a key with more than one row on either side as a duplicate, even when both sides hold the same copies", async () => {
    const schema = await createTables(`
      CREATE TABLE source (id int, v text);
      CREATE TABLE target (id int, v text);
      INSERT INTO source VALUES (1, 'a'), (2, 'b'), (2, 'b'), (3, 'c'), (3, 'c');
      INSERT INTO target VALUES (1, 'a'), (2, 'b'), (3, 'c'), (3, 'c');`);
    const result = await reconcile(schema, options);
    expect(result.differences).toEqual([
      { key: 2, kind: "duplicate", source_rows: 2, target_rows: 1 },
      { key: 3, kind: "duplicate", source_rows: 2, target_rows: 2 },
    ]);
    expect(result).toMatchObject({ passed: false, source_rows: 5, target_rows: 4, match_ratio: 1 / 3 });
  });

  it("finds copies in a target without a key: two, three, of a key the source lacks, beside a changed row", async () => {
    const schema = await createTables(`
      CREATE TABLE source (id int PRIMARY KEY, v text);
      CREATE TABLE target (id int, v text);
      INSERT INTO source SELECT i, 'v' || i FROM generate_series(1, 8) AS i;
      INSERT INTO target SELECT * FROM source WHERE id <> 5;
      INSERT INTO target VALUES (2, 'v2'), (4, 'v4'), (4, 'v4'), (9, 'x'), (9, 'x');
      UPDATE target SET v = 'changed' WHERE id = 7;`);
    const result = await reconcile(schema, options);
    expect(result.differences).toEqual([
      { key: 2, kind: "duplicate", source_rows: 1, target_rows: 2 },
      { key: 4, kind: "duplicate", source_rows: 1, target_rows: 3 },
      { key: 5, kind: "missing" },
      { key: 7, kind: "changed" },
      { key: 9, kind: "duplicate", source_rows: 0, target_rows: 2 },
    ]);
    expect(result.match_ratio).toBe(4 / 9);
  });

  it("reports a duplicated composite key by its columns", async () => {
    const schema = await createTables(`
      CREATE TABLE source (tenant text, id int, v text, PRIMARY KEY (tenant, id));
      CREATE TABLE target (tenant text, id bigint, v text);
      INSERT INTO source VALUES ('a', 1, 'x'), ('a', 2, 'x'), ('b', 1, 'x'), ('b', 2, 'x');
      INSERT INTO target SELECT * FROM source;
      INSERT INTO target VALUES ('b', 1, 'x');`);
    const result = await reconcile(schema, options, { keyColumns: ["tenant", "id"] });
    expect(result.differences).toEqual([{ key: { tenant: "b", id: 1 }, kind: "duplicate", source_rows: 1, target_rows: 2 }]);
  });

  it("compares numeric(20,10) and float by value: noise vanishes, real precision counts", async () => {
    const schema = await createTables(`
      CREATE TABLE source (id int PRIMARY KEY, amount numeric(20,10), ratio float8, big bigint);
      CREATE TABLE target (id int PRIMARY KEY, amount float8, ratio float4, big numeric(20,0));
      INSERT INTO source VALUES (1, 1, 0.5, 9007199254740993), (2, 1.10, 1.5, 1), (3, 0.1234567891, 0.25, 9007199254740993),
        (4, 1234567890.1234567891, 0.5, 1), (5, 2, 0.1, 1), (6, 1, 0.5, 2);
      INSERT INTO target VALUES (1, 1.0, 0.5, 9007199254740993), (2, 1.1, 1.5, 1), (3, 0.1234567891, 0.25, 9007199254740993),
        (4, 1234567890.1234567891, 0.5, 1), (5, 2, 0.1, 1), (6, 1.0000000000000001, 0.5, 9007199254740992);`);
    // 4: float8 keeps 15 digits of a 20-digit numeric; 5: float4 0.1 is not 0.1; 6: bigint beyond 2^53 stays exact.
    expect((await reconcile(schema, options)).differences).toEqual([
      { key: 4, kind: "changed" },
      { key: 5, kind: "changed" },
      { key: 6, kind: "changed" },
    ]);
  });

  it("compares timestamps at their precision, unless a projection truncates both sides", async () => {
    const schema = await createTables(`
      CREATE TABLE source (id int PRIMARY KEY, at timestamp(6));
      CREATE TABLE target (id int PRIMARY KEY, at timestamptz(3));
      INSERT INTO source VALUES (1, '2024-01-01 10:00:00'), (2, '2024-01-01 10:00:00.123456'), (3, '2024-06-30 23:59:59.9996');
      INSERT INTO target VALUES (1, '2024-01-01 12:00:00+02'), (2, '2024-01-01 10:00:00.123+00'), (3, '2024-06-30 23:59:59.999+00');`);
    const raw = await reconcile(schema, options);
    expect(raw.differences.map((difference) => difference.key)).toEqual([2, 3]);
    const projected = await reconcile(schema, options, {
      sourceQuery: `SELECT id, date_trunc('milliseconds', at) AS at FROM ${schema}.source`,
      targetQuery: `SELECT id, date_trunc('milliseconds', at) AS at FROM ${schema}.target`,
    });
    expect(projected).toMatchObject({ passed: true, differences: [] });
  });

  it("orders text keys by binary order whatever collation a side declares", async () => {
    const caseInsensitive = hasIcu
      ? "CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false)"
      : 'CREATE COLLATION case_insensitive FROM "C"';
    const schema = await createTables(`
      ${caseInsensitive};
      CREATE TABLE source (code text COLLATE ${linguisticCollation} PRIMARY KEY, v int);
      CREATE TABLE target (code varchar(8) COLLATE case_insensitive, v int);
      CREATE INDEX target_code ON target (code);
      INSERT INTO source VALUES ('B', 1), ('a', 2), ('b', 3), ('C', 4), ('é', 5), ('z', 6), (chr(65535), 7), ('😀', 8);
      INSERT INTO target VALUES ('a', 2), ('B', 1), ('b', 30), ('c', 4), ('é', 5), ('Z', 6), ('😀', 80), (chr(65535), 7);`);
    expect((await reconcile(schema, options, { keyColumns: ["code"] })).differences).toEqual([
      { key: "C", kind: "missing" },
      { key: "Z", kind: "extra" },
      { key: "b", kind: "changed" },
      { key: "c", kind: "extra" },
      { key: "z", kind: "missing" },
      { key: "😀", kind: "changed" },
    ]);
  });

  it("checksums values and keys at the 64-bit integer limits without overflowing", async () => {
    const schema = await createTables(`
      CREATE TABLE source (id bigint PRIMARY KEY, v bigint);
      CREATE TABLE target (id bigint PRIMARY KEY, v bigint);
      INSERT INTO source VALUES (-9223372036854775808, 1), (1, 9223372036854775807), (2, 9223372036854775807), (3, -9223372036854775808),
        (4, 9223372036854775807), (9223372036854775807, -9223372036854775808);
      INSERT INTO target VALUES (-9223372036854775808, 1), (1, 9223372036854775807), (2, 9223372036854775807), (3, -9223372036854775808),
        (4, 9223372036854775806), (9223372036854775807, -9223372036854775807);`);
    expect((await reconcile(schema, options)).differences).toEqual([
      { key: 4, kind: "changed" },
      { key: "9223372036854775807", kind: "changed" },
    ]);
  });

  it("lists missing and extra rows of a composite key as objects", async () => {
    const schema = await createTables(`
      CREATE TABLE source (tenant text, id int, v text, PRIMARY KEY (tenant, id));
      CREATE TABLE target (tenant varchar(5), id bigint, v text, PRIMARY KEY (tenant, id));
      INSERT INTO source VALUES ('a', 1, 'x'), ('a', 2, 'x'), ('b', 1, 'x');
      INSERT INTO target VALUES ('a', 1, 'x'), ('b', 1, 'y'), ('b', 2, 'x');`);
    const result = await reconcile(schema, options, { keyColumns: ["tenant", "id"] });
    expect(result.differences).toEqual([
      { key: { tenant: "a", id: 2 }, kind: "missing" },
      { key: { tenant: "b", id: 1 }, kind: "changed" },
      { key: { tenant: "b", id: 2 }, kind: "extra" },
    ]);
    expect(result.match_ratio).toBe(1 / 4);
  });
});

describe("reconcileTables on PostgreSQL", () => {
  it("compares same-named columns only, ignoring case, and measures the ratio over the union of keys", async () => {
    const schema = await createTables(`
      CREATE TABLE source (id int PRIMARY KEY, "Name" text, legacy text);
      CREATE TABLE target (id int PRIMARY KEY, name text, added text);
      INSERT INTO source SELECT i, 'n' || i, 'old' FROM generate_series(1, 100) AS i;
      INSERT INTO target SELECT id, "Name", 'new' FROM source;
      UPDATE target SET name = 'other' WHERE id = 50;
      INSERT INTO target VALUES (101, 'n101', 'new');`);
    const result = await reconcile(schema, { acceptanceRatio: 0.98 });
    expect(result.compared_columns).toEqual(["Name"]);
    expect(result.differences).toEqual([
      { key: 50, kind: "changed" },
      { key: 101, kind: "extra" },
    ]);
    expect(result).toMatchObject({ passed: true, match_ratio: 99 / 101, source_rows: 100, target_rows: 101 });
  });

  it("finds the one changed row of 200,000 while streaming only a few hundred rows", async () => {
    const schema = await createTables(`
      CREATE TABLE source (id bigint PRIMARY KEY, name text, amount numeric(12,2), ratio float8);
      INSERT INTO source SELECT i, 'customer ' || i, i * 0.01, i / 7.0 FROM generate_series(1, 200000) AS i;
      CREATE TABLE target (LIKE source INCLUDING ALL);
      INSERT INTO target SELECT * FROM source;
      UPDATE target SET amount = amount + 0.01 WHERE id = 123457;`);
    const [source, target] = sides(schema).map((side) => new CountingSource(side));
    const result = await reconcileTables(source!, target!, { acceptanceRatio: 0.9999 });
    expect(result.differences).toEqual([{ key: 123457, kind: "changed" }]);
    expect(result).toMatchObject({ passed: true, match_ratio: 199999 / 200000, source_rows: 200000, target_rows: 200000 });
    expect(source!.rowsRead).toBeGreaterThan(0);
    expect(source!.rowsRead).toBeLessThanOrEqual(256);
    expect(target!.rowsRead).toBeLessThanOrEqual(256);
  });

  it("switches to streaming when differences are dense, counting all but listing at most maxDifferences", async () => {
    const schema = await createTables(`
      CREATE TABLE source (id int PRIMARY KEY, v int);
      CREATE TABLE target (id int PRIMARY KEY, v int);
      INSERT INTO source SELECT i, i FROM generate_series(1, 10000) AS i;
      INSERT INTO target SELECT id, CASE WHEN id % 3 = 0 THEN -v ELSE v END FROM source;`);
    const result = await reconcile(schema, { acceptanceRatio: 0.9999, maxDifferences: 5 });
    expect(result.stats.dense_switches).toBe(1);
    // Half of the 16 parts differing settles it: the other 8 are never checksummed.
    expect(result.stats.checksummed_ranges).toBe(8);
    expect(result.stats.streamed_ranges).toBe(1);
    expect(result.difference_count).toBe(3333);
    expect(result.differences).toEqual([3, 6, 9, 12, 15].map((key) => ({ key, kind: "changed" })));
  });

  it("compares two PostgreSQL tables of one kind natively, still treating float noise, -0 and numeric scale as equal", async () => {
    const schema = await createTables(`
      CREATE TABLE source (id int PRIMARY KEY, ratio float8, small real, amount numeric, name text);
      INSERT INTO source SELECT i, i / 7.0, i / 3.0, i * 0.5, 'n' || i FROM generate_series(1, 3000) AS i;
      CREATE TABLE target (LIKE source INCLUDING ALL);
      INSERT INTO target SELECT * FROM source;
      UPDATE source SET ratio = 0.1::float8 + 0.2::float8 WHERE id = 100;
      UPDATE target SET ratio = 0.3 WHERE id = 100;
      UPDATE source SET ratio = -0.0, small = -0.0 WHERE id = 200;
      UPDATE target SET ratio = 0, small = 0 WHERE id = 200;
      UPDATE target SET amount = 150.000 WHERE id = 300;
      UPDATE target SET ratio = ratio * (1 + 1e-12) WHERE id = 1500;
      UPDATE target SET amount = amount + 0.001 WHERE id = 2999;`);
    for (const options of [{}, { leafRows: 1, fanout: 2, denseThreshold: 1.1 }]) {
      const [source, target] = sides(schema).map((side) => new NativeCountingSource(side));
      const result = await reconcileTables(source!, target!, { acceptanceRatio: 0, ...options });
      expect(result.differences).toEqual([
        { key: 1500, kind: "changed" },
        { key: 2999, kind: "changed" },
      ]);
      expect(source!.nativeChecksums).toBeGreaterThan(0);
      expect(source!.inner.checksumCalls).toBe(0);
    }
  });

  it("finds a key duplicated alike on both sides natively, where every checksum matches, without streaming the table", async () => {
    const schema = await createTables(`
      CREATE TABLE source (id int, v text);
      INSERT INTO source SELECT i, 'row ' || i FROM generate_series(1, 20000) AS i UNION ALL SELECT 12345, 'row 12345';
      CREATE TABLE target (LIKE source INCLUDING ALL);
      INSERT INTO target SELECT * FROM source;`);
    for (const options of [{}, { leafRows: 1, fanout: 2, denseThreshold: 1.1 }]) {
      const [source, target] = sides(schema).map((side) => new NativeCountingSource(side));
      const result = await reconcileTables(source!, target!, { acceptanceRatio: 0.9999, ...options });
      expect(result.differences).toEqual([{ key: 12345, kind: "duplicate", source_rows: 2, target_rows: 2 }]);
      expect(result).toMatchObject({ passed: true, match_ratio: 19999 / 20000 });
      expect(source!.nativeChecksums).toBeGreaterThan(0);
      expect(result.stats.rows_streamed).toBeLessThanOrEqual(512);
    }
  });

  it("stops splitting at a key duplicated more often than a leaf holds", async () => {
    const schema = await createTables(`
      CREATE TABLE source (id int, v text);
      CREATE INDEX source_id ON source (id);
      INSERT INTO source SELECT i, 'x' FROM generate_series(1, 2000) AS i UNION ALL SELECT 700, 'x' FROM generate_series(1, 399);
      CREATE TABLE target (id int, v text);
      INSERT INTO target SELECT * FROM source;
      DELETE FROM target WHERE ctid = (SELECT max(ctid) FROM target WHERE id = 700);`);
    const result = await reconcile(schema, { leafRows: 16, fanout: 4 });
    expect(result.differences).toEqual([{ key: 700, kind: "duplicate", source_rows: 400, target_rows: 399 }]);
    expect(result.stats.rows_streamed).toBeLessThan(1000);
  });

  it("handles an empty side, and two empty tables", async () => {
    const schema = await createTables(`
      CREATE TABLE source (id int PRIMARY KEY, v int);
      CREATE TABLE target (id int PRIMARY KEY, v int);
      INSERT INTO source SELECT i, i FROM generate_series(1, 1000) AS i;`);
    const result = await reconcile(schema, { acceptanceRatio: 0.5 });
    expect(result).toMatchObject({ passed: false, match_ratio: 0, source_rows: 1000, target_rows: 0, difference_count: 1000 });
    expect(result.differences[0]).toEqual({ key: 1, kind: "missing" });
    await pool.query(`TRUNCATE ${schema}.source`);
    expect(await reconcile(schema)).toMatchObject({ passed: true, match_ratio: 1, differences: [] });
  });
});
