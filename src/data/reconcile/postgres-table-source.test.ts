import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContractColumnType, describeTableSourceContract } from "../../testing/table-source-contract.js";
import { openTestPool, openTestPostgres, type TestPostgres } from "../../testing/test-postgres.js";
import { encodeCanonicalValue } from "./encode-canonical-value.js";
import { PostgresTableSource } from "./postgres-table-source.js";
import { ReconcileError } from "./reconcile-error.js";
import { reconcileTables } from "./reconcile-tables.js";
import { RowChecksum } from "./row-checksum.js";
import type { KeyValue } from "./table-source.js";

let database: TestPostgres;
let pool: pg.Pool;
let schemas = 0;

beforeAll(async () => {
  database = await openTestPostgres();
  pool = openTestPool(database);
});

afterAll(async () => {
  await pool?.end();
  await database?.close();
});

/** Runs the SQL in a schema of its own and returns that schema's name, so tests never share tables. */
async function createSchema(sql: string): Promise<string> {
  const schema = `source_case_${++schemas}`;
  await pool.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}, public; ${sql}; RESET search_path`);
  return schema;
}

function open(schema: string, table = "t", keyColumns: readonly string[] = ["id"]): PostgresTableSource {
  return new PostgresTableSource({ pool, table: `${schema}.${table}`, keyColumns });
}

const postgresTypes: Record<ContractColumnType, string> = { integer: "bigint", real: "float8", text: "text", bytes: "bytea" };

/** A value as pg should send it: -0 keeps its sign, bytes go as a Buffer. */
function toParameter(value: KeyValue): unknown {
  if (Object.is(value, -0)) return "-0";
  return value instanceof Uint8Array ? Buffer.from(value) : value;
}

describeTableSourceContract("PostgresTableSource", async (table) => {
  const columns = Object.entries(table.columns).map(([name, type]) => `"${name}" ${postgresTypes[type]}`);
  if (table.primaryKey === true) columns.push(`PRIMARY KEY (${table.keyColumns.map((column) => `"${column}"`).join(", ")})`);
  const schema = await createSchema(`CREATE TABLE t (${columns.join(", ")})`);
  const width = Object.keys(table.columns).length;
  for (let start = 0; start < table.rows.length; start += 1000) {
    const batch = table.rows.slice(start, start + 1000);
    const values = batch.map((_, row) => `(${Array.from({ length: width }, (_, column) => `$${row * width + column + 1}`).join(", ")})`);
    await pool.query(`INSERT INTO ${schema}.t VALUES ${values.join(", ")}`, batch.flat().map(toParameter));
  }
  const source = table.query === undefined ? { table: `${schema}.t` } : { query: table.query(`${schema}.t`) };
  return new PostgresTableSource({ pool, keyColumns: table.keyColumns, ...source });
});

async function valueCodes(source: PostgresTableSource, column: string): Promise<string[]> {
  return (await source.readRange({}, [column], 1_000_000)).rows.map((row) => row.valueCode);
}

describe("PostgresTableSource on PostgreSQL alone", () => {
  it("encodes every value as encodeCanonicalValue does, in pages and checksums", async () => {
    const schema = await createSchema(`
      CREATE TABLE t (id int PRIMARY KEY, v_int bigint, v_numeric numeric(30,10), v_float float8, v_real float4, v_text text,
        v_char char(5), v_bytes bytea, v_bool bool, v_at timestamp, v_at_utc timestamptz, v_day date, v_uuid uuid);
      INSERT INTO t VALUES
        (1, 9223372036854775807, 1.5000000000, 0.1 + 0.2, 0.5, 'é', 'ab', '\\x00ff', true, '2024-01-01 10:00:00', '2024-01-01 12:00:00.5+02', '2024-02-29', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'),
        (2, -9223372036854775808, 12345678901234567890.0123456789, 1234567890123.125, 'Infinity', '', 'ab   ', '', false, '2024-01-01 10:00:00.123400', '2024-01-01 00:00:00+00', 'infinity', NULL),
        (3, 0, 0, -0.0, 'NaN', 'NULL', NULL, NULL, NULL, 'infinity', NULL, NULL, NULL),
        (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);`);
    const source = open(schema);
    const expected: Record<string, readonly KeyValue[]> = {
      v_int: [9223372036854775807n, -9223372036854775808n, 0n, null],
      v_numeric: [1.5, 12345678901234567890n, 0n, null],
      v_float: [0.1 + 0.2, 1234567890123.125, -0, null],
      v_real: [0.5, Number.POSITIVE_INFINITY, Number.NaN, null],
      v_text: ["é", "", "NULL", null],
      v_char: ["ab", "ab", null, null],
      v_bytes: [new Uint8Array([0, 255]), new Uint8Array(), null, null],
      v_bool: [1n, 0n, null, null],
      v_at: ["2024-01-01T10:00:00", "2024-01-01T10:00:00.1234", "infinity", null],
      v_at_utc: ["2024-01-01T10:00:00.5", "2024-01-01T00:00:00", null, null],
      v_day: ["2024-02-29", "infinity", null, null],
      v_uuid: ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", null, null, null],
    };
    for (const [column, values] of Object.entries(expected)) {
      const codes = values.map(encodeCanonicalValue);
      // A numeric keeps every digit, where a real would keep 15.
      if (column === "v_numeric") codes[1] = "n31:12345678901234567890.0123456789";
      expect({ column, codes: await valueCodes(source, column) }).toEqual({ column, codes });
      // The checksum's SQL encodes each type too; the long numeric is no JavaScript value.
      if (column === "v_numeric") continue;
      const checksum = new RowChecksum();
      values.forEach((value, index) => checksum.addRow([BigInt(index + 1), value]));
      expect({ column, checksum: await source.checksumRange({}, [column]) }).toEqual({ column, checksum: checksum.toChecksum() });
    }
  });

  it("rounds any double, float4 or short numeric to the same 15 digits as JavaScript", async () => {
    const schema = await createSchema(`CREATE TABLE t (id int PRIMARY KEY, v_float float8, v_real float4, v_numeric numeric)`);
    const source = open(schema);
    const decimal = fc.tuple(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 20 })).map(([digits, scale]) => {
      const text = (digits < 0n ? -digits : digits).toString().padStart(scale + 1, "0");
      return `${digits < 0n ? "-" : ""}${text.slice(0, text.length - scale)}${scale > 0 ? `.${text.slice(-scale)}` : ""}`;
    });
    // Exact ties, with 16 significant digits the last a 5, which must round to even: a 15-digit
    // integer plus one half, or a 16-digit integer ending in 5 (both exact as doubles).
    const tie = fc
      .oneof(
        fc.integer({ min: 1e14, max: 1e15 - 1 }).map((integer) => integer + 0.5),
        fc.integer({ min: 1e14, max: 9e14 }).map((tens) => tens * 10 + 5),
      )
      .chain((magnitude) => fc.constantFrom(magnitude, -magnitude));
    const sample = fc.sample(fc.tuple(fc.oneof(fc.double(), tie), fc.float(), decimal), { numRuns: 400, seed: 20240601 });
    await pool.query(`INSERT INTO ${schema}.t SELECT ordinality, f, r, n FROM unnest($1::float8[], $2::float4[], $3::numeric[]) WITH ORDINALITY AS v(f, r, n)`, [
      sample.map(([double]) => String(double)),
      sample.map(([, float]) => String(float)),
      sample.map(([, , text]) => text),
    ]);
    expect(await valueCodes(source, "v_float")).toEqual(sample.map(([double]) => encodeCanonicalValue(double)));
    expect(await valueCodes(source, "v_real")).toEqual(sample.map(([, float]) => encodeCanonicalValue(Math.fround(float))));
    expect(await valueCodes(source, "v_numeric")).toEqual(sample.map(([, , text]) => encodeCanonicalValue(Number(text))));
  });

  it("splits a whole large table from a sample of its pages, and still finds every difference", async () => {
    const schema = await createSchema(`
      CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT i, 'v' || i FROM generate_series(1, 20000) AS i;
      CREATE TABLE u (LIKE t INCLUDING ALL); INSERT INTO u SELECT * FROM t; UPDATE u SET v = 'changed' WHERE id IN (3, 17000);`);
    const sampled = (table: string) => new PostgresTableSource({ pool, table: `${schema}.${table}`, keyColumns: ["id"], sampledSplitRows: 10_000 });
    const source = sampled("t");
    await source.countRows();
    const bounds = (await source.splitRange({}, 4)).map(([id]) => id as number);
    expect(bounds).toHaveLength(3);
    // Near-equal parts: each bound within a few percent of its quartile.
    bounds.forEach((bound, index) => expect(Math.abs(bound - 5000 * (index + 1))).toBeLessThan(1000));
    const result = await reconcileTables(sampled("t"), sampled("u"), { acceptanceRatio: 0, leafRows: 64 });
    expect(result.differences).toEqual([
      { key: 3, kind: "changed" },
      { key: 17000, kind: "changed" },
    ]);
  });

  it("orders text keys by code point whatever their collation, and keys date/time by canonical text", async () => {
    const schema = await createSchema(`
      CREATE TABLE t (code varchar(10) COLLATE "und-x-icu", at timestamptz, PRIMARY KEY (code, at));
      INSERT INTO t VALUES ('b', '2024-01-01 00:00:00+00'), ('B', '2024-01-01 00:00:00+00'), ('a', '2024-01-02 00:00:00.25+00'),
        ('a', '2024-01-01 23:00:00-02'), ('é', '2024-01-01 00:00:00+00'), ('😀', '2024-01-01 00:00:00+00')`);
    const source = open(schema, "t", ["code", "at"]);
    const keys = (await source.readRange({}, [], 100)).rows.map((row) => row.key);
    expect(keys).toEqual([
      ["B", "2024-01-01T00:00:00"],
      ["a", "2024-01-02T00:00:00.25"],
      ["a", "2024-01-02T01:00:00"],
      ["b", "2024-01-01T00:00:00"],
      ["é", "2024-01-01T00:00:00"],
      ["😀", "2024-01-01T00:00:00"],
    ]);
    const after = (await source.readRange({ after: ["a", "2024-01-02T00:00:00.25"] }, [], 1)).rows.map((row) => row.key);
    expect(after).toEqual([["a", "2024-01-02T01:00:00"]]);
  });

  it("offers a native comparison only between sides of one kind: same types, modifiers and output settings", async () => {
    const schema = await createSchema(`
      CREATE TABLE a (id int PRIMARY KEY, amount numeric(12,2), ratio float8);
      CREATE TABLE b (id int PRIMARY KEY, amount numeric(12,2), ratio float8);
      CREATE TABLE c (id int PRIMARY KEY, amount numeric(12,4), ratio float8);
      INSERT INTO a SELECT i, i * 0.25, i / 3.0 FROM generate_series(1, 100) AS i;
      INSERT INTO b SELECT * FROM a;
      INSERT INTO c SELECT * FROM a;`);
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((table) => open(schema, table).nativeComparison(["amount", "ratio"])));
    expect(a!.kind).toBe(b!.kind);
    expect(c!.kind).not.toBe(a!.kind);
    expect(await b!.checksumRange({})).toEqual(await a!.checksumRange({}));
    await pool.query(`UPDATE ${schema}.b SET ratio = ratio + 1e-9 WHERE id = 50`);
    expect((await b!.checksumRange({})).digest).not.toBe((await a!.checksumRange({})).digest);
    expect(await b!.checksumRange({ upTo: [49] })).toEqual(await a!.checksumRange({ upTo: [49] }));
  });

  it("streams native rows equal exactly when their canonical codes are: float noise, -0 and numeric scale", async () => {
    const schema = await createSchema(`
      CREATE TABLE a (id int PRIMARY KEY, ratio float8, small real, amount numeric);
      CREATE TABLE b (id int PRIMARY KEY, ratio float8, small real, amount numeric);
      INSERT INTO a VALUES (1, 0.1::float8 + 0.2::float8, 1, 1.5), (2, -0.0, -0.0, 2), (3, 1.5, 1, 1.50), (4, 1.5, 1, 2), (5, 'NaN', 'Infinity', 'NaN');
      INSERT INTO b VALUES (1, 0.3, 1, 1.5), (2, 0, 0, 2.000), (3, 1.5, 1, 1.5), (4, 1.5000001, 1, 2), (5, 'NaN', 'Infinity', 'NaN');`);
    const columns = ["ratio", "small", "amount"];
    const [a, b] = await Promise.all(["a", "b"].map((table) => open(schema, table).nativeComparison(columns)));
    const [rowsA, rowsB] = [(await a!.readRange({}, 100)).rows, (await b!.readRange({}, 100)).rows];
    const canonicalA = (await open(schema, "a").readRange({}, columns, 100)).rows;
    const canonicalB = (await open(schema, "b").readRange({}, columns, 100)).rows;
    const nativeEqual = rowsA.map((row, index) => row.valueCode === rowsB[index]!.valueCode);
    expect(nativeEqual).toEqual(canonicalA.map((row, index) => row.valueCode === canonicalB[index]!.valueCode));
    expect(nativeEqual).toEqual([true, true, true, false, true]);
  });

  it("offers no native comparison where floats print inexactly (extra_float_digits < 1)", async () => {
    const schema = await createSchema(`CREATE TABLE t (id int PRIMARY KEY, ratio float8)`);
    const inexact = new pg.Pool({ connectionString: database.url, max: 1 });
    inexact.on("connect", (client) => void client.query("SET extra_float_digits = 0"));
    try {
      expect(await new PostgresTableSource({ pool: inexact, table: `${schema}.t`, keyColumns: ["id"] }).nativeComparison(["ratio"])).toBeUndefined();
    } finally {
      // PGlite serves every connection from one session: leave it as it was.
      await inexact.query("RESET extra_float_digits");
      await inexact.end();
    }
    expect(await open(schema).nativeComparison(["ratio"])).toBeDefined();
  });

  it("encodes a projection query's columns by their own types: a truncated timestamp", async () => {
    const schema = await createSchema(`CREATE TABLE t (id int PRIMARY KEY, at timestamp(6)); INSERT INTO t VALUES (1, '2024-01-01 10:00:00.123456')`);
    const source = new PostgresTableSource({ pool, query: `SELECT id, date_trunc('milliseconds', at) AS at_ms FROM ${schema}.t`, keyColumns: ["id"] });
    expect(await source.listColumns()).toEqual(["id", "at_ms"]);
    expect(await valueCodes(source, "at_ms")).toEqual(["s23:2024-01-01T10:00:00.123"]);
    expect(await source.countRows()).toEqual({ rows: 1, keys: 1 });
  });

  it("refuses a fractional key it could not bind back exactly", async () => {
    const schema = await createSchema(`CREATE TABLE t (id numeric PRIMARY KEY); INSERT INTO t VALUES (1.50), (2.25), (3), (3.12345678901234567)`);
    const source = open(schema);
    expect((await source.readRange({}, [], 1)).rows.map((row) => row.key)).toEqual([[1.5]]);
    expect((await source.readRange({ after: [1.5] }, [], 1)).rows.map((row) => row.key)).toEqual([[2.25]]);
    await expect(source.readRange({}, [], 10)).rejects.toThrow(/more than 15 significant digits/);
  });

  it("says what is wrong with a misconfigured source", async () => {
    const schema = await createSchema(`CREATE TABLE t (id int PRIMARY KEY, v text)`);
    expect(() => new PostgresTableSource({ pool, table: "t", query: "SELECT 1", keyColumns: ["id"] })).toThrow(/exactly one of table or query/);
    expect(() => new PostgresTableSource({ table: "t", keyColumns: ["id"] })).toThrow(/exactly one of pool or connectionString/);
    await expect(open(schema, "t", ["missing"]).listColumns()).rejects.toThrow(/key column "missing" is not a column/);
    await expect(open(schema, "absent").countRows()).rejects.toBeInstanceOf(ReconcileError);
    await expect(open(schema).checksumRange({}, ["nope"])).rejects.toThrow(/has no column "nope"/);
  });

  it("opens and ends a pool of its own from a connection string", async () => {
    const schema = await createSchema(`CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2)`);
    const source = new PostgresTableSource({ connectionString: database.url, table: `${schema}.t`, keyColumns: ["id"] });
    expect(await source.countRows()).toEqual({ rows: 2, keys: 2 });
    await source.close();
    await expect(source.checksumRange({}, [])).rejects.toThrow(/cannot read/);
  });
});
