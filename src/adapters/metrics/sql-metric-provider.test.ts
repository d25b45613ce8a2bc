import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { MetricReading } from "../../ports/metric-provider.js";
import { describeMetricProviderContract } from "../../testing/metric-provider-contract.js";
import { type MetricSystem, SqlMetricProvider } from "./sql-metric-provider.js";

const dir = mkdtempSync(join(tmpdir(), "bascule-sql-metric-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cartPath = join(dir, "cart.db");
const setup = new Database(cartPath);
setup.exec(`
  CREATE TABLE requests (id INTEGER PRIMARY KEY, failed INTEGER NOT NULL, note TEXT, payload BLOB);
  INSERT INTO requests (failed, note, payload) VALUES (0, 'ok', x'0102'), (1, NULL, NULL), (0, '0.5', NULL), (0, 'ok', NULL);
`);
setup.close();

const systems = new Map<string, MetricSystem>([
  ["Cart Database", { kind: "sqlite", path: cartPath }],
  ["orders", { kind: "postgres" }],
  ["archive", { kind: "sqlite", path: join(dir, "archive.db") }],
]);
const provider = new SqlMetricProvider({ systems, now: () => Date.parse("2026-03-01T10:00:00Z") });

describeMetricProviderContract("SqlMetricProvider on SQLite", async () => {
  const sql = (query: string, system = "Cart Database") => ({ kind: "sql", system, query }) as const;
  return {
    provider,
    valueOf: (value) => sql(`SELECT ${value}`),
    empty: sql("SELECT failed FROM requests WHERE id > 100"),
    notANumber: sql("SELECT 'NaN'"),
    refused: sql("SELEC count(*) FROM requests"),
    unreachable: { provider, query: sql("SELECT 1", "archive") },
    foreign: { kind: "command", command: "echo 1" },
    stall: {
      abortable: false,
      async start() {
        const writer = new Database(cartPath);
        writer.exec("BEGIN EXCLUSIVE");
        return {
          provider,
          query: sql("SELECT count(*) FROM requests"),
          async release() {
            writer.exec("ROLLBACK");
            writer.close();
          },
        };
      },
    },
  };
});

function read(query: string, system = "Cart Database", timeoutMs = 5_000): Promise<MetricReading> {
  return provider.read({ kind: "sql", system, query }, { timeoutMs });
}

describe("SqlMetricProvider", () => {
  it("reads the first column of the first row", async () => {
    expect(await read("SELECT avg(failed) FROM requests")).toEqual({ kind: "value", value: 0.25, at: "2026-03-01T10:00:00.000Z" });
    expect(await read("SELECT count(*), 99 FROM requests")).toMatchObject({ kind: "value", value: 4 });
    expect(await read("SELECT id FROM requests ORDER BY id DESC")).toMatchObject({ kind: "value", value: 4 });
  });

  it("reads NULL as empty", async () => {
    expect(await read("SELECT max(failed) FROM requests WHERE id > 100")).toEqual({ kind: "empty" });
    expect(await read("SELECT note FROM requests WHERE id = 2")).toEqual({ kind: "empty" });
  });

  it("reads text and blobs as nan, even text that looks like a number", async () => {
    expect(await read("SELECT note FROM requests WHERE id = 1")).toEqual({ kind: "nan", raw: "ok" });
    expect(await read("SELECT note FROM requests WHERE id = 3")).toEqual({ kind: "nan", raw: "0.5" });
    expect(await read("SELECT payload FROM requests WHERE id = 1")).toEqual({ kind: "nan", raw: "<blob of 2 bytes>" });
    expect(await read("SELECT 1e999")).toEqual({ kind: "nan", raw: "Infinity" });
  });

  it("opens the database read-only: a metric query cannot change the data", async () => {
    expect(await read("DELETE FROM requests RETURNING id")).toMatchObject({ kind: "error", message: expect.stringContaining("SQLITE_READONLY") });
    expect(await read("DELETE FROM requests")).toEqual({ kind: "error", message: "the SQL metric query returns no rows; write a SELECT that returns one number" });
    expect(await read("SELECT count(*) FROM requests")).toMatchObject({ kind: "value", value: 4 });
  });

  it("reads SQL errors as errors naming the database", async () => {
    expect(await read("SELECT avg(failed) FROM request")).toEqual({
      kind: "error",
      message: `no such table: request (SQLITE_ERROR) in ${cartPath}`,
    });
  });

  it("reads unknown, PostgreSQL and missing-file systems as errors saying what to fix", async () => {
    expect(await read("SELECT 1", "Cart Databse")).toEqual({
      kind: "error",
      message: 'the SQL metric names system "Cart Databse", which is not bound; bound systems: Cart Database, orders, archive; did you mean "Cart Database"?',
    });
    expect(await read("SELECT 1", "orders")).toEqual({ kind: "error", message: 'system "orders" is postgres; SQL metrics read SQLite systems only for now' });
    expect(await read("SELECT 1", "archive")).toEqual({ kind: "error", message: `database file not found: ${join(dir, "archive.db")}` });
  });
});
