import Database from "better-sqlite3";
import { encodeCanonicalRow } from "./encode-canonical-value.js";
import { ReconcileError } from "./reconcile-error.js";
import { RowChecksum } from "./row-checksum.js";
import type { CanonicalRow, KeyRange, KeyTuple, KeyValue, RangeChecksum, RowPage, TableCounts, TableSource } from "./table-source.js";

export interface SqliteTableSourceOptions {
  /** An open connection (left open by `close`), or a database file opened read-only. */
  readonly database: Database.Database | string;
  /** The table to read; give this or `query`. */
  readonly table?: string;
  /** A SELECT whose output columns are compared instead of a table's (e.g. to normalise timestamps). */
  readonly query?: string;
  readonly keyColumns: readonly string[];
}

const CHECKSUM_FUNCTION = "bascule_reconcile_checksum";

/** A `TableSource` over a SQLite table or query; the checksum runs as an aggregate inside SQLite. */
export class SqliteTableSource implements TableSource {
  readonly keyColumns: readonly string[];
  readonly #db: Database.Database;
  readonly #ownsDb: boolean;
  readonly #from: string;
  readonly #keyList: string;
  readonly #statements = new Map<string, Database.Statement>();

  constructor(options: SqliteTableSourceOptions) {
    if ((options.table === undefined) === (options.query === undefined)) {
      throw new ReconcileError("bad-source", "give exactly one of table or query");
    }
    if (options.keyColumns.length === 0) throw new ReconcileError("bad-source", "a source needs at least one key column");
    this.keyColumns = [...options.keyColumns];
    this.#ownsDb = typeof options.database === "string";
    this.#db = typeof options.database === "string" ? new Database(options.database, { readonly: true, fileMustExist: true }) : options.database;
    this.#from = options.table === undefined ? `(${options.query}) AS bascule_source` : quote(options.table);
    // Binary collation on every key reference, so a NOCASE or custom collation cannot reorder keys.
    this.#keyList = this.keyColumns.map((column) => `${quote(column)} COLLATE BINARY`).join(", ");
    this.#db.aggregate(CHECKSUM_FUNCTION, {
      start: () => new RowChecksum(),
      // The typings know only a two-argument step; varargs passes every argument.
      step: addRowStep as unknown as (state: RowChecksum, value: RowChecksum) => RowChecksum,
      result: (state: RowChecksum) => JSON.stringify(state.toChecksum()),
      varargs: true,
      safeIntegers: true,
      deterministic: true,
    });
  }

  async listColumns(): Promise<readonly string[]> {
    return this.#prepare(`SELECT * FROM ${this.#from} LIMIT 0`)
      .columns()
      .map((column) => column.name);
  }

  async countRows(): Promise<TableCounts> {
    // A NULL key falls outside every bounded range, so its rows would vanish from the parts.
    const nullTest = this.keyColumns.map((column) => `${quote(column)} IS NULL`).join(" OR ");
    const [rows, nulls] = this.#prepare(`SELECT count(*), coalesce(sum(${nullTest}), 0) FROM ${this.#from}`).raw(true).get() as [bigint, bigint];
    if (nulls !== 0n) {
      throw new ReconcileError("bad-source", `${nulls} rows of ${this.#from} have a NULL key column; filter them out or coalesce the key in a projection query`);
    }
    return { rows: Number(rows), keys: await this.countKeys({}) };
  }

  async countKeys(range: KeyRange): Promise<number> {
    const where = this.#where(range);
    return Number(
      this.#prepare(`SELECT count(*) FROM (SELECT 1 FROM ${this.#from}${where.sql} GROUP BY ${this.#keyList})`)
        .pluck()
        .get(...where.params) as bigint,
    );
  }

  async splitRange(range: KeyRange, parts: number): Promise<readonly KeyTuple[]> {
    const where = this.#where(range);
    const rows = Number(
      this.#prepare(`SELECT count(*) FROM ${this.#from}${where.sql}`)
        .pluck()
        .get(...where.params) as bigint,
    );
    const step = Math.ceil(rows / parts);
    if (parts < 2 || step < 1) return [];
    const bounds: KeyTuple[] = [];
    let index = 0;
    let previous: KeyTuple | undefined;
    const keys = this.#prepare(`SELECT ${this.#keyList} FROM ${this.#from}${where.sql} ORDER BY ${this.#keyList}`).raw(true);
    for (const key of keys.iterate(...where.params) as Iterable<KeyValue[]>) {
      index++;
      // A bound repeating the previous one (a duplicated key) would only make an empty part.
      if (index % step === 0 && index < rows && !sameKey(key, previous)) {
        bounds.push(key);
        previous = key;
      }
    }
    return bounds;
  }

  async checksumRange(range: KeyRange, columns: readonly string[]): Promise<RangeChecksum> {
    const where = this.#where(range);
    const args = [...this.keyColumns, ...columns].map(quote).join(", ");
    const text = this.#prepare(`SELECT ${CHECKSUM_FUNCTION}(${args}) FROM ${this.#from}${where.sql}`)
      .pluck()
      .get(...where.params) as string;
    return JSON.parse(text) as RangeChecksum;
  }

  async readRange(range: KeyRange, columns: readonly string[], limit: number): Promise<RowPage> {
    const where = this.#where(range);
    const select = `SELECT ${[...this.keyColumns, ...columns].map(quote).join(", ")} FROM ${this.#from}`;
    const rows = this.#prepare(`${select}${where.sql} ORDER BY ${this.#keyList} LIMIT ?`)
      .raw(true)
      .all(...where.params, limit + 1) as KeyValue[][];
    if (rows.length <= limit) return { rows: rows.map((row) => this.#toCanonical(row)), complete: true };
    rows.length = limit;
    const lastKey = rows[limit - 1]!.slice(0, this.keyColumns.length);
    // Keep all rows of the last key together, so the next page can start strictly after it.
    while (rows.length > 0 && sameKey(rows[rows.length - 1]!.slice(0, this.keyColumns.length), lastKey)) rows.pop();
    const placeholders = lastKey.map(() => "?").join(", ");
    const group = this.#prepare(`${select} WHERE (${this.#keyList}) = (${placeholders})`)
      .raw(true)
      .all(...lastKey.map(toParam)) as KeyValue[][];
    return { rows: [...rows, ...group].map((row) => this.#toCanonical(row)), complete: false };
  }

  close(): void {
    if (this.#ownsDb) this.#db.close();
  }

  #toCanonical(row: readonly KeyValue[]): CanonicalRow {
    const key = row.slice(0, this.keyColumns.length);
    return { key, keyCode: encodeCanonicalRow(key), valueCode: encodeCanonicalRow(row.slice(this.keyColumns.length)) };
  }

  #where(range: KeyRange): { sql: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    for (const [bound, operator] of [
      [range.after, ">"],
      [range.upTo, "<="],
    ] as const) {
      if (bound === undefined) continue;
      clauses.push(`(${this.#keyList}) ${operator} (${bound.map(() => "?").join(", ")})`);
      params.push(...bound.map(toParam));
      // SQLite seeks an index on a collated row value only through a bound on its first column.
      if (bound.length > 1) {
        clauses.push(`${quote(this.keyColumns[0]!)} COLLATE BINARY ${operator === ">" ? ">=" : "<="} ?`);
        params.push(toParam(bound[0] ?? null));
      }
    }
    return { sql: clauses.length === 0 ? "" : ` WHERE ${clauses.join(" AND ")}`, params };
  }

  #prepare(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      try {
        statement = this.#db.prepare(sql).safeIntegers(true);
      } catch (error) {
        throw new ReconcileError("bad-source", `cannot read the source: ${(error as Error).message}`, { cause: error });
      }
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

function addRowStep(state: RowChecksum, ...values: KeyValue[]): RowChecksum {
  state.addRow(values);
  return state;
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function toParam(value: KeyValue): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value) : value;
}

function sameKey(a: readonly KeyValue[], b: readonly KeyValue[] | undefined): boolean {
  return b !== undefined && encodeCanonicalRow(a) === encodeCanonicalRow(b);
}
