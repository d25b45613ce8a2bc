import type Database from "better-sqlite3";
import { compareKeys, decodeKey, encodeKey, type BatchBounds } from "./plan-batches.js";

/** The checkpoint table, in the TARGET database so a batch and its checkpoint commit together. */
export const CHECKPOINT_TABLE = "bascule_backfill_checkpoints";

export interface CommittedBatch extends BatchBounds {
  /** Source rows the batch covered. */
  readonly rows: number;
}

export function createCheckpointTable(db: Database.Database): void {
  // The primary key makes committing the same batch twice fail, rolling its data back with it.
  db.exec(`CREATE TABLE IF NOT EXISTS ${CHECKPOINT_TABLE} (
    migration_id TEXT NOT NULL,
    batch_start TEXT NOT NULL,
    batch_end TEXT NOT NULL,
    rows INTEGER NOT NULL,
    committed_at TEXT NOT NULL,
    PRIMARY KEY (migration_id, batch_start)
  )`);
}

/** The batches a migration has committed, in key order. */
export function readCommittedBatches(db: Database.Database, migrationId: string): CommittedBatch[] {
  const rows = db
    .prepare(`SELECT batch_start, batch_end, rows FROM ${CHECKPOINT_TABLE} WHERE migration_id = ?`)
    .all(migrationId) as { batch_start: string; batch_end: string; rows: number }[];
  return rows
    .map((row) => ({ start: decodeKey(row.batch_start), end: decodeKey(row.batch_end), rows: row.rows }))
    .sort((a, b) => compareKeys(a.start, b.start));
}

/** Prepares the checkpoint insert; call it inside the batch's transaction. */
export function prepareCheckpointWriter(
  db: Database.Database,
  migrationId: string,
): (batch: CommittedBatch, committedAt: string) => void {
  const insert = db.prepare(
    `INSERT INTO ${CHECKPOINT_TABLE} (migration_id, batch_start, batch_end, rows, committed_at) VALUES (?, ?, ?, ?, ?)`,
  );
  return (batch, committedAt) => {
    insert.run(migrationId, encodeKey(batch.start), encodeKey(batch.end), batch.rows, committedAt);
  };
}
