import Database from "better-sqlite3";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeSqlRunnerContract } from "../../testing/sql-runner-contract.js";
import { SqliteSqlRunner } from "./sqlite-sql-runner.js";

const baseDir = mkdtempSync(join(tmpdir(), "bascule-sql-runner-"));
afterAll(() => rmSync(baseDir, { recursive: true, force: true }));
const runner = new SqliteSqlRunner(baseDir);

let databases = 0;
/** A real database file holding `cart(id, total)` with three rows; returns its path relative to baseDir. */
function createCartDatabase(): string {
  const relative = join("data", `cart-${++databases}.db`);
  mkdirSync(join(baseDir, "data"), { recursive: true });
  const db = new Database(join(baseDir, relative));
  db.exec("CREATE TABLE cart (id INTEGER PRIMARY KEY, total REAL NOT NULL); INSERT INTO cart (total) VALUES (10), (20), (30);");
  db.close();
  return relative;
}

function query<T>(relative: string, sql: string): T[] {
  const db = new Database(join(baseDir, relative), { readonly: true });
  try {
    return db.prepare<[], T>(sql).all();
  } finally {
    db.close();
  }
}

const columnsOf = (relative: string): string[] => query<{ name: string }>(relative, "SELECT name FROM pragma_table_info('cart')").map((column) => column.name);

describeSqlRunnerContract("SqliteSqlRunner", async () => {
  const db = createCartDatabase();
  return {
    runner,
    url: `sqlite:${db}`,
    cart: "cart",
    scalar: async (sql) => Number(Object.values(query<Record<string, unknown>>(db, sql)[0] ?? {})[0]),
    cartColumns: async () => columnsOf(db),
  };
});

describe("SqliteSqlRunner on SQLite alone", () => {
  it("says what failed in SQLite's words, and in which database file", async () => {
    const db = createCartDatabase();
    const result = await runner.execute(`sqlite:${db}`, "DELETE FROM cart;\nINSERT INTO missing_table VALUES (1);");
    expect(result).toEqual({ kind: "error", message: `no such table: missing_table (SQLITE_ERROR) in ${join(baseDir, db)}` });
  });

  it("runs a trigger whose body has its own BEGIN and END", async () => {
    const db = createCartDatabase();
    const text =
      "CREATE TABLE audit (id INTEGER, note TEXT);\n" +
      "CREATE TRIGGER cart_audit AFTER UPDATE ON cart BEGIN\n  INSERT INTO audit VALUES (new.id, CASE WHEN new.total > 25 THEN 'big' ELSE 'small' END);\nEND;\n" +
      "UPDATE cart SET total = total + 1; -- COMMIT is only a comment here\nSELECT 'ROLLBACK;';";
    expect(await runner.execute(`sqlite:${db}`, text)).toMatchObject({ kind: "ok" });
    expect(query(db, "SELECT id, note FROM audit ORDER BY id")).toEqual([
      { id: 1, note: "small" },
      { id: 2, note: "small" },
      { id: 3, note: "big" },
    ]);
  });

  it("accepts an absolute path, also in the sqlite:/// form", async () => {
    const absolute = join(baseDir, createCartDatabase());
    expect(await runner.execute(`sqlite:${absolute}`, "DELETE FROM cart WHERE id = 1")).toMatchObject({ kind: "ok", rowsChanged: 1 });
    expect(await runner.execute(`sqlite://${absolute}`, "DELETE FROM cart WHERE id = 2")).toMatchObject({ kind: "ok", rowsChanged: 1 });
  });

  it("does not create a missing database file", async () => {
    const result = await runner.execute("sqlite:data/cart-typo.db", "CREATE TABLE t (x INTEGER)");
    expect(result).toEqual({ kind: "error", message: `database file not found: ${join(baseDir, "data", "cart-typo.db")}` });
    expect(existsSync(join(baseDir, "data", "cart-typo.db"))).toBe(false);
  });

  it("reports a file that is not a database as an error result", async () => {
    writeFileSync(join(baseDir, "notes.db"), "these are not the pages you are looking for\n".repeat(100));
    expect(await runner.execute("sqlite:notes.db", "SELECT 1")).toEqual({ kind: "error", message: expect.stringContaining("not a database") });
  });

  it("refuses other schemes, naming the supported one and hiding passwords", async () => {
    const result = await runner.execute("postgres://app:s3cret@db.internal/shop", "SELECT 1");
    expect(result).toEqual({ kind: "error", message: 'cannot run SQL on the scheme "postgres:" (postgres://app:***@db.internal/shop); this runner supports sqlite: URLs only' });
    expect(await runner.execute("data/cart.db", "SELECT 1")).toMatchObject({ kind: "error", message: expect.stringContaining("without a scheme") });
  });
});
