import pg from "pg";
import { DataMigrationError } from "./data-migration-error.js";
import type { SqliteTableShape } from "./read-sqlite-table-shape.js";

/** Connection errors name the server, never the URL: it may hold a password. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}${parsed.pathname}`;
  } catch {
    return "(an unparsable URL)";
  }
}

/** The table's columns and primary key, in key order; `schema.table` or a name found on the search_path. */
export async function readPostgresTableShape(url: string, table: string, systemName: string): Promise<SqliteTableShape> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new DataMigrationError(`cannot connect to system ${JSON.stringify(systemName)} (${describePostgresUrl(url)}): ${(error as Error).message}`, { cause: error });
  }
  try {
    const found = await client.query<{ oid: string | null }>("SELECT to_regclass($1)::oid AS oid", [table]);
    const oid = found.rows[0]?.oid ?? null;
    if (oid === null) throw new DataMigrationError(`table ${JSON.stringify(table)} does not exist in system ${JSON.stringify(systemName)} (${describePostgresUrl(url)})`);
    const columns = await client.query<{ name: string }>("SELECT attname AS name FROM pg_attribute WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped ORDER BY attnum", [oid]);
    const key = await client.query<{ name: string }>(
      `SELECT a.attname AS name FROM pg_index i
         CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE i.indrelid = $1 AND i.indisprimary ORDER BY k.position`,
      [oid],
    );
    return { columns: columns.rows.map((row) => row.name), primaryKey: key.rows.map((row) => row.name) };
  } catch (error) {
    if (error instanceof DataMigrationError) throw error;
    throw new DataMigrationError(`cannot read table ${JSON.stringify(table)} of system ${JSON.stringify(systemName)}: ${(error as Error).message}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}
