import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import type { SqlResult, SqlRunner } from "../../ports/sql-runner.js";
import { findSqliteTransactionControl } from "./find-sqlite-transaction-control.js";

export interface SqliteSqlRunnerOptions {
  /**
   * How long to wait for the application's own write transaction before giving up.
   * @default 10000
   */
  readonly busyTimeoutMs?: number;
}

/**
 * Runs SQL text against existing SQLite files named `sqlite:path/to/file.db` (relative to
 * `baseDir`, the plan's or the bindings' folder), `sqlite:/absolute/path.db` or
 * `sqlite:///absolute/path.db`. The whole text runs in one transaction; like the PostgreSQL
 * runner, it refuses a text with its own BEGIN, COMMIT, END or ROLLBACK, which would split it.
 */
export class SqliteSqlRunner implements SqlRunner {
  readonly #baseDir: string;
  readonly #busyTimeoutMs: number;

  constructor(baseDir: string, options: SqliteSqlRunnerOptions = {}) {
    this.#baseDir = baseDir;
    this.#busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
  }

  async execute(url: string, sql: string): Promise<SqlResult> {
    const path = this.#resolvePath(url);
    if (path.kind === "error") return path;
    const control = findSqliteTransactionControl(sql);
    if (control !== undefined) {
      return {
        kind: "error",
        message: `the SQL text manages its own transaction (${control.statement} at line ${control.line}); remove its BEGIN/COMMIT/ROLLBACK: the whole text already runs in one transaction`,
      };
    }
    // A typo in a path must not silently create an empty database and "succeed" against it.
    if (!existsSync(path.path)) return { kind: "error", message: `database file not found: ${path.path}` };
    const started = performance.now();
    let db: Database.Database | undefined;
    try {
      db = new Database(path.path, { fileMustExist: true, timeout: this.#busyTimeoutMs });
      db.exec("BEGIN IMMEDIATE");
      db.exec(sql);
      db.exec("COMMIT");
      // A fresh connection: its total_changes() is exactly what this text changed.
      const rowsChanged = db.prepare<[], number>("SELECT total_changes()").pluck().get() ?? 0;
      return { kind: "ok", rowsChanged, durationMs: performance.now() - started };
    } catch (error) {
      if (db?.inTransaction) db.exec("ROLLBACK");
      if (error instanceof Database.SqliteError) return { kind: "error", message: `${error.message} (${error.code}) in ${path.path}` };
      if (error instanceof TypeError || error instanceof RangeError) return { kind: "error", message: `${error.message}: ${path.path}` };
      throw error;
    } finally {
      db?.close();
    }
  }

  #resolvePath(url: string): { kind: "path"; path: string } | { kind: "error"; message: string } {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
    if (scheme?.toLowerCase() !== "sqlite") {
      const named = scheme === undefined ? "a URL without a scheme" : `the scheme "${scheme}:"`;
      return { kind: "error", message: `cannot run SQL on ${named} (${redact(url)}); this runner supports sqlite: URLs only` };
    }
    const rest = url.slice("sqlite:".length);
    // sqlite:///abs/path has an empty host; keep the path's leading slash.
    const path = rest.startsWith("//") ? rest.slice(2) : rest;
    if (path === "") return { kind: "error", message: `the URL ${url} names no database file` };
    return { kind: "path", path: resolve(this.#baseDir, path) };
  }
}

// An unsupported URL may be a PostgreSQL one with a password in it.
function redact(url: string): string {
  return url.replace(/\/\/([^/@:]*):[^/@]*@/, "//$1:***@");
}
