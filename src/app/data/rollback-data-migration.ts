import Database from "better-sqlite3";
import { readFileSync } from "node:fs";
import pg from "pg";
import { clearSqliteCheckpoints } from "../../data/backfill/sqlite-checkpoints.js";
import type { CommandRunner } from "../../ports/command-runner.js";
import { DataMigrationError } from "./data-migration-error.js";
import { describePostgresUrl } from "./read-postgres-table-shape.js";
import type { ResolvedDataMigration } from "./resolve-data-migration.js";
import { resolveInside, runMigrationCommand } from "./run-data-migration.js";

export interface RollbackDataMigrationOptions {
  readonly planDir: string;
  readonly migration: ResolvedDataMigration;
  readonly scripts: { readonly runner: CommandRunner; readonly env: Readonly<Record<string, string>>; readonly onOutput?: (stream: "stdout" | "stderr", text: string) => void };
}

export type DataRollbackResult =
  | { readonly kind: "rolled-back"; readonly method: string; readonly script: string; readonly checkpointsCleared: number }
  | { readonly kind: "failed"; readonly method: string; readonly script: string; readonly message: string };

/**
 * Undoes a migration with its `rollback.rollback_script`: a `.sql` file runs on the target
 * system in one transaction, anything else runs as a command with the connections in its
 * environment. Then its checkpoints are cleared, so running the migration again starts over.
 */
export async function rollbackDataMigration(options: RollbackDataMigrationOptions): Promise<DataRollbackResult> {
  const { migration } = options;
  const where = `data migration ${migration.migrationId}`;
  const rollback = migration.entry.rollback ?? undefined;
  if (rollback === undefined) throw new DataMigrationError(`${where} has no rollback section; add rollback.rollback_script to say how its data is put back`);
  if (rollback.can_rollback === false) throw new DataMigrationError(`${where} cannot be rolled back (rollback.can_rollback: false)`);
  const script = rollback.rollback_script?.trim();
  const method = rollback.rollback_method ?? "reverse_migration";
  if (!script) throw new DataMigrationError(`${where} has no rollback.rollback_script (rollback_method ${method}); name the script or .sql file that puts the data back`);
  const path = resolveInside(options.planDir, script, where, "rollback_script");
  if (path.toLowerCase().endsWith(".sql")) {
    const problem = await runSqlOnTarget(migration, readFileSync(path, "utf8"));
    if (problem !== undefined) return { kind: "failed", method, script, message: problem };
  } else {
    const result = await runMigrationCommand(options.scripts, migration, path, options.planDir);
    if (result.kind !== "exited" || result.exitCode !== 0) {
      return { kind: "failed", method, script, message: result.kind === "exited" ? `exited ${result.exitCode}` : result.message };
    }
  }
  const { target } = migration;
  const checkpointsCleared =
    target.kind === "sqlite"
      ? clearSqliteCheckpoints(target.path, migration.migrationId)
      : await (await import("../../data/backfill/postgres-checkpoints.js")).clearPostgresCheckpoints(target.url, migration.migrationId);
  return { kind: "rolled-back", method, script, checkpointsCleared };
}

/** Returns the database's message when the script fails; nothing of it stays then. */
async function runSqlOnTarget(migration: ResolvedDataMigration, sql: string): Promise<string | undefined> {
  const { target } = migration;
  if (target.kind === "sqlite") {
    const db = new Database(target.path, { fileMustExist: true });
    try {
      db.pragma("busy_timeout = 10000");
      db.transaction(() => db.exec(sql)).immediate();
      return undefined;
    } catch (error) {
      return (error as Error).message;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: target.url });
  try {
    await client.connect();
  } catch (error) {
    return `cannot connect to ${describePostgresUrl(target.url)}: ${(error as Error).message}`;
  }
  try {
    await client.query("BEGIN");
    await client.query(sql);
    await client.query("COMMIT");
    return undefined;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}
