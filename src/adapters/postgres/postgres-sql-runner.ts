import pg from "pg";
import { performance } from "node:perf_hooks";
import type { SqlResult, SqlRunner } from "../../ports/sql-runner.js";
import { describeServerError } from "./describe-postgres-error.js";
import { findTransactionControl } from "./find-transaction-control.js";
import { closePostgres, connectPostgres, transactionStatus } from "./postgres-connection.js";
import { isPostgresUrl, maskPasswordIn, maskPostgresUrl } from "./postgres-url.js";

export interface PostgresSqlRunnerOptions {
  /**
   * How long to wait for the server to accept a connection.
   * @default 10000
   */
  readonly connectTimeoutMs?: number;
}

/** The commands whose row counts are rows changed; a SELECT's count is rows read. */
const changingCommands = new Set(["INSERT", "UPDATE", "DELETE", "MERGE", "COPY"]);

/**
 * Runs SQL text on a PostgreSQL database named by a `postgres://` or `postgresql://` URL, in
 * one transaction: BEGIN, the whole text in one simple-protocol query (so it may hold several
 * statements), COMMIT; any failure rolls it all back. Each call opens and closes its own
 * connection, so nothing is left open when a run ends. Like the SQLite runner, it refuses a
 * text with its own BEGIN, COMMIT or ROLLBACK: one of those would split the text's transaction.
 */
export class PostgresSqlRunner implements SqlRunner {
  readonly #connectTimeoutMs: number;

  constructor(options: PostgresSqlRunnerOptions = {}) {
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  }

  async execute(url: string, sql: string): Promise<SqlResult> {
    const masked = maskPostgresUrl(url);
    if (!isPostgresUrl(url)) return { kind: "error", message: `cannot run SQL on ${masked}; this runner supports postgres:// and postgresql:// URLs only` };
    const control = findTransactionControl(sql);
    if (control !== undefined) {
      return {
        kind: "error",
        message: `the SQL text manages its own transaction (${control.statement} at line ${control.line}); remove its BEGIN/COMMIT/ROLLBACK: the whole text already runs in one transaction`,
      };
    }
    const started = performance.now();
    const connection = await connectPostgres(url, { connectTimeoutMs: this.#connectTimeoutMs });
    if (connection.kind === "timed-out") {
      return { kind: "error", message: `cannot connect to ${masked}: no answer within ${this.#connectTimeoutMs} ms; check the host, the port and any firewall in between` };
    }
    if (connection.kind === "failed") return { kind: "error", message: connection.message };
    const client = connection.client;
    let committing = false;
    try {
      await client.query("BEGIN");
      // No parameters: pg sends the text as one simple query, which may hold several statements.
      const results: pg.QueryResult | pg.QueryResult[] = await client.query(sql);
      if (transactionStatus(client) === "I") {
        return {
          kind: "error",
          message: `the SQL text ended the transaction itself, so the statements before that point are committed and the rest ran outside it; remove its transaction control and check ${masked}`,
        };
      }
      committing = true;
      await client.query("COMMIT");
      return { kind: "ok", rowsChanged: countRowsChanged(results), durationMs: performance.now() - started };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      return { kind: "error", message: maskPasswordIn(describeFailure(error, sql, masked, committing), url) };
    } finally {
      await closePostgres(client);
    }
  }
}

function countRowsChanged(results: pg.QueryResult | pg.QueryResult[]): number {
  const list = Array.isArray(results) ? results : [results];
  return list.reduce((sum, result) => sum + (changingCommands.has(result.command) ? (result.rowCount ?? 0) : 0), 0);
}

function describeFailure(error: unknown, sql: string, masked: string, committing: boolean): string {
  if (error instanceof pg.DatabaseError) return `${describeServerError(error, committing ? undefined : sql)} in ${masked}`;
  const reason = error instanceof Error ? error.message : String(error);
  // Lost while the server may already have committed: only the database can tell.
  if (committing) return `the connection to ${masked} was lost while committing (${reason}); the text may or may not be committed: check the database`;
  return `the connection to ${masked} was lost (${reason}); the transaction was not committed`;
}
