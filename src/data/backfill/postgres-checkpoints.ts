import pg from "pg";
import { BackfillLockedError, CHECKPOINT_TABLE } from "./backfill-request.js";
import type { CommittedBatch } from "./backfill-tally.js";
import { decodeKey, encodeKey } from "./plan-batches.js";
import type { PostgresKeyColumn } from "./postgres-key-columns.js";

// Unqualified: it lands in, and is read from, the first schema of the role's search_path.
const CREATE_SQL = `CREATE TABLE IF NOT EXISTS ${CHECKPOINT_TABLE} (
  migration_id text NOT NULL,
  batch_start text NOT NULL,
  batch_end text NOT NULL,
  rows integer NOT NULL,
  committed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (migration_id, batch_start)
)`;

/** The checkpoint insert a batch runs inside its own transaction: $1 migration, $2 start, $3 end, $4 rows. */
export const INSERT_CHECKPOINT_SQL = `INSERT INTO ${CHECKPOINT_TABLE} (migration_id, batch_start, batch_end, rows) VALUES ($1, $2, $3, $4)`;

/** The values of `INSERT_CHECKPOINT_SQL` for a batch. */
export function checkpointValues(migrationId: string, batch: CommittedBatch): unknown[] {
  return [migrationId, encodeKey(batch.start), encodeKey(batch.end), batch.rows];
}

/** Creates the checkpoint table in the target database if it is missing. */
export async function createPostgresCheckpointTable(client: pg.ClientBase): Promise<void> {
  try {
    // The primary key makes committing the same batch twice fail, rolling its data back with it.
    await client.query(CREATE_SQL);
  } catch (error) {
    // Two backfills creating it at the same moment: the other one won, and the table is there.
    const code = (error as { code?: string }).code;
    if (code !== "23505" && code !== "42P07") throw error;
  }
}

/**
 * The batches a migration has committed, in key order. Keys are stored as text, so the
 * ordering casts each part back to its column's type and collation, the order the walk uses.
 */
export async function readPostgresCommittedBatches(client: pg.ClientBase, migrationId: string, keyColumns: readonly PostgresKeyColumn[]): Promise<CommittedBatch[]> {
  const order = keyColumns
    .map((column, i) => {
      const cast = `((batch_start::jsonb) ->> ${String(i)})::${column.type}`;
      return column.collation === undefined ? cast : `${cast} COLLATE ${column.collation}`;
    })
    .join(", ");
  const result = await client.query<{ batch_start: string; batch_end: string; rows: number }>(
    `SELECT batch_start, batch_end, rows FROM ${CHECKPOINT_TABLE} WHERE migration_id = $1 ORDER BY ${order}`,
    [migrationId],
  );
  return result.rows.map((row) => ({ start: decodeKey(row.batch_start), end: decodeKey(row.batch_end), rows: row.rows }));
}

/**
 * Takes the migration's session-level advisory lock if no other session holds it. A run holds
 * it throughout: two runs of one backfill would each walk the key and write the same batches
 * twice. A killed run's lock goes with its session.
 */
export async function lockMigration(client: pg.ClientBase, migrationId: string): Promise<boolean> {
  const result = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [`bascule backfill ${migrationId}`]);
  return result.rows[0]?.locked === true;
}

/** Releases the lock explicitly: on an embedded server the session outlives the connection. */
export async function unlockMigration(client: pg.ClientBase, migrationId: string): Promise<void> {
  await client.query("SELECT pg_advisory_unlock(hashtext($1))", [`bascule backfill ${migrationId}`]);
}

export function describeLockHeld(migrationId: string): string {
  return `another run of backfill ${JSON.stringify(migrationId)} is active on this database (see pg_stat_activity, application_name "bascule backfill ${migrationId}"); wait for it to end or stop it, then try again`;
}

/**
 * Forgets a migration's committed batches (after its rollback), so the next run starts over.
 * Returns how many checkpoints were removed; none when the table was never created. Refuses
 * while a run of the migration is active, which would then write its batches again.
 */
export async function clearPostgresCheckpoints(connectionString: string, migrationId: string): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  let locked = false;
  try {
    locked = await lockMigration(client, migrationId);
    if (!locked) throw new BackfillLockedError(describeLockHeld(migrationId));
    const exists = await client.query<{ present: boolean }>("SELECT to_regclass($1) IS NOT NULL AS present", [CHECKPOINT_TABLE]);
    if (exists.rows[0]?.present !== true) return 0;
    const deleted = await client.query(`DELETE FROM ${CHECKPOINT_TABLE} WHERE migration_id = $1`, [migrationId]);
    return deleted.rowCount ?? 0;
  } finally {
    if (locked) await unlockMigration(client, migrationId).catch(() => undefined);
    await client.end();
  }
}
