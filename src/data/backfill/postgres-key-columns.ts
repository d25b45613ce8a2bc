import type pg from "pg";
import { BackfillConfigError } from "./backfill-request.js";
import { quoteIdentifier } from "./plan-batches.js";

/** A key column as the catalog declares it: its type and, for text-like types, its collation. */
export interface PostgresKeyColumn {
  readonly name: string;
  /** `format_type` output, valid after `::` (`bigint`, `character varying(20)`, `public.code`). */
  readonly type: string;
  /** Qualified and quoted (`"pg_catalog"."und-x-icu"`); none for a type without collation. */
  readonly collation: string | undefined;
}

const COLUMNS_SQL = `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
  CASE WHEN a.attcollation = 0 THEN NULL ELSE quote_ident(n.nspname) || '.' || quote_ident(c.collname) END AS collation
FROM pg_catalog.pg_attribute a
LEFT JOIN pg_catalog.pg_collation c ON c.oid = a.attcollation
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace
WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attname = ANY($2::text[])`;

/** Reads the key columns' types from the catalog, refusing a table or column that is not there. */
export async function readKeyColumns(client: pg.ClientBase, table: string, keyColumns: readonly string[]): Promise<PostgresKeyColumn[]> {
  const found = await client.query<{ oid: string | null }>("SELECT to_regclass($1)::oid AS oid", [quoteIdentifier(table)]);
  const oid = found.rows[0]?.oid ?? null;
  if (oid === null) {
    throw new BackfillConfigError(`the source table ${quoteIdentifier(table)} does not exist (or is not visible to this role); write it as schema.table`);
  }
  const result = await client.query<{ name: string; type: string; collation: string | null }>(COLUMNS_SQL, [oid, [...keyColumns]]);
  return keyColumns.map((name) => {
    const row = result.rows.find((r) => r.name === name);
    if (row === undefined) {
      throw new BackfillConfigError(`the source table ${quoteIdentifier(table)} has no key column ${JSON.stringify(name)} (names are case-sensitive)`);
    }
    return { name, type: row.type, collation: row.collation ?? undefined };
  });
}
