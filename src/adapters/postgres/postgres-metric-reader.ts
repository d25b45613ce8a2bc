import pg from "pg";
import { performance } from "node:perf_hooks";
import type { MetricReadOptions, MetricReading } from "../../ports/metric-provider.js";
import { describeServerError } from "./describe-postgres-error.js";
import { closePostgres, connectPostgres } from "./postgres-connection.js";
import { maskPasswordIn, maskPostgresUrl } from "./postgres-url.js";

export interface PostgresMetricReaderOptions {
  /** The time a value is stamped with. @default Date.now */
  readonly now?: () => number;
  /**
   * How long past `timeoutMs` to wait for the server's own statement timeout before dropping
   * the connection (a server or network that stopped answering).
   * @default 2000
   */
  readonly graceMs?: number;
}

/** Type OIDs whose text is a number (int2, int4, int8, oid, float4, float8, numeric). */
const numericTypes = new Set([21, 23, 20, 26, 700, 701, 1700]);
const byteaType = 17;
// Every value as the server's text, whatever parsers anything else in the process installed.
const asText = { getTypeParser: () => (text: string) => text } as unknown as pg.CustomTypesConfig;

/**
 * Reads `sql:` metrics from PostgreSQL: the first column of the first row is the number (any
 * integer, float or numeric type); no row or NULL is `empty`; anything else (text, even text
 * that looks like a number; NaN; a number too large for a double) is `nan`. The query runs in a
 * READ ONLY transaction, as a single statement (extended protocol), so it cannot change data
 * or end that transaction; the server cancels it at `timeoutMs` (statement_timeout), which
 * reads as a `timeout`.
 */
export class PostgresMetricReader {
  readonly #now: () => number;
  readonly #graceMs: number;

  constructor(options: PostgresMetricReaderOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#graceMs = options.graceMs ?? 2_000;
  }

  async read(url: string, query: string, options: MetricReadOptions): Promise<MetricReading> {
    const cancelled: MetricReading = { kind: "error", message: "the SQL metric query was cancelled" };
    if (options.signal?.aborted) return cancelled;
    const timedOut: MetricReading = { kind: "timeout", timeoutMs: options.timeoutMs };
    const deadline = performance.now() + options.timeoutMs;
    const connecting = connectPostgres(url, { connectTimeoutMs: options.timeoutMs });
    const connection = await untilAborted(connecting, options.signal);
    if (connection === undefined) {
      // A cancel must not wait for a hung connect; a connection that opens after all is closed then.
      void connecting.then((late) => (late.kind === "connected" ? closePostgres(late.client) : undefined));
      return cancelled;
    }
    if (connection.kind === "timed-out") return timedOut;
    if (connection.kind === "failed") return { kind: "error", message: connection.message };
    const client = connection.client;
    let settle: (reading: MetricReading) => void = () => undefined;
    const interrupted = new Promise<MetricReading>((resolve) => (settle = resolve));
    const watchdog = setTimeout(() => settle(timedOut), Math.max(0, deadline - performance.now()) + this.#graceMs);
    const onAbort = () => settle(cancelled);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await Promise.race([this.#query(client, url, query, deadline, timedOut), interrupted]);
    } finally {
      clearTimeout(watchdog);
      options.signal?.removeEventListener("abort", onAbort);
      // Drops the connection at once if the query still runs; its statement_timeout ends it on the server.
      await closePostgres(client);
    }
  }

  async #query(client: pg.Client, url: string, query: string, deadline: number, timedOut: MetricReading): Promise<MetricReading> {
    try {
      const remainingMs = Math.max(1, Math.ceil(deadline - performance.now()));
      await client.query(`BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${remainingMs}`);
      // One statement at most (extended protocol), so the query cannot COMMIT its way out of READ ONLY.
      const config = { text: query, queryMode: "extended", rowMode: "array", types: asText } as const;
      const result = await client.query<unknown[]>(config as pg.QueryArrayConfig);
      await client.query("ROLLBACK");
      if (result.fields.length === 0) return { kind: "error", message: "the SQL metric query returns no rows; write a SELECT that returns one number" };
      return this.#readCell(result.rows[0]?.[0], result.rows.length === 0, result.fields[0]?.dataTypeID ?? 0);
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      if (error instanceof pg.DatabaseError) {
        if (error.code === "57014" && /statement timeout/i.test(error.message)) return timedOut;
        return { kind: "error", message: maskPasswordIn(`${describeServerError(error, query)} in ${maskPostgresUrl(url)}`, url) };
      }
      const reason = error instanceof Error ? error.message : String(error);
      return { kind: "error", message: maskPasswordIn(`the connection to ${maskPostgresUrl(url)} was lost (${reason})`, url) };
    }
  }

  #readCell(cell: unknown, noRow: boolean, typeId: number): MetricReading {
    if (noRow || cell === null || cell === undefined) return { kind: "empty" };
    const text = String(cell);
    if (typeId === byteaType) return { kind: "nan", raw: `<bytea of ${byteaLength(text)} bytes>` };
    const value = numericTypes.has(typeId) ? Number(text) : Number.NaN;
    if (Number.isFinite(value)) return { kind: "value", value, at: new Date(this.#now()).toISOString() };
    return { kind: "nan", raw: text };
  }
}

function byteaLength(text: string): number {
  // The server's default bytea_output is hex: `\x` then two digits a byte.
  return text.startsWith("\\x") ? (text.length - 2) / 2 : text.length;
}

/** `work`'s result, or `undefined` as soon as `signal` aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (signal === undefined) return work;
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
