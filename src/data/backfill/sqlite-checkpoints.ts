import Database from "better-sqlite3";
import { CHECKPOINT_TABLE } from "./backfill-request.js";
import type { CommittedBatch } from "./backfill-tally.js";
import { compareKeys, decodeKey, encodeKey } from "./plan-batches.js";

export { CHECKPOINT_TABLE } from "./backfill-request.js";
export type { CommittedBatch } from "./backfill-tally.js";

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
  const rows = db.prepare(`SELECT batch_start, batch_end, rows FROM ${CHECKPOINT_TABLE} WHERE migration_id = ?`).all(migrationId) as {
    batch_start: string;
    batch_end: string;
    rows: number;
  }[];
  return rows.map((row) => ({ start: decodeKey(row.batch_start), end: decodeKey(row.batch_end), rows: row.rows })).sort((a, b) => compareKeys(a.start, b.start));
}

/** Prepares the checkpoint insert; call it inside the batch's transaction. */
export function prepareCheckpointWriter(db: Database.Database, migrationId: string): (batch: CommittedBatch, committedAt: string) => void {
  const insert = db.prepare(`INSERT INTO ${CHECKPOINT_TABLE} (migration_id, batch_start, batch_end, rows, committed_at) VALUES (?, ?, ?, ?, ?)`);
  return (batch, committedAt) => {
    insert.run(migrationId, encodeKey(batch.start), encodeKey(batch.end), batch.rows, committedAt);
  };
}

/**
 * Forgets a migration's committed batches (after its rollback), so the next run starts over.
 * Takes an open database or a file path; returns how many checkpoints were removed.
 */
export function clearSqliteCheckpoints(target: Database.Database | string, migrationId: string): number {
  const db = typeof target === "string" ? new Database(target) : target;
  try {
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(CHECKPOINT_TABLE);
    if (exists === undefined) return 0;
    return db.prepare(`DELETE FROM ${CHECKPOINT_TABLE} WHERE migration_id = ?`).run(migrationId).changes;
  } finally {
    if (typeof target === "string") db.close();
  }
}
