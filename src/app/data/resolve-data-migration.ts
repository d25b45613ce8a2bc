import { didYouMean } from "../../lint/closest-match.js";
import type { DataMigration, Plan } from "../../plan/schema/plan-schema.js";
import { type Bindings, type BoundDataMigration, bindingsFileName } from "../bindings/bindings.js";
import { readPostgresTableShape } from "./read-postgres-table-shape.js";
import { DataMigrationError } from "./data-migration-error.js";
import { readSqliteTableShape } from "./read-sqlite-table-shape.js";

/** One side of a data migration: a bound SQLite file or PostgreSQL database, and the table read or written there. */
export type DataEndpoint =
  | { readonly kind: "sqlite"; readonly systemName: string /** Absolute path of the file. */; readonly path: string; readonly table: string; readonly url: string }
  | { readonly kind: "postgres"; readonly systemName: string; readonly url: string; readonly table: string };

/** A `data_migration.migrations[]` entry with its systems bound and its key known. */
export interface ResolvedDataMigration {
  readonly entry: DataMigration;
  readonly migrationId: string;
  readonly source: DataEndpoint;
  readonly target: DataEndpoint;
  /** The bindings' `key_columns`, else `x-key_columns`, else the source table's primary key, in key order. */
  readonly keyColumns: readonly string[];
  /** True when the key was named (bindings or `x-key_columns`), not read from the source table. */
  readonly explicitKey: boolean;
  /** The bindings' `data_migrations.<id>` entry: projections, tuning. */
  readonly binding?: BoundDataMigration;
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
 * Finds the migration, binds `source.system` and `target.system` (SQLite files or PostgreSQL
 * databases), takes each side's first table and works out the key.
 */
export async function resolveDataMigration(plan: Plan, bindings: Pick<Bindings, "systems" | "dataMigrations">, migrationId: string): Promise<ResolvedDataMigration> {
  const entry = findDataMigration(plan, migrationId);
  const source = resolveEndpoint(entry, "source", bindings);
  const target = resolveEndpoint(entry, "target", bindings);
  const binding = bindings.dataMigrations.get(entry.migration_id);
  const explicit = binding?.keyColumns ?? readExplicitKey(entry);
  const keyColumns = explicit ?? (await readSourcePrimaryKey(entry, source));
  return { entry, migrationId, source, target, keyColumns, explicitKey: explicit !== undefined, ...(binding ? { binding } : {}) };
}

/** The table's columns and primary key on either kind of system. */
export function readTableShape(endpoint: DataEndpoint): Promise<{ readonly columns: readonly string[]; readonly primaryKey: readonly string[] }> {
  return endpoint.kind === "sqlite"
    ? Promise.resolve(readSqliteTableShape(endpoint.path, endpoint.table, endpoint.systemName))
    : readPostgresTableShape(endpoint.url, endpoint.table, endpoint.systemName);
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
  if (bound.kind === "postgres") return { kind: "postgres", systemName, url: bound.url, table };
  if (bound.path === undefined) throw new DataMigrationError(`${where}: ${side}.system ${JSON.stringify(systemName)} has no SQLite file path`);
  return { kind: "sqlite", systemName, path: bound.path, table, url: bound.url };
}

function readExplicitKey(entry: DataMigration): readonly string[] | undefined {
  const written = (entry as Record<string, unknown>)["x-key_columns"];
  if (written === undefined || written === null) return undefined;
  if (!Array.isArray(written) || written.length === 0 || !written.every((column) => typeof column === "string" && column.trim() !== "")) {
    throw new DataMigrationError(`data migration ${entry.migration_id}: x-key_columns must be a list of column names, like [id] or [tenant_id, id]`);
  }
  return written as string[];
}

async function readSourcePrimaryKey(entry: DataMigration, source: DataEndpoint): Promise<readonly string[]> {
  const shape = await readTableShape(source);
  if (shape.primaryKey.length === 0) {
    throw new DataMigrationError(
      `data migration ${entry.migration_id}: source table ${JSON.stringify(source.table)} has no primary key; name its unique key with key_columns: [..] under data_migrations.${entry.migration_id} in ${bindingsFileName} (or x-key_columns on the migration)`,
    );
  }
  return shape.primaryKey;
}
