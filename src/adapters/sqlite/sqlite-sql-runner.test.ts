import Database from "better-sqlite3";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
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

describe("SqliteSqlRunner", () => {
  it("adds a column and counts the rows the whole text changed", async () => {
    const db = createCartDatabase();
    const result = await runner.execute(`sqlite:${db}`, "ALTER TABLE cart ADD COLUMN discount_code TEXT;\nUPDATE cart SET discount_code = 'NONE' WHERE total > 15;\nINSERT INTO cart (total) VALUES (40);");
    expect(result).toMatchObject({ kind: "ok", rowsChanged: 3 });
    expect(columnsOf(db)).toEqual(["id", "total", "discount_code"]);
    expect(query(db, "SELECT count(*) AS n FROM cart WHERE discount_code = 'NONE'")).toEqual([{ n: 2 }]);
  });

  it("undoes every statement of the text when one fails, and says which", async () => {
    const db = createCartDatabase();
    const result = await runner.execute(`sqlite:${db}`, "ALTER TABLE cart ADD COLUMN discount_code TEXT;\nDELETE FROM cart;\nINSERT INTO missing_table VALUES (1);");
    expect(result).toEqual({ kind: "error", message: expect.stringContaining("no such table: missing_table") });
    expect(columnsOf(db)).toEqual(["id", "total"]);
    expect(query(db, "SELECT count(*) AS n FROM cart")).toEqual([{ n: 3 }]);
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

  it("refuses a text that manages its own transaction, changing nothing", async () => {
    const db = createCartDatabase();
    const result = await runner.execute(`sqlite:${db}`, "DELETE FROM cart; BEGIN; DELETE FROM cart; COMMIT;");
    expect(result).toEqual({ kind: "error", message: expect.stringContaining("cannot start a transaction within a transaction") });
    expect(query(db, "SELECT count(*) AS n FROM cart")).toEqual([{ n: 3 }]);
  });
});
