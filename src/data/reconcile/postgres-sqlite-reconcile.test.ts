import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPool, openTestPostgres, type TestPostgres } from "../../testing/test-postgres.js";
import { PostgresTableSource } from "./postgres-table-source.js";
import { reconcileTables } from "./reconcile-tables.js";
import { SqliteTableSource } from "./sqlite-table-source.js";

const ROWS = 1000;
const baseDir = mkdtempSync(join(tmpdir(), "bascule-cross-engine-"));
let database: TestPostgres;
let pool: pg.Pool;
let sqlitePath: string;

/** Awkward reals: float noise, an exact tie at the 16th digit, extremes, -0 and infinity. */
const REALS = [0.1 + 0.2, 1234567890123.125, -1234567890123.375, 1e300, 5e-324, -0, Number.POSITIVE_INFINITY, 1 / 3];

interface Row {
  readonly id: bigint;
  readonly name: string | null;
  readonly ratio: number | null;
  /** A decimal written as text: SQLite stores it by NUMERIC affinity, PostgreSQL as numeric(20,10). */
  readonly amount: string | null;
  readonly big: bigint;
  readonly flag: 0 | 1;
  /** UTC instant with milliseconds; SQLite keeps the ISO text, PostgreSQL a timestamptz(3). */
  readonly at: string;
  readonly bytes: Buffer | null;
}

function makeRows(): Row[] {
  const names = [null, "", "NULL", "é", "😀 emoji", "tab\there", "quote ' \" \\"];
  return Array.from({ length: ROWS }, (_, index) => {
    const i = index + 1;
    return {
      // The last key sits beyond 2^53, so bounds crossing engines must stay exact.
      id: i === ROWS ? 9007199254740993n : BigInt(i),
      name: i <= names.length ? names[i - 1]! : `customer ${i}`,
      ratio: i <= REALS.length ? REALS[i - 1]! : i % 11 === 0 ? null : i / 7,
      amount: i % 13 === 0 ? null : i % 5 === 0 ? `${i}.00` : (i * 0.37).toFixed(2),
      big: i % 2 === 0 ? 9223372036854775807n - BigInt(i) : -9223372036854775808n + BigInt(i),
      flag: (i % 3 === 0 ? 1 : 0) as 0 | 1,
      at: new Date(Date.UTC(2024, 0, 1) + i * 1_234_567).toISOString(),
      bytes: i % 17 === 0 ? null : Buffer.from([i & 255, (i >> 8) & 255, 0]),
    };
  });
}

beforeAll(async () => {
  const rows = makeRows();
  sqlitePath = join(baseDir, "source.db");
  const db = new Database(sqlitePath);
  db.exec("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, ratio REAL, amount NUMERIC, big INTEGER, flag INTEGER, at TEXT, bytes BLOB)");
  const insert = db.prepare("INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  db.transaction(() => {
    for (const row of rows) insert.run(row.id, row.name, row.ratio, row.amount, row.big, row.flag, row.at, row.bytes);
  })();
  db.close();

  database = await openTestPostgres();
  pool = openTestPool(database);
  await pool.query(`CREATE TABLE accounts (id bigint PRIMARY KEY, name text, ratio float8, amount numeric(20,10), big bigint, flag boolean, at timestamptz(3), bytes bytea)`);
  const column = <T>(pick: (row: Row) => T) => rows.map(pick);
  await pool.query(
    `INSERT INTO accounts SELECT * FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::numeric[], $5::bigint[], $6::boolean[], $7::timestamptz[], $8::bytea[])`,
    [
      column((row) => row.id.toString()),
      column((row) => row.name),
      column((row) => (row.ratio === null ? null : String(row.ratio))),
      column((row) => row.amount),
      column((row) => row.big.toString()),
      column((row) => row.flag === 1),
      column((row) => row.at),
      column((row) => row.bytes),
    ],
  );
});

afterAll(async () => {
  await pool?.end();
  await database?.close();
  rmSync(baseDir, { recursive: true, force: true });
});

/** SQLite's ISO text normalised to the canonical timestamp text: ISO 8601 in UTC, no offset, fraction trimmed. */
const SQLITE_PROJECTION = `SELECT id, name, ratio, amount, big, flag, rtrim(rtrim(strftime('%Y-%m-%dT%H:%M:%f', at), '0'), '.') AS at, bytes FROM accounts`;
const COLUMNS = ["name", "ratio", "amount", "big", "flag", "at", "bytes"];

function sides(): [SqliteTableSource, PostgresTableSource] {
  return [new SqliteTableSource({ database: sqlitePath, query: SQLITE_PROJECTION, keyColumns: ["id"] }), new PostgresTableSource({ pool, table: "accounts", keyColumns: ["id"] })];
}

describe("reconciling SQLite against PostgreSQL", () => {
  it("computes the same checksum for the same values on both engines", async () => {
    const [sqlite, postgres] = sides();
    try {
      expect(await postgres.checksumRange({}, COLUMNS)).toEqual(await sqlite.checksumRange({}, COLUMNS));
      const range = { after: [100n], upTo: [9007199254740993n] };
      expect(await postgres.checksumRange(range, COLUMNS)).toEqual(await sqlite.checksumRange(range, COLUMNS));
      for (const column of COLUMNS) {
        expect({ column, checksum: await postgres.checksumRange({}, [column]) }).toEqual({ column, checksum: await sqlite.checksumRange({}, [column]) });
      }
      const [sqlitePage, postgresPage] = [await sqlite.readRange({}, COLUMNS, 50), await postgres.readRange({}, COLUMNS, 50)];
      expect(postgresPage.rows.map((row) => row.valueCode)).toEqual(sqlitePage.rows.map((row) => row.valueCode));
    } finally {
      sqlite.close();
    }
  });

  it("passes identical tables, streamed or bisected", async () => {
    for (const options of [{}, { leafRows: 1, fanout: 2, denseThreshold: 1.1 }]) {
      const [sqlite, postgres] = sides();
      const result = await reconcileTables(sqlite, postgres, { acceptanceRatio: 1, ...options });
      sqlite.close();
      expect(result).toMatchObject({ passed: true, match_ratio: 1, source_rows: ROWS, target_rows: ROWS, differences: [] });
      expect(result.compared_columns).toEqual(COLUMNS);
    }
  });

  it("lists exactly the rows changed on the PostgreSQL side, with bounds crossing engines", async () => {
    await pool.query(`
      CREATE TABLE changed (LIKE accounts INCLUDING ALL);
      INSERT INTO changed SELECT * FROM accounts;
      UPDATE changed SET name = NULL WHERE id = 2;
      UPDATE changed SET ratio = 0.30000000000001 WHERE id = 1;
      UPDATE changed SET amount = amount + 0.0000000001 WHERE id = 500;
      UPDATE changed SET at = at + interval '1 millisecond' WHERE id = 600;
      UPDATE changed SET flag = NOT flag WHERE id = 700;
      DELETE FROM changed WHERE id = 800;
      INSERT INTO changed (id, name, big, flag, at) VALUES (9007199254740994, 'late', 0, true, now());`);
    const modes = [{}, { leafRows: 1, fanout: 2, denseThreshold: 1.1 }, { leafRows: 8, fanout: 4 }];
    for (const mode of modes) {
      const sqlite = new SqliteTableSource({ database: sqlitePath, query: SQLITE_PROJECTION, keyColumns: ["id"] });
      const postgres = new PostgresTableSource({ pool, table: "changed", keyColumns: ["id"] });
      const result = await reconcileTables(sqlite, postgres, { acceptanceRatio: 0, ...mode });
      sqlite.close();
      expect(result.differences).toEqual([
        { key: 1, kind: "changed" },
        { key: 2, kind: "changed" },
        { key: 500, kind: "changed" },
        { key: 600, kind: "changed" },
        { key: 700, kind: "changed" },
        { key: 800, kind: "missing" },
        { key: "9007199254740994", kind: "extra" },
      ]);
    }
  });

  it("finds rows copied twice into a PostgreSQL target without a key, beside a changed one", async () => {
    await pool.query(`
      CREATE TABLE doubled (LIKE accounts);
      INSERT INTO doubled SELECT * FROM accounts;
      INSERT INTO doubled SELECT * FROM accounts WHERE id IN (300, 9007199254740993);
      UPDATE doubled SET name = 'someone else' WHERE id = 400;`);
    for (const mode of [{}, { leafRows: 1, fanout: 2, denseThreshold: 1.1 }, { leafRows: 8, fanout: 4 }]) {
      const sqlite = new SqliteTableSource({ database: sqlitePath, query: SQLITE_PROJECTION, keyColumns: ["id"] });
      const postgres = new PostgresTableSource({ pool, table: "doubled", keyColumns: ["id"] });
      const result = await reconcileTables(sqlite, postgres, { acceptanceRatio: 0, ...mode });
      sqlite.close();
      expect(result.differences).toEqual([
        { key: 300, kind: "duplicate", source_rows: 1, target_rows: 2 },
        { key: 400, kind: "changed" },
        { key: "9007199254740993", kind: "duplicate", source_rows: 1, target_rows: 2 },
      ]);
      expect(result).toMatchObject({ source_rows: ROWS, target_rows: ROWS + 2, match_ratio: (ROWS - 3) / ROWS });
    }
  });
});
