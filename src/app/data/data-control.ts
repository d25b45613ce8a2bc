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
  /**
   * Takes the migration's one running slot for `holder` (host:pid), unless another holder
   * heartbeat within `leaseMs`: two walkers of one migration would race for the same batches.
   */
  claim(holder: string, nowMs: number, leaseMs: number): Promise<{ readonly kind: "claimed" } | { readonly kind: "held"; readonly holder: string; readonly heartbeat: string }>;
  heartbeat(holder: string, nowMs: number): Promise<void>;
  release(holder: string): Promise<void>;
  close(): Promise<void>;
}

export const CONTROL_TABLE = "bascule_data_control";
const createTable = `CREATE TABLE IF NOT EXISTS ${CONTROL_TABLE} (
  migration_id TEXT PRIMARY KEY,
  request TEXT NOT NULL,
  requested_by TEXT,
  requested_at TEXT,
  holder TEXT,
  heartbeat TEXT
)`;
const upsert = `INSERT INTO ${CONTROL_TABLE} (migration_id, request, requested_by, requested_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (migration_id) DO UPDATE SET request = excluded.request, requested_by = excluded.requested_by, requested_at = excluded.requested_at`;
const select = `SELECT request, requested_by, requested_at FROM ${CONTROL_TABLE} WHERE migration_id = $1`;
const ensureRow = `INSERT INTO ${CONTROL_TABLE} (migration_id, request) VALUES ($1, 'run') ON CONFLICT (migration_id) DO NOTHING`;
const selectHolder = `SELECT holder, heartbeat FROM ${CONTROL_TABLE} WHERE migration_id = $1`;
const setHolder = `UPDATE ${CONTROL_TABLE} SET holder = $2, heartbeat = $3 WHERE migration_id = $1`;
const beat = `UPDATE ${CONTROL_TABLE} SET heartbeat = $3 WHERE migration_id = $1 AND holder = $2`;
const releaseHolder = `UPDATE ${CONTROL_TABLE} SET holder = NULL, heartbeat = NULL WHERE migration_id = $1 AND holder = $2`;

interface HolderRow {
  readonly holder: string | null;
  readonly heartbeat: string | null;
}

function decideClaim(row: HolderRow | undefined, holder: string, nowMs: number, leaseMs: number): { kind: "claimed" } | { kind: "held"; holder: string; heartbeat: string } {
  if (row?.holder && row.holder !== holder && row.heartbeat && nowMs - Date.parse(row.heartbeat) < leaseMs) return { kind: "held", holder: row.holder, heartbeat: row.heartbeat };
  return { kind: "claimed" };
}

/** The statements are written for PostgreSQL; SQLite numbers its parameters `?1`, bound by an object. */
function forSqlite(sql: string): string {
  return sql.replace(/\$(\d)/g, "?$1");
}

function numbered(...values: unknown[]): Record<number, unknown> {
  return Object.fromEntries(values.map((value, i) => [i + 1, value]));
}

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
  const read = db.prepare(forSqlite(select));
  const write = db.prepare(forSqlite(upsert));
  const [ensure, holderOf, assign, beatStatement, releaseStatement] = [ensureRow, selectHolder, setHolder, beat, releaseHolder].map((sql) => db.prepare(forSqlite(sql)));
  const claim = db.transaction((holder: string, nowMs: number, leaseMs: number) => {
    ensure!.run(numbered(migrationId));
    const decision = decideClaim(holderOf!.get(numbered(migrationId)) as HolderRow | undefined, holder, nowMs, leaseMs);
    if (decision.kind === "claimed") assign!.run(numbered(migrationId, holder, new Date(nowMs).toISOString()));
    return decision;
  });
  return {
    read: async () => toState(read.get(numbered(migrationId)) as ControlRow | undefined),
    write: async (request, by, at) => {
      write.run(numbered(migrationId, request, by, at));
    },
    claim: async (holder, nowMs, leaseMs) => claim.immediate(holder, nowMs, leaseMs),
    heartbeat: async (holder, nowMs) => {
      beatStatement!.run(numbered(migrationId, holder, new Date(nowMs).toISOString()));
    },
    release: async (holder) => {
      releaseStatement!.run(numbered(migrationId, holder));
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
    claim: async (holder, nowMs, leaseMs) => {
      await client.query("BEGIN");
      try {
        await client.query(ensureRow, [migrationId]);
        const row = (await client.query<HolderRow>(`${selectHolder} FOR UPDATE`, [migrationId])).rows[0];
        const decision = decideClaim(row, holder, nowMs, leaseMs);
        if (decision.kind === "claimed") await client.query(setHolder, [migrationId, holder, new Date(nowMs).toISOString()]);
        await client.query("COMMIT");
        return decision;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
    },
    heartbeat: async (holder, nowMs) => {
      await client.query(beat, [migrationId, holder, new Date(nowMs).toISOString()]);
    },
    release: async (holder) => {
      await client.query(releaseHolder, [migrationId, holder]);
    },
    close: () => client.end(),
  };
}
