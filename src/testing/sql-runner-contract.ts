import { beforeEach, describe, expect, it } from "vitest";
import type { SqlRunner } from "../ports/sql-runner.js";

/**
 * A fresh database for one test, as an adapter's test provides it to the contract: it holds
 * a table `cart (id integer primary key, total numeric not null)` with totals 10, 20 and 30.
 */
export interface SqlRunnerUnderTest {
  readonly runner: SqlRunner;
  /** The URL the runner is given for that database. */
  readonly url: string;
  /** The cart table's name, as the SQL text must write it. */
  readonly cart: string;
  /** Reads, outside the runner, the first column of the first row of a query as a number. */
  scalar(sql: string): Promise<number>;
  /** The cart table's column names, in order. */
  cartColumns(): Promise<readonly string[]>;
}

/**
 * The behaviour every `SqlRunner` adapter must have on a real database: the whole text in one
 * transaction, all or nothing. Call it from the adapter's test file; `open` gives each test a
 * fresh cart table.
 */
export function describeSqlRunnerContract(name: string, open: () => Promise<SqlRunnerUnderTest>): void {
  describe(`${name} (SQL runner contract)`, () => {
    let db: SqlRunnerUnderTest;
    let cart: string;
    beforeEach(async () => {
      db = await open();
      cart = db.cart;
    });
    const run = (sql: string) => db.runner.execute(db.url, sql);
    const rowsLeft = () => db.scalar(`SELECT count(*) FROM ${cart}`);

    it("commits a text of several statements and counts the rows they changed, not the rows they read", async () => {
      const result = await run(
        `ALTER TABLE ${cart} ADD COLUMN discount_code text;\nUPDATE ${cart} SET discount_code = 'NONE' WHERE total > 15;\nINSERT INTO ${cart} (total) VALUES (40);\nSELECT * FROM ${cart};`,
      );
      expect(result).toMatchObject({ kind: "ok", rowsChanged: 3 });
      expect(result.kind === "ok" && result.durationMs >= 0).toBe(true);
      expect(await db.cartColumns()).toEqual(["id", "total", "discount_code"]);
      expect(await db.scalar(`SELECT count(*) FROM ${cart} WHERE discount_code = 'NONE'`)).toBe(2);
      expect(await rowsLeft()).toBe(4);
    });

    it("undoes every statement of the text when one fails, naming what failed", async () => {
      const result = await run(`ALTER TABLE ${cart} ADD COLUMN discount_code text;\nDELETE FROM ${cart};\n  INSERT INTO missing_table VALUES (1);`);
      expect(result).toEqual({ kind: "error", message: expect.stringContaining("missing_table") });
      expect(await db.cartColumns()).toEqual(["id", "total"]);
      expect(await rowsLeft()).toBe(3);
    });

    it("undoes the text when a constraint refuses a row", async () => {
      const result = await run(`UPDATE ${cart} SET total = 0; INSERT INTO ${cart} (id, total) VALUES (1, 5);`);
      expect(result).toMatchObject({ kind: "error" });
      expect(await db.scalar(`SELECT sum(total) FROM ${cart}`)).toBe(60);
    });

    it("undoes the text when a later statement does not parse", async () => {
      expect(await run(`DELETE FROM ${cart};\nDELET FROM ${cart};`)).toMatchObject({ kind: "error" });
      expect(await rowsLeft()).toBe(3);
    });

    it("refuses a text that begins, commits or rolls back a transaction itself, changing nothing", async () => {
      const texts = [
        [`DELETE FROM ${cart} WHERE id = 1;\nCOMMIT;\nDELETE FROM ${cart} WHERE id = 2;`, "COMMIT at line 2"],
        [`DELETE FROM ${cart}; BEGIN; DELETE FROM ${cart}; COMMIT;`, "BEGIN at line 1"],
        [`DELETE FROM ${cart};\nROLLBACK;\nINSERT INTO ${cart} (total) VALUES (99);`, "ROLLBACK at line 2"],
        [`UPDATE ${cart} SET total = 0;\n\nEND;`, "END at line 3"],
      ] as const;
      for (const [text, where] of texts) {
        expect(await run(text)).toEqual({
          kind: "error",
          message: `the SQL text manages its own transaction (${where}); remove its BEGIN/COMMIT/ROLLBACK: the whole text already runs in one transaction`,
        });
      }
      expect(await rowsLeft()).toBe(3);
      expect(await db.scalar(`SELECT sum(total) FROM ${cart}`)).toBe(60);
    });

    it("keeps a rollback to a savepoint inside the text's transaction", async () => {
      const result = await run(`SAVEPOINT before_delete;\nDELETE FROM ${cart};\nROLLBACK TO before_delete;\nDELETE FROM ${cart} WHERE id = 1;`);
      expect(result).toMatchObject({ kind: "ok" });
      expect(await rowsLeft()).toBe(2);
    });
  });
}
