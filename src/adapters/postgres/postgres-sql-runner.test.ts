import { createServer } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSqlRunnerContract } from "../../testing/sql-runner-contract.js";
import { openTestPostgres, type TestPostgres } from "../../testing/test-postgres.js";
import { PostgresSqlRunner } from "./postgres-sql-runner.js";

const runner = new PostgresSqlRunner({ connectTimeoutMs: 5_000 });
let db: TestPostgres;
beforeAll(async () => {
  db = await openTestPostgres();
}, 60_000);
afterAll(() => db?.close());

async function query<T>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

let tables = 0;
/** A fresh table `cart_<n>(id, total)` holding three rows; returns its name. */
async function createCart(): Promise<string> {
  const table = `cart_${++tables}`;
  await query(`CREATE TABLE ${table} (id serial PRIMARY KEY, total numeric NOT NULL); INSERT INTO ${table} (total) VALUES (10), (20), (30)`);
  return table;
}

const columnsOf = async (table: string) =>
  (await query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`)).map(
    (column) => column.column_name,
  );

describeSqlRunnerContract("PostgresSqlRunner", async () => {
  const cart = await createCart();
  return {
    runner,
    url: db.url,
    cart,
    scalar: async (sql) => Number(Object.values((await query<Record<string, unknown>>(sql))[0] ?? {})[0]),
    cartColumns: () => columnsOf(cart),
  };
});

/** A URL whose port nothing listens on. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `postgres://app:s3cret-pw@127.0.0.1:${port}/shop`;
}

describe("PostgresSqlRunner on PostgreSQL alone", () => {
  it("says where in the text the failing statement is", async () => {
    const cart = await createCart();
    const result = await runner.execute(db.url, `ALTER TABLE ${cart} ADD COLUMN discount_code text;\nDELETE FROM ${cart};\n  INSERT INTO missing_table VALUES (1);`);
    expect(result).toEqual({ kind: "error", message: expect.stringContaining('relation "missing_table" does not exist (42P01) at line 3, column 15') });
  });

  it("passes on the server's detail, e.g. the row a constraint refused", async () => {
    const cart = await createCart();
    const result = await runner.execute(db.url, `UPDATE ${cart} SET total = 0; INSERT INTO ${cart} (id, total) VALUES (1, 5);`);
    expect(result).toEqual({ kind: "error", message: expect.stringMatching(/duplicate key value violates unique constraint .* \(23505\); Key \(id\)=\(1\) already exists/) });
    expect(await query(`SELECT sum(total)::int AS total FROM ${cart}`)).toEqual([{ total: 60 }]);
  });

  it("accepts postgresql:// URLs and PL/pgSQL bodies with their own BEGIN and END", async () => {
    const cart = await createCart();
    const url = db.url.replace(/^postgres:/, "postgresql:");
    const body = `DO $body$ BEGIN UPDATE ${cart} SET total = total * 2; END $body$; -- COMMIT is only a comment here\nSELECT 'ROLLBACK;';`;
    expect(await runner.execute(url, body)).toMatchObject({ kind: "ok" });
    expect(await query(`SELECT sum(total)::int AS total FROM ${cart}`)).toEqual([{ total: 120 }]);
  });

  it("says so when the text ended the transaction in a way the scan could not see", async () => {
    const cart = await createCart();
    // The scan reads END as closing the BEGIN ATOMIC body; the second END ends the transaction.
    const text = `CREATE PROCEDURE empty_${cart}() BEGIN ATOMIC DELETE FROM ${cart}; END;\nEND;\nDELETE FROM ${cart} WHERE id = 1;`;
    expect(await runner.execute(db.url, text)).toEqual({
      kind: "error",
      message: expect.stringContaining("the SQL text ended the transaction itself, so the statements before that point are committed"),
    });
    expect(await query(`SELECT proname FROM pg_proc WHERE proname = 'empty_${cart}'`)).toHaveLength(1);
  });

  it("reports a refused connection as an error result without the password", async () => {
    const url = await closedPortUrl();
    const result = await runner.execute(url, "SELECT 1");
    expect(result).toEqual({ kind: "error", message: expect.stringContaining("connection refused") });
    expect(result).toMatchObject({ message: expect.stringContaining(url.replace("s3cret-pw", "***")) });
    expect(JSON.stringify(result)).not.toContain("s3cret-pw");
  });

  it("reports a wrong password and an unknown database as error results without the password", async (context) => {
    if (db.kind === "pglite") context.skip("PGlite accepts any password and any database name");
    const wrongPassword = new URL(db.url);
    wrongPassword.password = "not-the-pw-4711";
    const refused = await runner.execute(wrongPassword.toString(), "SELECT 1");
    expect(refused).toEqual({ kind: "error", message: expect.stringContaining("(28P01); check the user and password in the URL") });
    expect(JSON.stringify(refused)).not.toContain("not-the-pw-4711");
    expect(refused).toMatchObject({ message: expect.stringContaining(":***@") });
    const unknown = new URL(db.url);
    unknown.pathname = "/no_such_database_here";
    expect(await runner.execute(unknown.toString(), "SELECT 1")).toEqual({
      kind: "error",
      message: expect.stringContaining('database "no_such_database_here" does not exist (3D000); create the database or fix its name in the URL'),
    });
  });

  it("refuses URLs of other schemes", async () => {
    expect(await runner.execute("sqlite:cart.db", "SELECT 1")).toEqual({
      kind: "error",
      message: "cannot run SQL on sqlite:cart.db; this runner supports postgres:// and postgresql:// URLs only",
    });
  });
});
