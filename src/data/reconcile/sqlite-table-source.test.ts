import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteTableSource } from "./sqlite-table-source.js";

const baseDir = mkdtempSync(join(tmpdir(), "bascule-table-source-"));
afterAll(() => rmSync(baseDir, { recursive: true, force: true }));

function openSource(sql: string, table = "t", keyColumns = ["id"]): SqliteTableSource {
  const path = join(baseDir, `source-${Math.random().toString(36).slice(2)}.db`);
  const db = new Database(path);
  db.exec(sql);
  db.close();
  return new SqliteTableSource({ database: path, table, keyColumns });
}

describe("SqliteTableSource", () => {
  it("counts rows and distinct keys", async () => {
    const source = openSource("CREATE TABLE t (id INTEGER, v TEXT); INSERT INTO t VALUES (1, 'a'), (1, 'a'), (2, 'b');");
    expect(await source.countRows()).toEqual({ rows: 3, keys: 2 });
    source.close();
  });

  it("counts the distinct keys of a range, text keys by their bytes whatever the collation", async () => {
    const source = openSource("CREATE TABLE t (id INTEGER, v TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b'), (2, 'b'), (3, 'c'), (3, 'c'), (3, 'c');");
    expect(await source.countKeys({})).toBe(3);
    expect(await source.countKeys({ after: [1n], upTo: [2n] })).toBe(1);
    expect(await source.countKeys({ after: [3n] })).toBe(0);
    source.close();
    const text = openSource("CREATE TABLE t (name TEXT COLLATE NOCASE, v INTEGER); INSERT INTO t VALUES ('a', 1), ('A', 1), ('a', 2);", "t", ["name"]);
    expect(await text.countKeys({})).toBe(2);
    text.close();
  });

  it("splits a range into near-equal parts whose bounds are distinct keys", async () => {
    const source = openSource("CREATE TABLE t (id INTEGER PRIMARY KEY); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) INSERT INTO t SELECT i FROM n;");
    expect(await source.splitRange({}, 4)).toEqual([[25n], [50n], [75n]]);
    expect(await source.splitRange({ after: [50n], upTo: [60n] }, 2)).toEqual([[55n]]);
    source.close();
  });

  it("gives the same checksum whatever the row order, and a different one for a duplicated row", async () => {
    const a = openSource("CREATE TABLE t (id INTEGER, v TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b');");
    const b = openSource("CREATE TABLE t (id INTEGER, v TEXT); INSERT INTO t VALUES (2, 'b'), (1, 'a');");
    const c = openSource("CREATE TABLE t (id INTEGER, v TEXT); INSERT INTO t VALUES (2, 'b'), (1, 'a'), (1, 'a');");
    const [x, y, z] = [await a.checksumRange({}, ["v"]), await b.checksumRange({}, ["v"]), await c.checksumRange({}, ["v"])];
    expect(y).toEqual(x);
    expect(z.digest).not.toBe(x.digest);
    expect(z.rows).toBe(3);
    expect(x.digest).toMatch(/^[0-9a-f]{16}$/);
    for (const source of [a, b, c]) source.close();
  });

  it("pages rows in key order without ever splitting the rows of one key", async () => {
    const source = openSource("CREATE TABLE t (id INTEGER, v INTEGER); INSERT INTO t VALUES (3, 1), (1, 1), (2, 1), (2, 2), (2, 3), (4, 1);");
    const first = await source.readRange({}, ["v"], 2);
    expect(first.complete).toBe(false);
    expect(first.rows.map((row) => row.key)).toEqual([[1n], [2n], [2n], [2n]]);
    const second = await source.readRange({ after: [2n] }, ["v"], 2);
    expect(second.rows.map((row) => row.key)).toEqual([[3n], [4n]]);
    expect(second.complete).toBe(true);
    source.close();
  });

  it("reads the output columns of a projection query", async () => {
    const path = join(baseDir, "projection.db");
    const db = new Database(path);
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT); INSERT INTO t VALUES (1, '2024-01-01T10:00:00');");
    db.close();
    const source = new SqliteTableSource({ database: path, query: "SELECT id, datetime(at) AS at_utc FROM t", keyColumns: ["id"] });
    expect(await source.listColumns()).toEqual(["id", "at_utc"]);
    expect((await source.readRange({}, ["at_utc"], 10)).rows[0]?.valueCode).toBe("s19:2024-01-01 10:00:00");
    source.close();
  });

  it("rejects a source with both a table and a query", () => {
    expect(() => new SqliteTableSource({ database: ":memory:", table: "t", query: "SELECT 1", keyColumns: ["id"] })).toThrow(/exactly one/);
  });
});
