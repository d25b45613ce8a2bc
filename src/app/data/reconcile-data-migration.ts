import { ReconcileError } from "../../data/reconcile/reconcile-error.js";
import { reconcileTables, type ReconcileResult } from "../../data/reconcile/reconcile-tables.js";
import { SqliteTableSource } from "../../data/reconcile/sqlite-table-source.js";
import { parseAcceptanceThreshold } from "../../plan/values/percentage.js";
import { DataMigrationError } from "./data-migration-error.js";
import { readSqliteTableShape } from "./read-sqlite-table-shape.js";
import type { ResolvedDataMigration } from "./resolve-data-migration.js";

/** The lowest match ratio that passes: `validation.reconciliation.acceptance_threshold`, else 100%. */
export function readAcceptanceRatio(migration: ResolvedDataMigration): number {
  const written = migration.entry.validation?.reconciliation?.acceptance_threshold ?? undefined;
  if (written === undefined) return 1;
  const parsed = parseAcceptanceThreshold(written);
  if (parsed.kind === "invalid") {
    throw new DataMigrationError(`data migration ${migration.migrationId}: validation.reconciliation.acceptance_threshold ${JSON.stringify(written)}: ${parsed.reason}`);
  }
  return parsed.value.ratio;
}

/** The target's key: `x-key_columns` when written, else its primary key, which must name the source's key columns. */
function resolveTargetKey(migration: ResolvedDataMigration): readonly string[] {
  const { target } = migration;
  const shape = readSqliteTableShape(target.path, target.table, target.systemName);
  if (migration.explicitKey) return migration.keyColumns;
  const same =
    shape.primaryKey.length === migration.keyColumns.length &&
    shape.primaryKey.every((column, i) => column.toLowerCase() === migration.keyColumns[i]!.toLowerCase());
  if (!same) {
    const describe = (columns: readonly string[]) => (columns.length === 0 ? "no primary key" : `(${columns.join(", ")})`);
    throw new DataMigrationError(
      `data migration ${migration.migrationId}: target table ${JSON.stringify(target.table)} is keyed by ${describe(shape.primaryKey)}, source ${JSON.stringify(migration.source.table)} by ${describe(migration.keyColumns)}; the keys must have the same column names (or name them with x-key_columns)`,
    );
  }
  return shape.primaryKey;
}

/**
 * Compares the migration's source and target tables by key (counts, checksums per key
 * range, then the exact differing keys) and judges the match ratio against the acceptance threshold.
 */
export async function reconcileDataMigration(migration: ResolvedDataMigration): Promise<ReconcileResult> {
  const acceptanceRatio = readAcceptanceRatio(migration);
  const targetKey = resolveTargetKey(migration);
  const source = new SqliteTableSource({ database: migration.source.path, table: migration.source.table, keyColumns: migration.keyColumns });
  let target: SqliteTableSource | undefined;
  try {
    target = new SqliteTableSource({ database: migration.target.path, table: migration.target.table, keyColumns: targetKey });
    return await reconcileTables(source, target, { acceptanceRatio });
  } catch (error) {
    if (error instanceof ReconcileError) throw new DataMigrationError(`data migration ${migration.migrationId}: ${error.message}`, { cause: error });
    throw error;
  } finally {
    source.close();
    target?.close();
  }
}
