import Database from "better-sqlite3";
import { DataMigrationError } from "./data-migration-error.js";

/** A table as SQLite describes it: every column, and the primary key's columns in key order. */
export interface SqliteTableShape {
  readonly columns: readonly string[];
  readonly primaryKey: readonly string[];
}

interface ColumnInfo {
  readonly name: string;
  readonly pk: number;
}

/** Reads `PRAGMA table_info` of `table` in the database file at `path` (read-only; the file must exist). */
export function readSqliteTableShape(path: string, table: string, systemName: string): SqliteTableShape {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new DataMigrationError(`cannot open system ${JSON.stringify(systemName)} (${path}): ${(error as Error).message}`, { cause: error });
  }
  try {
    const { schema, name } = splitTableName(table);
    const rows = db.prepare(`PRAGMA ${schema === undefined ? "" : `${quote(schema)}.`}table_info(${quote(name)})`).all() as ColumnInfo[];
    if (rows.length === 0) throw new DataMigrationError(`table ${JSON.stringify(table)} does not exist in system ${JSON.stringify(systemName)} (${path})`);
    const primaryKey = rows
      .filter((row) => row.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((row) => row.name);
    return { columns: rows.map((row) => row.name), primaryKey };
  } finally {
    db.close();
  }
}

function splitTableName(table: string): { schema?: string; name: string } {
  const dot = table.indexOf(".");
  return dot < 0 ? { name: table } : { schema: table.slice(0, dot), name: table.slice(dot + 1) };
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
