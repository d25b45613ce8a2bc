import { SqliteTableSource } from "../../data/reconcile/sqlite-table-source.js";
import type { TableSource } from "../../data/reconcile/table-source.js";
import { DataMigrationError } from "./data-migration-error.js";
import type { DataEndpoint } from "./resolve-data-migration.js";

export interface OpenedTableSource {
  readonly source: TableSource;
  close(): Promise<void>;
}

/** One side of a reconciliation: the endpoint's table, or the bindings' projection query over its system. */
export async function openTableSource(endpoint: DataEndpoint, query: string | undefined, keyColumns: readonly string[]): Promise<OpenedTableSource> {
  const shape = query === undefined ? { table: endpoint.table } : { query };
  if (endpoint.kind === "sqlite") {
    let source: SqliteTableSource;
    try {
      source = new SqliteTableSource({ database: endpoint.path, ...shape, keyColumns });
    } catch (error) {
      throw new DataMigrationError(`cannot open system ${JSON.stringify(endpoint.systemName)} (${endpoint.path}): ${(error as Error).message}`, { cause: error });
    }
    return { source, close: async () => source.close() };
  }
  // Loaded here so SQLite-only plans never load the PostgreSQL side.
  const { PostgresTableSource } = await import("../../data/reconcile/postgres-table-source.js");
  const source = new PostgresTableSource({ connectionString: endpoint.url, ...shape, keyColumns });
  return { source, close: () => source.close() };
}
