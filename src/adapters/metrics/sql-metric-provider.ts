import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { didYouMean } from "../../lint/closest-match.js";
import type { MetricProvider, MetricQuery, MetricReadOptions, MetricReading } from "../../ports/metric-provider.js";

/** What the provider needs of a bound system; the bindings' `BoundSystem` is one. */
export interface MetricSystem {
  readonly kind: "sqlite" | "postgres";
  /** The database file's absolute path, for SQLite. */
  readonly path?: string;
  /** The `postgres://` URL, for PostgreSQL. */
  readonly url?: string;
}

/** Reads one `sql:` metric from a PostgreSQL URL; `PostgresMetricReader` is one. */
export interface PostgresMetricSource {
  read(url: string, query: string, options: MetricReadOptions): Promise<MetricReading>;
}

export interface SqlMetricProviderOptions {
  /** The bindings' `systems`, by the names `sql: <system>: <query>` uses. */
  readonly systems: ReadonlyMap<string, MetricSystem>;
  /** The time a value is stamped with. @default Date.now */
  readonly now?: () => number;
  /** Reads the PostgreSQL systems; without it they read as errors. */
  readonly postgres?: PostgresMetricSource;
}

/**
 * Reads `sql:` metrics: PostgreSQL systems through `options.postgres`, SQLite systems over a
 * read-only connection, so a metric query can never change the data it watches. The first column of the first row is the number:
 * no row or NULL is `empty`, anything but a finite number (text, a blob) is `nan`.
 * SQLite runs in this process, so `timeoutMs` bounds the wait for a writer's lock (then the
 * reading is a `timeout`); a query that is merely slow runs to its end.
 */
export class SqlMetricProvider implements MetricProvider {
  readonly #options: SqlMetricProviderOptions;

  constructor(options: SqlMetricProviderOptions) {
    this.#options = options;
  }

  async read(query: MetricQuery, options: MetricReadOptions): Promise<MetricReading> {
    if (query.kind !== "sql") return { kind: "error", message: `the SQL provider cannot read a ${query.kind} query` };
    if (options.signal?.aborted) return { kind: "error", message: "the SQL metric query was cancelled" };
    const system = this.#options.systems.get(query.system);
    if (system === undefined) return { kind: "error", message: this.#describeUnbound(query.system) };
    if (system.kind === "postgres" && system.url !== undefined && this.#options.postgres !== undefined) {
      return this.#options.postgres.read(system.url, query.query, options);
    }
    if (system.kind !== "sqlite" || system.path === undefined) {
      return { kind: "error", message: `system ${JSON.stringify(query.system)} is ${system.kind}; SQL metrics read SQLite systems only for now` };
    }
    // A typo in a path must not read as an empty database.
    if (!existsSync(system.path)) return { kind: "error", message: `database file not found: ${system.path}` };
    let db: Database.Database | undefined;
    try {
      db = new Database(system.path, { readonly: true, fileMustExist: true, timeout: options.timeoutMs });
      const statement = db.prepare(query.query);
      if (!statement.reader) return { kind: "error", message: "the SQL metric query returns no rows; write a SELECT that returns one number" };
      const row = statement.raw(true).get() as unknown[] | undefined;
      return readCell(row?.[0], row === undefined, this.#options.now ?? Date.now);
    } catch (error) {
      if (error instanceof Database.SqliteError) {
        if (error.code === "SQLITE_BUSY") return { kind: "timeout", timeoutMs: options.timeoutMs };
        return { kind: "error", message: `${error.message} (${error.code}) in ${system.path}` };
      }
      if (error instanceof TypeError || error instanceof RangeError) return { kind: "error", message: `${error.message} in ${system.path}` };
      throw error;
    } finally {
      db?.close();
    }
  }

  #describeUnbound(name: string): string {
    const names = [...this.#options.systems.keys()];
    if (names.length === 0) return `the SQL metric names system ${JSON.stringify(name)}, but no system is bound; add it under systems:`;
    return `the SQL metric names system ${JSON.stringify(name)}, which is not bound; bound systems: ${names.join(", ")}${didYouMean(name, names)}`;
  }
}

function readCell(cell: unknown, noRow: boolean, now: () => number): MetricReading {
  if (noRow || cell === null || cell === undefined) return { kind: "empty" };
  if (typeof cell === "number" && Number.isFinite(cell)) return { kind: "value", value: cell, at: new Date(now()).toISOString() };
  if (typeof cell === "bigint") return { kind: "value", value: Number(cell), at: new Date(now()).toISOString() };
  if (cell instanceof Uint8Array) return { kind: "nan", raw: `<blob of ${cell.length} bytes>` };
  return { kind: "nan", raw: String(cell) };
}
