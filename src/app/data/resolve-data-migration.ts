import { didYouMean } from "../../lint/closest-match.js";
import type { DataMigration, Plan } from "../../plan/schema/plan-schema.js";
import { type Bindings, bindingsFileName } from "../bindings/bindings.js";
import { DataMigrationError } from "./data-migration-error.js";
import { readSqliteTableShape } from "./read-sqlite-table-shape.js";

/** One side of a data migration: a bound SQLite file and the table read or written there. */
export interface DataEndpoint {
  readonly systemName: string;
  /** Absolute path of the SQLite file. */
  readonly path: string;
  readonly table: string;
}

/** A `data_migration.migrations[]` entry with its systems bound and its key known. */
export interface ResolvedDataMigration {
  readonly entry: DataMigration;
  readonly migrationId: string;
  readonly source: DataEndpoint;
  readonly target: DataEndpoint;
  /** `x-key_columns` when written, else the source table's primary key, in key order. */
  readonly keyColumns: readonly string[];
  /** True when the key came from `x-key_columns`. */
  readonly explicitKey: boolean;
}

/** The entry whose `migration_id` is `migrationId`, or an error naming the nearest id. */
export function findDataMigration(plan: Plan, migrationId: string): DataMigration {
  const migrations = plan.data_migration?.migrations ?? [];
  const found = migrations.find((entry) => entry.migration_id === migrationId);
  if (found !== undefined) return found;
  if (migrations.length === 0) throw new DataMigrationError(`the plan has no data_migration.migrations, so no migration ${JSON.stringify(migrationId)}`);
  const ids = migrations.map((entry) => entry.migration_id);
  const hint = didYouMean(migrationId, ids);
  const known = hint === "" ? `; the plan has ${ids.map((id) => JSON.stringify(id)).join(", ")}` : hint;
  throw new DataMigrationError(`no data migration ${JSON.stringify(migrationId)} in data_migration.migrations${known}`);
}

/**
 * Finds the migration, binds `source.system` and `target.system` to SQLite files, takes each
 * side's first table and works out the key. PostgreSQL systems are refused for now.
 */
export function resolveDataMigration(plan: Plan, bindings: Pick<Bindings, "systems">, migrationId: string): ResolvedDataMigration {
  const entry = findDataMigration(plan, migrationId);
  const source = resolveEndpoint(entry, "source", bindings);
  const target = resolveEndpoint(entry, "target", bindings);
  const explicit = readExplicitKey(entry);
  const keyColumns = explicit ?? readSourcePrimaryKey(entry, source);
  return { entry, migrationId, source, target, keyColumns, explicitKey: explicit !== undefined };
}

function resolveEndpoint(entry: DataMigration, side: "source" | "target", bindings: Pick<Bindings, "systems">): DataEndpoint {
  const where = `data migration ${entry.migration_id}`;
  const endpoint = entry[side];
  const systemName = endpoint?.system ?? undefined;
  if (systemName === undefined || systemName.trim() === "") throw new DataMigrationError(`${where} has no ${side}.system; name the system that holds its ${side} table`);
  const table = endpoint?.tables?.[0] ?? undefined;
  if (table === undefined || table.trim() === "") throw new DataMigrationError(`${where} has no ${side}.tables; list the ${side} table first`);
  const bound = bindings.systems.get(systemName);
  if (bound === undefined) {
    const hint = didYouMean(systemName, bindings.systems.keys());
    throw new DataMigrationError(
      `${where}: ${side}.system ${JSON.stringify(systemName)} is not bound in ${bindingsFileName}${hint}; add it under systems:, e.g. ${JSON.stringify(systemName)}: { url: "sqlite:${side}.db" }`,
    );
  }
  if (bound.kind !== "sqlite" || bound.path === undefined) {
    throw new DataMigrationError(`${where}: ${side}.system ${JSON.stringify(systemName)} is bound to PostgreSQL; data migrations on PostgreSQL are not yet supported (only sqlite: systems)`);
  }
  return { systemName, path: bound.path, table };
}

function readExplicitKey(entry: DataMigration): readonly string[] | undefined {
  const written = (entry as Record<string, unknown>)["x-key_columns"];
  if (written === undefined || written === null) return undefined;
  if (!Array.isArray(written) || written.length === 0 || !written.every((column) => typeof column === "string" && column.trim() !== "")) {
    throw new DataMigrationError(`data migration ${entry.migration_id}: x-key_columns must be a list of column names, like [id] or [tenant_id, id]`);
  }
  return written as string[];
}

function readSourcePrimaryKey(entry: DataMigration, source: DataEndpoint): readonly string[] {
  const shape = readSqliteTableShape(source.path, source.table, source.systemName);
  if (shape.primaryKey.length === 0) {
    throw new DataMigrationError(
      `data migration ${entry.migration_id}: source table ${JSON.stringify(source.table)} has no primary key; name its unique key with x-key_columns: [..] on the migration`,
    );
  }
  return shape.primaryKey;
}
