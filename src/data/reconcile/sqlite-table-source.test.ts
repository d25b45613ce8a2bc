import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type ContractColumnType, describeTableSourceContract } from "../../testing/table-source-contract.js";
import { SqliteTableSource } from "./sqlite-table-source.js";
import type { KeyValue } from "./table-source.js";

const baseDir = mkdtempSync(join(tmpdir(), "bascule-table-source-"));
afterAll(() => rmSync(baseDir, { recursive: true, force: true }));

let databases = 0;
function createDatabase(sql: string, rows: readonly (readonly KeyValue[])[] = [], insert?: string): string {
  const path = join(baseDir, `source-${++databases}.db`);
  const db = new Database(path);
  db.exec(sql);
  if (insert !== undefined) {
    const statement = db.prepare(insert);
    // better-sqlite3 binds bytes only as a Buffer.
    db.transaction(() => {
      for (const row of rows) statement.run(...row.map((value) => (value instanceof Uint8Array ? Buffer.from(value) : value)));
    })();
  }
  db.close();
  return path;
}

const sqliteTypes: Record<ContractColumnType, string> = { integer: "INTEGER", real: "REAL", text: "TEXT", bytes: "BLOB" };

describeTableSourceContract("SqliteTableSource", async (table) => {
  const columns = Object.entries(table.columns).map(([name, type]) => `"${name}" ${sqliteTypes[type]}`);
  if (table.primaryKey === true) columns.push(`PRIMARY KEY (${table.keyColumns.map((column) => `"${column}"`).join(", ")})`);
  const placeholders = Object.keys(table.columns)
    .map(() => "?")
    .join(", ");
  const database = createDatabase(`CREATE TABLE t (${columns.join(", ")})`, table.rows, `INSERT INTO t VALUES (${placeholders})`);
  const source = table.query === undefined ? { table: "t" } : { query: table.query("t") };
  return new SqliteTableSource({ database, keyColumns: table.keyColumns, ...source });
});

describe("SqliteTableSource on SQLite alone", () => {
  it("orders and counts NOCASE text keys by their bytes", async () => {
    const database = createDatabase(
      "CREATE TABLE t (name TEXT COLLATE NOCASE, v INTEGER); CREATE INDEX t_name ON t (name); INSERT INTO t VALUES ('b', 1), ('a', 1), ('A', 1), ('a', 2), ('B', 3);",
    );
    const source = new SqliteTableSource({ database, table: "t", keyColumns: ["name"] });
    try {
      expect(await source.countKeys({})).toBe(4);
      expect((await source.readRange({}, ["v"], 100)).rows.map((row) => row.key)).toEqual([["A"], ["B"], ["a"], ["a"], ["b"]]);
      expect((await source.readRange({ after: ["B"] }, ["v"], 100)).rows.map((row) => row.key)).toEqual([["a"], ["a"], ["b"]]);
    } finally {
      source.close();
    }
  });

  it("rejects a source with both a table and a query", () => {
    expect(() => new SqliteTableSource({ database: ":memory:", table: "t", query: "SELECT 1", keyColumns: ["id"] })).toThrow(/exactly one/);
  });
});
