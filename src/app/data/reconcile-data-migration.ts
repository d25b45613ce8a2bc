import { ReconcileError } from "../../data/reconcile/reconcile-error.js";
import { reconcileTables, type ReconcileResult } from "../../data/reconcile/reconcile-tables.js";
import { parseAcceptanceThreshold } from "../../plan/values/percentage.js";
import { DataMigrationError } from "./data-migration-error.js";
import { openTableSource, type OpenedTableSource } from "./open-table-source.js";
import { readTableShape, type ResolvedDataMigration } from "./resolve-data-migration.js";

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

/**
 * The target's key: the named key (bindings, `x-key_columns`) or, with a target projection, the
 * source's key names; else the target's columns of the source key's names, whether or not a
 * primary key holds them (a key duplicated there is reported, not trusted away).
 */
async function resolveTargetKey(migration: ResolvedDataMigration): Promise<readonly string[]> {
  if (migration.explicitKey || migration.binding?.targetQuery !== undefined) return migration.keyColumns;
  const { target } = migration;
  const shape = await readTableShape(target);
  const byName = new Map(shape.columns.map((column) => [column.toLowerCase(), column]));
  const key = migration.keyColumns.map((column) => byName.get(column.toLowerCase()));
  const lacking = migration.keyColumns.filter((_, index) => key[index] === undefined);
  if (lacking.length > 0) {
    const describe = (columns: readonly string[]) => (columns.length === 0 ? "no primary key" : `primary key (${columns.join(", ")})`);
    throw new DataMigrationError(
      `data migration ${migration.migrationId}: target table ${JSON.stringify(target.table)} has no column${lacking.length > 1 ? "s" : ""} ${lacking.map((column) => JSON.stringify(column)).join(", ")} of the source key (${migration.keyColumns.join(", ")}); it has ${describe(shape.primaryKey)}. Name the key both sides share with key_columns under data_migrations.${migration.migrationId} in the bindings, or project the target with target_query`,
    );
  }
  return key as string[];
}

/**
 * Compares the migration's source and target (tables, or the bindings' projection queries) by
 * key: counts, checksums per key range, then the exact differing keys; judged against the
 * acceptance threshold.
 */
export async function reconcileDataMigration(migration: ResolvedDataMigration, options: { maxDifferences?: number } = {}): Promise<ReconcileResult> {
  const acceptanceRatio = readAcceptanceRatio(migration);
  const targetKey = await resolveTargetKey(migration);
  let source: OpenedTableSource | undefined;
  let target: OpenedTableSource | undefined;
  try {
    source = await openTableSource(migration.source, migration.binding?.sourceQuery, migration.keyColumns);
    target = await openTableSource(migration.target, migration.binding?.targetQuery, targetKey);
    return await reconcileTables(source.source, target.source, { acceptanceRatio, ...(options.maxDifferences === undefined ? {} : { maxDifferences: options.maxDifferences }) });
  } catch (error) {
    if (error instanceof ReconcileError) throw new DataMigrationError(`data migration ${migration.migrationId}: ${error.message}`, { cause: error });
    throw error;
  } finally {
    await source?.close();
    await target?.close();
  }
}
