import type Database from "better-sqlite3";
import { JournalStoreError } from "../../ports/journal-store.js";

/** The state store's tables, and how each older version of them is brought up to date. */
type Migration = (db: Database.Database) => void;

// Index i upgrades a database from user_version i to i + 1. Append; never edit a shipped one.
const migrations: readonly Migration[] = [
  (db) =>
    db.exec(`
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        plan_key TEXT NOT NULL,
        plan_path TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        started_by TEXT NOT NULL
      );
      CREATE INDEX runs_by_plan ON runs (plan_key, started_at);
      CREATE TABLE events (
        run_id TEXT NOT NULL REFERENCES runs (id),
        seq INTEGER NOT NULL CHECK (seq >= 1),
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;
      CREATE TABLE locks (
        plan_key TEXT PRIMARY KEY,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        run_id TEXT NOT NULL,
        since TEXT NOT NULL,
        heartbeat TEXT NOT NULL
      );
      CREATE TABLE logs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL,
        step_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        stream TEXT NOT NULL CHECK (stream IN ('stdout', 'stderr')),
        text TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX logs_by_step ON logs (run_id, step_id, id);
    `),
  // Runs record their environment, '' for none. NULL marks a run kept by schema 1, whose plan
  // key is the plan's file name and whose environment nobody recorded (RunSummary.legacy).
  (db) => db.exec("ALTER TABLE runs ADD COLUMN environment TEXT"),
  (db) => db.exec("ALTER TABLE events ADD COLUMN actor TEXT CHECK (actor IS NULL OR json_valid(actor))"),
];

/** The schema version this code writes, kept in SQLite's `user_version`. */
export const journalSchemaVersion = migrations.length;

/** Brings the database to `journalSchemaVersion`, in one transaction that other openers wait for. */
export function migrateJournalSchema(db: Database.Database): void {
  db.transaction(() => {
    const current = db.pragma("user_version", { simple: true }) as number;
    if (current > migrations.length) {
      throw new JournalStoreError("newer-schema", `the state store ${db.name} has schema version ${current}; this Bascule reads up to ${migrations.length}: upgrade Bascule`);
    }
    for (const migrate of migrations.slice(current)) migrate(db);
    db.pragma(`user_version = ${migrations.length}`);
  }).immediate();
}
