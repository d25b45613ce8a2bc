import { readFileSync, realpathSync } from "node:fs";
import { scriptCommand } from "../script-command.js";
import type { CommandRunner } from "../../ports/command-runner.js";
import { isAbsolute, relative, resolve } from "node:path";
import type { BackfillOutcome, BackfillProgress } from "../../data/backfill/backfill-request.js";
import { BackfillConfigError } from "../../data/backfill/backfill-request.js";
import { runSqliteBackfill, SOURCE_SCHEMA } from "../../data/backfill/sqlite-backfill.js";
import type { DataMigration } from "../../plan/schema/plan-schema.js";
import { parseRateLimit } from "../../plan/values/rate-limit.js";
import { DataMigrationError } from "./data-migration-error.js";
import type { ResolvedDataMigration } from "./resolve-data-migration.js";

/** How one migration's backfill runs, read from its `execution_plan` and `transformation_logic`. */
export interface BackfillSettings {
  /** The `.sql` file, relative to the plan's folder as written. */
  readonly sqlFile: string;
  readonly sql: string;
  readonly batchSize: number;
  readonly workers?: number;
  readonly rateLimit?: string;
}

export type DataRunResult =
  | (BackfillOutcome & { readonly migrationId: string })
  | { readonly kind: "failed"; readonly migrationId: string; readonly message: string }
  | { readonly kind: "script"; readonly migrationId: string; readonly script: string; readonly exitCode: number };

export interface RunDataMigrationOptions {
  readonly planDir: string;
  readonly migration: ResolvedDataMigration;
  readonly onProgress?: (progress: BackfillProgress) => void;
  readonly signal?: AbortSignal;
  /** Awaited before each batch starts: operator pauses, health pauses, cancellation. */
  readonly beforeBatch?: (signal?: AbortSignal) => Promise<"continue" | "stop">;
  /** Runs a non-SQL `execution_script`, once, with the connections in its environment. */
  readonly scripts?: { readonly runner: CommandRunner; readonly env: Readonly<Record<string, string>>; readonly onOutput?: (stream: "stdout" | "stderr", text: string) => void };
}

/** The `execution_script` that is not SQL: it runs once as a command instead of a batched backfill. */
export function findScriptTransformation(entry: DataMigration): string | undefined {
  const script = entry.execution_plan?.execution_script?.trim();
  return script !== undefined && script !== "" && !script.toLowerCase().endsWith(".sql") ? script : undefined;
}

/**
 * Reads the transformation SQL (`execution_plan.execution_script` if it is a `.sql` file, else
 * `transformation_logic.code_location`), which must lie inside the plan's folder, and the batch settings.
 */
export function readBackfillSettings(entry: DataMigration, planDir: string): BackfillSettings {
  const where = `data migration ${entry.migration_id}`;
  const execution = entry.execution_plan ?? undefined;
  const candidates = [execution?.execution_script, entry.transformation_logic?.code_location];
  const sqlFile = candidates.find((file): file is string => typeof file === "string" && file.trim().toLowerCase().endsWith(".sql"))?.trim();
  if (sqlFile === undefined) {
    throw new DataMigrationError(`${where} has no .sql transformation; set execution_plan.execution_script (or transformation_logic.code_location) to a .sql file beside the plan`);
  }
  const batchSize = execution?.batch_size ?? undefined;
  if (batchSize === undefined || batchSize < 1) throw new DataMigrationError(`${where} needs execution_plan.batch_size, a whole number above 0`);
  const workers = execution?.max_parallel_workers ?? undefined;
  if (workers !== undefined && workers < 1) throw new DataMigrationError(`${where}: execution_plan.max_parallel_workers must be 1 or more`);
  const rateLimit = execution?.rate_limit ?? undefined;
  if (rateLimit !== undefined) {
    const parsed = parseRateLimit(rateLimit);
    if (parsed.kind === "invalid") throw new DataMigrationError(`${where}: execution_plan.rate_limit ${JSON.stringify(rateLimit)}: ${parsed.reason}`);
  }
  return {
    sqlFile,
    sql: readSqlInside(planDir, sqlFile, where),
    batchSize,
    ...(workers === undefined ? {} : { workers }),
    ...(rateLimit === undefined ? {} : { rateLimit }),
  };
}

function readSqlInside(planDir: string, file: string, where: string): string {
  return readFileSync(resolveInside(planDir, file, where, "the transformation"), "utf8");
}

/** The real path of `file` under the plan's folder; a symlink cannot lead out of it either. */
export function resolveInside(planDir: string, file: string, where: string, what: string): string {
  const full = resolve(planDir, file);
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    throw new DataMigrationError(`${where}: ${what} ${JSON.stringify(file)} does not exist beside the plan (${full})`);
  }
  // Through the real paths, so a symlink cannot lead out of the plan's folder either.
  const inside = relative(realpathSync(planDir), real);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) {
    throw new DataMigrationError(`${where}: ${what} ${JSON.stringify(file)} is outside the plan's folder; keep it beside the plan`);
  }
  return real;
}

/**
 * Runs (or resumes) the migration's backfill: on SQLite (with source and target in different
 * files the source is attached as `source`, so the SQL reads `source.<table>`) or on PostgreSQL
 * (source and target in one database). A non-SQL `execution_script` runs once as a command.
 * A SQL error in a batch is a `failed` result; a misconfigured migration throws `DataMigrationError`.
 */
export async function runDataMigration(options: RunDataMigrationOptions): Promise<DataRunResult> {
  const { migration } = options;
  const script = findScriptTransformation(migration.entry);
  if (script !== undefined) return runScriptTransformation(options, script);
  const settings = readBackfillSettings(migration.entry, options.planDir);
  const { source, target } = migration;
  const targetBatchMs = migration.binding?.targetBatchMs;
  const request = {
    migrationId: migration.migrationId,
    keyColumns: migration.keyColumns,
    sql: settings.sql,
    batchSize: settings.batchSize,
    ...(settings.workers === undefined ? {} : { workers: settings.workers }),
    ...(settings.rateLimit === undefined ? {} : { rateLimit: settings.rateLimit }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.beforeBatch === undefined ? {} : { beforeBatch: options.beforeBatch }),
    ...(targetBatchMs === undefined ? {} : { tuning: { targetBatchMs } }),
  };
  try {
    if (source.kind === "sqlite" && target.kind === "sqlite") {
      const sameFile = resolve(source.path) === resolve(target.path);
      const outcome = await runSqliteBackfill({
        ...request,
        targetPath: target.path,
        sourcePath: source.path,
        sourceTable: sameFile ? source.table : `${SOURCE_SCHEMA}.${source.table}`,
      });
      return { ...outcome, migrationId: migration.migrationId };
    }
    if (source.kind === "postgres" && target.kind === "postgres") {
      if (!sameDatabase(source.url, target.url)) {
        throw new DataMigrationError(
          `data migration ${migration.migrationId}: source ${JSON.stringify(source.systemName)} and target ${JSON.stringify(target.systemName)} are different PostgreSQL databases; a SQL transformation runs in one database (bind both systems to it, or make execution_script a command that moves the data)`,
        );
      }
      const { runPostgresBackfill } = await import("../../data/backfill/postgres-backfill.js");
      const outcome = await runPostgresBackfill({ ...request, connectionString: target.url, sourceTable: source.table });
      return { ...outcome, migrationId: migration.migrationId };
    }
    throw new DataMigrationError(
      `data migration ${migration.migrationId}: source ${JSON.stringify(source.systemName)} is ${source.kind} and target ${JSON.stringify(target.systemName)} is ${target.kind}; a SQL transformation runs in one database (make execution_script a command that moves the data between them)`,
    );
  } catch (error) {
    if (error instanceof DataMigrationError) throw error;
    if (error instanceof BackfillConfigError) throw new DataMigrationError(`data migration ${migration.migrationId}: ${error.message}`, { cause: error });
    return { kind: "failed", migrationId: migration.migrationId, message: (error as Error).message };
  }
}

/** Same server, port and database: a user or password of its own per system is fine. */
function sameDatabase(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    return x.hostname === y.hostname && (x.port || "5432") === (y.port || "5432") && x.pathname === y.pathname;
  } catch {
    return a === b;
  }
}

async function runScriptTransformation(options: RunDataMigrationOptions, script: string): Promise<DataRunResult> {
  const { migration } = options;
  if (options.scripts === undefined)
    throw new DataMigrationError(`data migration ${migration.migrationId}: execution_script ${JSON.stringify(script)} is a command, and this caller cannot run commands`);
  const path = resolveInside(options.planDir, script, `data migration ${migration.migrationId}`, "execution_script");
  const result = await runMigrationCommand(options.scripts, migration, path, options.planDir, options.signal);
  if (result.kind === "exited") return { kind: "script", migrationId: migration.migrationId, script, exitCode: result.exitCode };
  return { kind: "failed", migrationId: migration.migrationId, message: `execution_script ${script}: ${result.message}` };
}

/** Runs a migration's script once, with both sides' connections in its environment. */
export async function runMigrationCommand(
  scripts: NonNullable<RunDataMigrationOptions["scripts"]>,
  migration: ResolvedDataMigration,
  path: string,
  /** Where it runs: the plan's folder, like a step's commands. */
  cwd: string,
  signal?: AbortSignal,
): Promise<{ kind: "exited"; exitCode: number } | { kind: "failed"; message: string }> {
  const env = {
    ...scripts.env,
    BASCULE_MIGRATION_ID: migration.migrationId,
    BASCULE_SOURCE_URL: migration.source.url,
    BASCULE_SOURCE_TABLE: migration.source.table,
    BASCULE_TARGET_URL: migration.target.url,
    BASCULE_TARGET_TABLE: migration.target.table,
  };
  const result = await scripts.runner.run({
    command: scriptCommand(path),
    cwd,
    env,
    ...(scripts.onOutput ? { onOutput: scripts.onOutput } : {}),
    ...(signal ? { signal } : {}),
  });
  if (result.kind === "exited") return { kind: "exited", exitCode: result.exitCode };
  const how = result.kind === "failed-to-start" ? result.message : result.kind === "timed-out" ? `timed out after ${result.timeoutMs} ms` : `killed by ${result.signal}`;
  return { kind: "failed", message: how };
}
