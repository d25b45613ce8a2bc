import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPostgres, type TestPostgres } from "../testing/test-postgres.js";
import { PostgresSqlRunner } from "./postgres/postgres-sql-runner.js";
import { SqlRunnerByScheme } from "./sql-runner-by-scheme.js";
import { SqliteSqlRunner } from "./sqlite/sqlite-sql-runner.js";

const dir = mkdtempSync(join(tmpdir(), "bascule-sql-by-scheme-"));
const runner = new SqlRunnerByScheme({ sqlite: new SqliteSqlRunner(dir), postgres: new PostgresSqlRunner() });
let db: TestPostgres;
beforeAll(async () => {
  db = await openTestPostgres();
}, 60_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db?.close();
});

describe("SqlRunnerByScheme", () => {
  it("runs sqlite: URLs on the SQLite file and postgres:// URLs on the server", async () => {
    new Database(join(dir, "cart.db")).exec("CREATE TABLE cart (id INTEGER PRIMARY KEY)").close();
    expect(await runner.execute("sqlite:cart.db", "INSERT INTO cart VALUES (1), (2)")).toMatchObject({ kind: "ok", rowsChanged: 2 });
    expect(await runner.execute(db.url, "CREATE TABLE cart (id int); INSERT INTO cart VALUES (1), (2), (3)")).toMatchObject({ kind: "ok", rowsChanged: 3 });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    expect((await client.query("SELECT count(*)::int AS n FROM cart")).rows).toEqual([{ n: 3 }]);
    await client.end();
  });

  it("refuses other schemes, naming the supported ones and hiding passwords", async () => {
    expect(await runner.execute("mysql://app:s3cret@db/shop", "SELECT 1")).toEqual({
      kind: "error",
      message: 'cannot run SQL on the scheme "mysql:" (mysql://app:***@db/shop); bind a sqlite: or postgres:// URL',
    });
    expect(await runner.execute("cart.db", "SELECT 1")).toMatchObject({ kind: "error", message: expect.stringContaining("a URL without a scheme") });
  });
});
