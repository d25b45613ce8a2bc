import pg from "pg";
import { BackfillBatchError } from "./backfill-request.js";
import type { CommittedBatch } from "./backfill-tally.js";
import { bindBatch, describeKey } from "./plan-batches.js";
import { checkpointValues, INSERT_CHECKPOINT_SQL } from "./postgres-checkpoints.js";
import type { PositionalSql } from "./postgres-parameters.js";

/** The connections that run batches, each one batch at a time. */
export interface PostgresWorkers {
  readonly clients: readonly pg.Client[];
  /**
   * True when the connections reach one backend (an embedded server serving every connection
   * in one session): then only one batch runs, and nothing else queries while it is open.
   */
  readonly sharedBackend: boolean;
  close(): Promise<void>;
}

export async function connectPostgres(connectionString: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString, application_name: applicationName.slice(0, 63) });
  await client.connect();
  return client;
}

async function backendPid(client: pg.ClientBase): Promise<number> {
  const result = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  return result.rows[0]?.pid ?? -1;
}

/**
 * Opens `wanted` worker connections. If they share a backend with each other or with the
 * coordinator, two open transactions would be one, so a single worker is kept.
 */
export async function openPostgresWorkers(connectionString: string, wanted: number, coordinator: pg.ClientBase, applicationName: string): Promise<PostgresWorkers> {
  const opened = await Promise.allSettled(Array.from({ length: wanted }, () => connectPostgres(connectionString, applicationName)));
  const clients = opened.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const refused = opened.find((result): result is PromiseRejectedResult => result.status === "rejected");
  const close = async (list: readonly pg.Client[]): Promise<void> => {
    await Promise.allSettled(list.map((client) => client.end()));
  };
  if (refused !== undefined) {
    await close(clients);
    throw refused.reason;
  }
  const pids = await Promise.all([coordinator, ...clients].map(backendPid));
  const sharedBackend = new Set(pids).size < pids.length;
  const kept = sharedBackend ? clients.slice(0, 1) : clients;
  if (sharedBackend) await close(clients.slice(1));
  return { clients: kept, sharedBackend, close: () => close(kept) };
}

/** What every batch runs: the rewritten transformation and where its checkpoint goes. */
export interface BatchStatements {
  /** Starts the names of this run's prepared statements (see `runPostgresBackfill`). */
  readonly namePrefix: string;
  readonly migrationId: string;
  readonly keyColumns: readonly string[];
  readonly transform: PositionalSql;
  /** "after-data-unsafe" exists only to prove the crash test can fail (see the SQLite engine). */
  readonly placement: "with-data" | "after-data-unsafe";
}

/**
 * Runs one batch on `client`: BEGIN, the transformation with the batch's bounds, the checkpoint
 * insert, COMMIT; anything failing rolls the whole back. Returns the rows the transformation wrote.
 */
export async function commitPostgresBatch(client: pg.ClientBase, statements: BatchStatements, batch: CommittedBatch): Promise<number> {
  const named = bindBatch(statements.keyColumns, batch);
  const values = statements.transform.names.map((name) => String(named[name]));
  const checkpoint = { name: `${statements.namePrefix}_checkpoint`, text: INSERT_CHECKPOINT_SQL, values: checkpointValues(statements.migrationId, batch) };
  const unsafe = statements.placement === "after-data-unsafe";
  let written: number;
  try {
    await client.query("BEGIN");
    const result = await client.query({ name: `${statements.namePrefix}_batch`, text: statements.transform.text, values });
    written = result.rowCount ?? 0;
    if (!unsafe) await client.query(checkpoint);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw new BackfillBatchError(`the batch from ${describeKey(batch.start)} to ${describeKey(batch.end)} failed and was rolled back: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (unsafe) await client.query(checkpoint);
  return written;
}
