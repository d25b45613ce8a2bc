import pg from "pg";
import { performance } from "node:perf_hooks";
import { describeConnectionFailure } from "./describe-postgres-error.js";
import { isPostgresUrl, maskPasswordIn, maskPostgresUrl } from "./postgres-url.js";

export type PostgresConnectResult =
  | { readonly kind: "connected"; readonly client: pg.Client }
  | { readonly kind: "failed"; readonly message: string }
  | { readonly kind: "timed-out" };

/**
 * Opens one connection to `url` (`postgres://` or `postgresql://`). Never throws: an
 * unreadable URL, a refused connection, a bad password or an unknown database is `failed`
 * with a message that shows the URL without its password.
 */
export async function connectPostgres(url: string, options: { readonly connectTimeoutMs: number }): Promise<PostgresConnectResult> {
  const masked = maskPostgresUrl(url);
  if (!isPostgresUrl(url)) return { kind: "failed", message: `${masked} is not a PostgreSQL URL; write postgres://user:password@host:port/database` };
  let client: pg.Client;
  try {
    client = new pg.Client({ connectionString: url, connectionTimeoutMillis: options.connectTimeoutMs, application_name: "bascule" });
  } catch (error) {
    return { kind: "failed", message: maskPasswordIn(`cannot read the PostgreSQL URL ${masked}: ${(error as Error).message}`, url) };
  }
  // A connection the server drops while idle is reported as an 'error' event; unheard, it would end the process.
  client.on("error", () => undefined);
  const started = performance.now();
  try {
    await client.connect();
    return { kind: "connected", client };
  } catch (error) {
    await closePostgres(client);
    // The timer may fire up to a millisecond early as performance.now() counts.
    if (performance.now() - started >= options.connectTimeoutMs - 1) return { kind: "timed-out" };
    return { kind: "failed", message: maskPasswordIn(`cannot connect to ${masked}: ${describeConnectionFailure(error)}`, url) };
  }
}

/** Closes the connection, dropping it at once if a query is still running on it. */
export async function closePostgres(client: pg.Client): Promise<void> {
  await client.end().catch(() => undefined);
}

/** The server's transaction state after the last query: `I` idle, `T` in a transaction, `E` in a failed one. */
export function transactionStatus(client: pg.Client): string | undefined {
  // pg keeps it from ReadyForQuery since 8.x; its type declarations do not list it yet.
  return (client as pg.Client & { getTransactionStatus?: () => string | null }).getTransactionStatus?.() ?? undefined;
}
