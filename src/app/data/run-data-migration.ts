import { readFileSync, realpathSync } from "node:fs";
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
  | { readonly kind: "failed"; readonly migrationId: string; readonly message: string };

export interface RunDataMigrationOptions {
  readonly planDir: string;
  readonly migration: ResolvedDataMigration;
  readonly onProgress?: (progress: BackfillProgress) => void;
  readonly signal?: AbortSignal;
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
  const full = resolve(planDir, file);
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    throw new DataMigrationError(`${where}: the transformation ${JSON.stringify(file)} does not exist beside the plan (${full})`);
  }
  // Through the real paths, so a symlink cannot lead out of the plan's folder either.
  const inside = relative(realpathSync(planDir), real);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) {
    throw new DataMigrationError(`${where}: the transformation ${JSON.stringify(file)} is outside the plan's folder; keep it beside the plan`);
  }
  return readFileSync(real, "utf8");
}

/**
 * Runs (or resumes) the migration's backfill. With source and target in different files the
 * source is attached as `source`, so the SQL reads `source.<table>`; in one file it reads `<table>`.
 * A SQL error in a batch is a `failed` result; a misconfigured migration throws `DataMigrationError`.
 */
export async function runDataMigration(options: RunDataMigrationOptions): Promise<DataRunResult> {
  const { migration } = options;
  const settings = readBackfillSettings(migration.entry, options.planDir);
  const sameFile = resolve(migration.source.path) === resolve(migration.target.path);
  try {
    const outcome = await runSqliteBackfill({
      migrationId: migration.migrationId,
      targetPath: migration.target.path,
      sourcePath: migration.source.path,
      sourceTable: sameFile ? migration.source.table : `${SOURCE_SCHEMA}.${migration.source.table}`,
      keyColumns: migration.keyColumns,
      sql: settings.sql,
      batchSize: settings.batchSize,
      ...(settings.workers === undefined ? {} : { workers: settings.workers }),
      ...(settings.rateLimit === undefined ? {} : { rateLimit: settings.rateLimit }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return { ...outcome, migrationId: migration.migrationId };
  } catch (error) {
    if (error instanceof BackfillConfigError) throw new DataMigrationError(`data migration ${migration.migrationId}: ${error.message}`, { cause: error });
    return { kind: "failed", migrationId: migration.migrationId, message: (error as Error).message };
  }
}
