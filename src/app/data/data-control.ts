import Database from "better-sqlite3";
import pg from "pg";
import { DataMigrationError } from "./data-migration-error.js";
import { describePostgresUrl } from "./read-postgres-table-shape.js";
import type { DataEndpoint } from "./resolve-data-migration.js";

/** What an operator asked of a running backfill: go on, hold before the next batch, or stop. */
export type ControlRequest = "run" | "pause" | "cancel";

export interface ControlState {
  readonly request: ControlRequest;
  readonly by?: string;
  readonly at?: string;
}

/**
 * The operator's switch for one migration, kept in the TARGET database beside the checkpoints,
 * so `bascule data pause|resume|cancel` reaches a backfill from any shell that can reach the data.
 */
export interface DataControl {
  read(): Promise<ControlState>;
  write(request: ControlRequest, by: string, at: string): Promise<void>;
  close(): Promise<void>;
}

export const CONTROL_TABLE = "bascule_data_control";
const createTable = `CREATE TABLE IF NOT EXISTS ${CONTROL_TABLE} (
  migration_id TEXT PRIMARY KEY,
  request TEXT NOT NULL,
  requested_by TEXT,
  requested_at TEXT
)`;
const upsert = `INSERT INTO ${CONTROL_TABLE} (migration_id, request, requested_by, requested_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (migration_id) DO UPDATE SET request = excluded.request, requested_by = excluded.requested_by, requested_at = excluded.requested_at`;
const select = `SELECT request, requested_by, requested_at FROM ${CONTROL_TABLE} WHERE migration_id = $1`;

interface ControlRow {
  readonly request: string;
  readonly requested_by: string | null;
  readonly requested_at: string | null;
}

function toState(row: ControlRow | undefined): ControlState {
  if (row === undefined) return { request: "run" };
  const request: ControlRequest = row.request === "pause" || row.request === "cancel" ? row.request : "run";
  return { request, ...(row.requested_by ? { by: row.requested_by } : {}), ...(row.requested_at ? { at: row.requested_at } : {}) };
}

export async function openDataControl(target: DataEndpoint, migrationId: string): Promise<DataControl> {
  return target.kind === "sqlite" ? openSqliteControl(target.path, migrationId) : openPostgresControl(target.url, target.systemName, migrationId);
}

function openSqliteControl(path: string, migrationId: string): DataControl {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true });
    db.pragma("busy_timeout = 10000");
    db.exec(createTable);
  } catch (error) {
    throw new DataMigrationError(`cannot open the target database ${path}: ${(error as Error).message}`, { cause: error });
  }
  // SQLite names parameters ?NNN as well as $name; positional $1.. are not among them.
  const read = db.prepare(select.replace("$1", "?"));
  const write = db.prepare(upsert.replace("$1, $2, $3, $4", "?, ?, ?, ?"));
  return {
    read: async () => toState(read.get(migrationId) as ControlRow | undefined),
    write: async (request, by, at) => {
      write.run(migrationId, request, by, at);
    },
    close: async () => {
      db.close();
    },
  };
}

async function openPostgresControl(url: string, systemName: string, migrationId: string): Promise<DataControl> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query(createTable);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new DataMigrationError(`cannot reach the target system ${JSON.stringify(systemName)} (${describePostgresUrl(url)}): ${(error as Error).message}`, { cause: error });
  }
  return {
    read: async () => toState((await client.query<ControlRow>(select, [migrationId])).rows[0]),
    write: async (request, by, at) => {
      await client.query(upsert, [migrationId, request, by, at]);
    },
    close: () => client.end(),
  };
}
