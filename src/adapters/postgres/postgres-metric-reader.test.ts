import { createServer, type Server, type Socket } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetricReading } from "../../ports/metric-provider.js";
import { describeMetricProviderContract } from "../../testing/metric-provider-contract.js";
import { openTestPostgres, type TestPostgres } from "../../testing/test-postgres.js";
import { type MetricSystem, SqlMetricProvider } from "../metrics/sql-metric-provider.js";
import { PostgresMetricReader } from "./postgres-metric-reader.js";

let db: TestPostgres;
let provider: SqlMetricProvider;
const reader = new PostgresMetricReader({ now: () => Date.parse("2026-03-01T10:00:00Z"), graceMs: 500 });

beforeAll(async () => {
  db = await openTestPostgres();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(`
    CREATE TABLE requests (id int PRIMARY KEY, failed int NOT NULL, note text, payload bytea);
    INSERT INTO requests VALUES (1, 0, 'ok', '\\x0102'), (2, 1, NULL, NULL), (3, 0, '0.5', NULL), (4, 0, 'ok', NULL);
  `);
  await client.end();
  const systems = new Map<string, MetricSystem>([
    ["orders", { kind: "postgres", url: db.url }],
    ["elsewhere", { kind: "postgres", url: "postgres://app:s3cret-pw@127.0.0.1:1/shop" }],
  ]);
  provider = new SqlMetricProvider({ systems, postgres: reader });
}, 60_000);
afterAll(() => db?.close());

/** A server that accepts connections and never says a word, as a hung server or network does. */
async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const silent: Server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const { port } = silent.address() as { port: number };
  return {
    url: `postgres://app:pw@127.0.0.1:${port}/shop`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    },
  };
}

describeMetricProviderContract("SqlMetricProvider on PostgreSQL", async () => {
  const sql = (query: string, system = "orders") => ({ kind: "sql", system, query }) as const;
  return {
    provider,
    valueOf: (value) => sql(`SELECT ${value}`),
    empty: sql("SELECT failed FROM requests WHERE id > 100"),
    notANumber: sql("SELECT 'NaN'::float8"),
    refused: sql("SELEC count(*) FROM requests"),
    unreachable: { provider, query: sql("SELECT 1", "elsewhere") },
    foreign: { kind: "prometheus", promql: "up" },
    stall: {
      abortable: true,
      async start() {
        const silent = await startSilentServer();
        const stalled = new SqlMetricProvider({ systems: new Map([["hung", { kind: "postgres", url: silent.url }]]), postgres: reader });
        return { provider: stalled, query: sql("SELECT 1", "hung"), release: () => silent.close() };
      },
    },
  };
});

function read(query: string, timeoutMs = 5_000, system = "orders"): Promise<MetricReading> {
  return provider.read({ kind: "sql", system, query }, { timeoutMs });
}

describe("PostgresMetricReader through SqlMetricProvider", () => {
  it("reads the first column of the first row, from any numeric type", async () => {
    expect(await read("SELECT avg(failed) FROM requests")).toEqual({ kind: "value", value: 0.25, at: "2026-03-01T10:00:00.000Z" });
    expect(await read("SELECT count(*), 99 FROM requests")).toMatchObject({ kind: "value", value: 4 });
    expect(await read("SELECT id FROM requests ORDER BY id DESC")).toMatchObject({ kind: "value", value: 4 });
    expect(await read("SELECT 9007199254740993::bigint")).toMatchObject({ kind: "value", value: 9007199254740992 });
    expect(await read("SELECT 0.125::float4")).toMatchObject({ kind: "value", value: 0.125 });
  });

  it("reads NULL as empty", async () => {
    expect(await read("SELECT max(failed) FROM requests WHERE id > 100")).toEqual({ kind: "empty" });
    expect(await read("SELECT note FROM requests WHERE id = 2")).toEqual({ kind: "empty" });
  });

  it("reads text, bytea, booleans and non-finite numbers as nan, even text that looks like a number", async () => {
    expect(await read("SELECT note FROM requests WHERE id = 1")).toEqual({ kind: "nan", raw: "ok" });
    expect(await read("SELECT note FROM requests WHERE id = 3")).toEqual({ kind: "nan", raw: "0.5" });
    expect(await read("SELECT payload FROM requests WHERE id = 1")).toEqual({ kind: "nan", raw: "<bytea of 2 bytes>" });
    expect(await read("SELECT true")).toEqual({ kind: "nan", raw: "t" });
    expect(await read("SELECT 'NaN'::numeric")).toEqual({ kind: "nan", raw: "NaN" });
    expect(await read("SELECT 'Infinity'::float8")).toEqual({ kind: "nan", raw: "Infinity" });
  });

  it("runs read-only: a metric query cannot change the data, nor escape its transaction", async () => {
    expect(await read("DELETE FROM requests RETURNING id")).toEqual({
      kind: "error",
      message: expect.stringContaining("cannot execute DELETE in a read-only transaction (25006)"),
    });
    expect(await read("COMMIT")).toEqual({ kind: "error", message: "the SQL metric query returns no rows; write a SELECT that returns one number" });
    expect(await read("SELECT 1; DELETE FROM requests")).toEqual({ kind: "error", message: expect.stringContaining("cannot insert multiple commands into a prepared statement") });
    expect(await read("SELECT count(*) FROM requests")).toMatchObject({ kind: "value", value: 4 });
  });

  it("reads SQL errors as errors saying where", async () => {
    expect(await read("SELECT avg(failed)\n  FROM request")).toEqual({
      kind: "error",
      message: expect.stringContaining('relation "request" does not exist (42P01) at line 2, column 8 in postgres://'),
    });
  });

  it("reads a query slower than the timeout as a timeout, by the server's statement_timeout", async (context) => {
    if (db.kind === "pglite") context.skip("PGlite runs in this process and ignores statement_timeout: pg_sleep blocks until it ends");
    expect(await read("SELECT 1 FROM pg_sleep(5)", 300)).toEqual({ kind: "timeout", timeoutMs: 300 });
    expect(await read("SELECT 2")).toMatchObject({ kind: "value", value: 2 });
  });

  it("reads a refused connection as an error without the password", async () => {
    const reading = await read("SELECT 1", 5_000, "elsewhere");
    expect(reading).toEqual({ kind: "error", message: expect.stringContaining("cannot connect to postgres://app:***@127.0.0.1:1/shop: connection refused") });
    expect(JSON.stringify(reading)).not.toContain("s3cret-pw");
  });

  it("reads a wrong password as an error without the password", async (context) => {
    if (db.kind === "pglite") context.skip("PGlite accepts any password");
    const url = new URL(db.url);
    url.password = "not-the-pw-4711";
    const reading = await reader.read(url.toString(), "SELECT 1", { timeoutMs: 5_000 });
    expect(reading).toEqual({ kind: "error", message: expect.stringContaining("(28P01)") });
    expect(JSON.stringify(reading)).not.toContain("not-the-pw-4711");
  });

  it("reads a reading cancelled before it starts as an error, connecting to nothing", async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await reader.read(db.url, "SELECT 1", { timeoutMs: 1_000, signal: controller.signal })).toEqual({ kind: "error", message: "the SQL metric query was cancelled" });
  });
});
