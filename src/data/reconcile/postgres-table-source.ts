import type pg from "pg";
import { compareKeyTuples } from "./compare-key-tuples.js";
import { encodeCanonicalRow } from "./encode-canonical-value.js";
import {
  canonicalCodeSql,
  canonicalTextSql,
  canonicalValueSql,
  keyColumnSql,
  nativeValueSql,
  quoteIdentifier,
  type KeyColumnSql,
  type PostgresColumnType,
} from "./postgres-canonical-sql.js";
import { parseKeyText } from "./parse-postgres-key-value.js";
import { OUTPUT_SETTINGS, openPool, RAW_TEXT, toParam } from "./postgres-source-wire.js";
import { ReconcileError } from "./reconcile-error.js";
import type { CanonicalRow, KeyRange, KeyTuple, KeyValue, NativeComparison, RangeChecksum, RowPage, TableCounts, TableSource } from "./table-source.js";

export interface PostgresTableSourceOptions {
  /** Opens a pool of its own (ended by `close`); give this or `pool`. */
  readonly connectionString?: string;
  /** A pool to borrow connections from, left open by `close`. */
  readonly pool?: pg.Pool;
  /** The table to read, `name` or `schema.name`; give this or `query`. */
  readonly table?: string;
  /** A SELECT whose output columns are compared instead of a table's (e.g. to truncate timestamps). */
  readonly query?: string;
  readonly keyColumns: readonly string[];
  /** A whole table of at least this many rows is split from a sample of its pages. @default 1,000,000 */
  readonly sampledSplitRows?: number;
}

interface Shape {
  readonly columns: readonly string[];
  readonly types: ReadonlyMap<string, PostgresColumnType>;
  /** Type OID and modifier per column, for the native comparison's kind. */
  readonly typeIds: ReadonlyMap<string, number>;
  readonly typmods: ReadonlyMap<string, number>;
  /** Server build and the settings that shape PostgreSQL's text output. */
  readonly settings: Readonly<Record<string, string>>;
  readonly keys: readonly KeyColumnSql[];
  readonly keyTypes: readonly PostgresColumnType[];
  /** A unique index covers the key columns, so distinct keys need no counting. */
  readonly keysUnique: boolean;
  readonly keysNotNull: boolean;
}

const MODULUS = 1n << 64n;
/** Range row counts remembered so a split right after a checksum of the same range needs no count. */
const COUNT_CACHE_SIZE = 256;
/** Whole tables of at least this many rows are split from a sample of about SPLIT_SAMPLE_ROWS rows (by default). */
const SAMPLED_SPLIT_ROWS = 1_000_000;
const SPLIT_SAMPLE_ROWS = 50_000;

/**
 * A `TableSource` over a PostgreSQL table or query. Checksums, splits and canonical encodings
 * run in SQL (see postgres-canonical-sql.ts), so its digests equal `RowChecksum`'s over the
 * same values on any engine, and only bounds, sums and streamed pages reach the client. Against
 * another PostgreSQL side of one kind it also offers a cheaper native comparison.
 */
export class PostgresTableSource implements TableSource {
  readonly keyColumns: readonly string[];
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  readonly #from: string;
  readonly #table: string | undefined;
  readonly #counts = new Map<string, number>();
  readonly #sampledSplitRows: number;
  #shape: Promise<Shape> | undefined;
  /** The page after the last one returned, already being read: at most one, so memory stays flat. */
  #readahead: { readonly request: string; readonly page: Promise<RowPage> } | undefined;

  constructor(options: PostgresTableSourceOptions) {
    if ((options.table === undefined) === (options.query === undefined)) {
      throw new ReconcileError("bad-source", "give exactly one of table or query");
    }
    if ((options.pool === undefined) === (options.connectionString === undefined)) {
      throw new ReconcileError("bad-source", "give exactly one of pool or connectionString");
    }
    if (options.keyColumns.length === 0) throw new ReconcileError("bad-source", "a source needs at least one key column");
    this.keyColumns = [...options.keyColumns];
    this.#ownsPool = options.pool === undefined;
    this.#pool = options.pool ?? openPool(options.connectionString ?? "");
    this.#table = options.table === undefined ? undefined : options.table.split(".").map(quoteIdentifier).join(".");
    this.#from = this.#table ?? `(${options.query}) AS bascule_source`;
    this.#sampledSplitRows = options.sampledSplitRows ?? SAMPLED_SPLIT_ROWS;
  }

  async listColumns(): Promise<readonly string[]> {
    return (await this.#describe()).columns;
  }

  async countRows(): Promise<TableCounts> {
    const shape = await this.#describe();
    const nulls = shape.keysNotNull ? "0" : `count(*) FILTER (WHERE ${this.keyColumns.map((column) => `${quoteIdentifier(column)} IS NULL`).join(" OR ")})`;
    const [rowsText, nullsText] = (await this.#query(`SELECT count(*)::text, ${nulls}::text FROM ${this.#from}`, []))[0] as [string, string];
    if (nullsText !== "0") {
      throw new ReconcileError("bad-source", `${nullsText} rows of ${this.#from} have a NULL key column; filter them out or coalesce the key in a projection query`);
    }
    const rows = Number(rowsText);
    this.#rememberCount({}, rows);
    return { rows, keys: shape.keysUnique ? rows : await this.countKeys({}) };
  }

  async countKeys(range: KeyRange): Promise<number> {
    const shape = await this.#describe();
    const where = this.#where(shape, range);
    const distinct = `SELECT count(*)::text FROM (SELECT DISTINCT ${shape.keys.map((key) => key.order).join(", ")} FROM ${this.#from}${where.sql}) AS bascule_keys`;
    const [[keysText]] = (await this.#query(distinct, where.params)) as [[string]];
    return Number(keysText);
  }

  async splitRange(range: KeyRange, requestedParts: number): Promise<readonly KeyTuple[]> {
    const parts = Math.floor(requestedParts);
    const shape = await this.#describe();
    const where = this.#where(shape, range);
    const rows = this.#counts.get(rangeCacheKey(range)) ?? Number((await this.#query(`SELECT count(*)::text FROM ${this.#from}${where.sql}`, where.params))[0]![0]);
    if (!(parts >= 2) || rows < 2) return [];
    const wholeTable = this.#table !== undefined && where.params.length === 0;
    if (wholeTable && rows >= this.#sampledSplitRows) {
      // Near-equal parts need no exact ranks: a repeatable sample of the pages gives the bounds
      // for a small fraction of an ordered pass over every key.
      const percent = Math.min(100, (100 * SPLIT_SAMPLE_ROWS) / rows);
      const bounds = await this.#numberedBounds(shape, `${this.#from} TABLESAMPLE SYSTEM (${percent}) REPEATABLE (0)`, [], parts);
      if (bounds.length >= parts / 2) return bounds;
    }
    return this.#numberedBounds(shape, `${this.#from}${where.sql}`, where.params, parts, rows);
  }

  /**
   * Every (n / parts)-th key of the n rows read from `from`, in one ordered pass returning only
   * those. Without a known n (a sample), the pass counts them, buffering its few rows.
   */
  async #numberedBounds(shape: Shape, from: string, params: readonly unknown[], parts: number, rows?: number): Promise<KeyTuple[]> {
    // parts and rows are numbers this source computed, safe to write into the SQL.
    const order = shape.keys.map((key) => key.order).join(", ");
    const selected = shape.keys.map((key, index) => `${key.select} AS k${index}`).join(", ");
    const outer = shape.keys.map((_, index) => `k${index}`).join(", ");
    const [total, step] = rows === undefined ? ["count(*) OVER ()", `ceil(bascule_rows / ${parts}::numeric)`] : [String(rows), String(Math.ceil(rows / parts))];
    const sql =
      `SELECT ${outer} FROM (SELECT ${selected}, row_number() OVER (ORDER BY ${order}) AS bascule_row, ${total}::bigint AS bascule_rows FROM ${from})` +
      ` AS bascule_numbered WHERE bascule_row % ${step} = 0 AND bascule_row < bascule_rows ORDER BY bascule_row`;
    const bounds: KeyTuple[] = [];
    for (const row of await this.#query(sql, params, RAW_TEXT)) {
      const key = this.#parseKey(shape, row);
      // A bound repeating the previous one (a duplicated key) would only make an empty part.
      if (bounds.length === 0 || compareKeyTuples(bounds[bounds.length - 1]!, key) !== 0) bounds.push(key);
    }
    return bounds;
  }

  async checksumRange(range: KeyRange, columns: readonly string[]): Promise<RangeChecksum> {
    const shape = await this.#describe();
    // The first 8 bytes of md5 as a signed bigint.
    return this.#sumHashes(shape, range, `('x' || substr(md5(${this.#rowCodeSql(shape, [...this.keyColumns, ...columns])}), 1, 16))::bit(64)::bigint`);
  }

  /**
   * PostgreSQL's own text of each row. Checksums sum `hashtextextended` (a 64-bit hash, far
   * cheaper than md5) of `ROW(key, columns)::text`: equal texts mean equal values, hence equal
   * canonical codes. Streamed rows must be exact both ways, so there floats are rounded to their
   * canonical 15 digits and scale-free numerics trimmed (`nativeValueSql`). The kind names the
   * server build (`version()`: same hash function), the settings that shape text output and each
   * column's type and modifier. Offered only with extra_float_digits >= 1.
   */
  async nativeComparison(columns: readonly string[]): Promise<NativeComparison | undefined> {
    const shape = await this.#describe();
    if (Number(shape.settings.extra_float_digits) < 1) return undefined;
    const all = [...this.keyColumns, ...columns];
    const kind = JSON.stringify({ engine: "postgresql", settings: shape.settings, types: all.map((column) => this.#typeIdOf(shape, column)) });
    const keyedRowHash = `hashtextextended((ROW(${all.map(quoteIdentifier).join(", ")})::text) COLLATE "C", 0)`;
    const valueRow =
      columns.length === 0 ? "''" : `ROW(${columns.map((column) => nativeValueSql(column, this.#typeOf(shape, column), shape.typmods.get(column)!)).join(", ")})::text`;
    const pageSql: PageSql = (filter) => `SELECT ${this.#keySelect(shape)}, ${valueRow} FROM ${this.#from}${filter}`;
    return {
      kind,
      checksumRange: (range) => this.#sumHashes(shape, range, keyedRowHash),
      readRange: (range, limit) => this.#stream(range, limit, `native ${JSON.stringify(columns)}`, pageSql),
    };
  }

  /** Rows and the sum modulo 2^64 of a signed 64-bit hash per row (congruent to the unsigned one). */
  async #sumHashes(shape: Shape, range: KeyRange, hashSql: string): Promise<RangeChecksum> {
    const where = this.#where(shape, range);
    // sum(bigint) accumulates exactly and returns numeric: no overflow. The hash appears once,
    // since PostgreSQL would compute a repeated expression twice per row.
    const sql = `SELECT count(*)::text, coalesce(sum(${hashSql}), 0)::text FROM ${this.#from}${where.sql}`;
    const [rowsText, sumText] = (await this.#query(sql, where.params))[0] as [string, string];
    const sum = ((BigInt(sumText) % MODULUS) + MODULUS) % MODULUS;
    const rows = Number(rowsText);
    this.#rememberCount(range, rows);
    return { rows, digest: sum.toString(16).padStart(16, "0") };
  }

  async readRange(range: KeyRange, columns: readonly string[], limit: number): Promise<RowPage> {
    const shape = await this.#describe();
    return this.#stream(range, limit, `canonical ${JSON.stringify(columns)}`, this.#canonicalPageSql(shape, columns));
  }

  /**
   * A page of rows selected by `pageSql` (keys as text, then the value code) around a filter.
   * Streaming reads on from the last key returned: that page is fetched at once, on another
   * connection, while the caller merges this one.
   */
  async #stream(range: KeyRange, limit: number, mode: string, pageSql: PageSql): Promise<RowPage> {
    const request = `${mode}|${limit}|${rangeCacheKey(range)}`;
    const ahead = this.#readahead;
    this.#readahead = undefined;
    const page = await (ahead?.request === request ? ahead.page : this.#readPage(range, limit, pageSql));
    const last = page.rows.at(-1);
    if (!page.complete && last !== undefined) {
      const next = { ...(range.upTo === undefined ? {} : { upTo: range.upTo }), after: last.key };
      const nextPage = this.#readPage(next, limit, pageSql);
      nextPage.catch(() => undefined);
      this.#readahead = { request: `${mode}|${limit}|${rangeCacheKey(next)}`, page: nextPage };
    }
    return page;
  }

  async #readPage(range: KeyRange, limit: number, pageSql: PageSql): Promise<RowPage> {
    const shape = await this.#describe();
    const where = this.#where(shape, range);
    const params = [...where.params, limit + 1];
    const toRow = (row: unknown[]): CanonicalRow => {
      const key = this.#parseKey(shape, row);
      return { key, keyCode: encodeCanonicalRow(key), valueCode: (row[shape.keys.length] as string | null) ?? "" };
    };
    const rows = (await this.#query(pageSql(`${where.sql} ORDER BY ${shape.keys.map((key) => key.order).join(", ")} LIMIT $${params.length}`), params, RAW_TEXT)).map(toRow);
    if (rows.length <= limit) return { rows, complete: true };
    const [last, next] = [rows[limit - 1]!, rows[limit]!];
    rows.length = limit;
    if (last.keyCode !== next.keyCode) return { rows, complete: false };
    // The page would split the last key's rows: drop them and read that key whole.
    while (rows.length > 0 && rows[rows.length - 1]!.keyCode === last.keyCode) rows.pop();
    const equal = this.#compare(shape, "=", last.key, []);
    const group = await this.#query(pageSql(` WHERE ${equal.sql}`), equal.params, RAW_TEXT);
    return { rows: [...rows, ...group.map(toRow)], complete: false };
  }

  #keySelect(shape: Shape): string {
    return shape.keys.map((key) => key.select).join(", ");
  }

  /**
   * Keys as text, then the compared columns' canonical code. Each value's text is computed once,
   * in a subquery its LIMIT keeps PostgreSQL from flattening into the code's two uses.
   */
  #canonicalPageSql(shape: Shape, columns: readonly string[]): PageSql {
    const texts = columns.map((column) => canonicalTextSql(column, this.#typeOf(shape, column)));
    const inner = [
      ...shape.keys.map((key, index) => `${key.select} AS k${index}`),
      ...shape.keys.map((key, index) => `${key.order} AS o${index}`),
      ...texts.map((text, index) => `${text.text} AS c${index}`),
    ].join(", ");
    const code = texts.length === 0 ? "''" : texts.map((text, index) => canonicalCodeSql({ text: `c${index}`, tag: text.tag })).join(" || ");
    const outer = `${shape.keys.map((_, index) => `k${index}`).join(", ")}, ${code}`;
    const order = shape.keys.map((_, index) => `o${index}`).join(", ");
    return (filter) => `SELECT ${outer} FROM (SELECT ${inner} FROM ${this.#from}${filter}) AS bascule_page ORDER BY ${order}`;
  }

  async close(): Promise<void> {
    await this.#readahead?.page.catch(() => undefined);
    this.#readahead = undefined;
    if (this.#ownsPool) await this.#pool.end();
  }

  #rowCodeSql(shape: Shape, columns: readonly string[]): string {
    if (columns.length === 0) return "''";
    return columns.map((column) => canonicalValueSql(column, this.#typeOf(shape, column))).join(" || ");
  }

  #typeIdOf(shape: Shape, column: string): string {
    this.#typeOf(shape, column); // rejects a column the source lacks
    return `${shape.typeIds.get(column)}(${shape.typmods.get(column)})`;
  }

  #typeOf(shape: Shape, column: string): PostgresColumnType {
    const type = shape.types.get(column);
    if (type === undefined) throw new ReconcileError("bad-source", `${this.#from} has no column ${quoteIdentifier(column)}; it has ${shape.columns.join(", ")}`);
    return type;
  }

  #parseKey(shape: Shape, row: readonly unknown[]): KeyValue[] {
    return shape.keyTypes.map((type, index) => parseKeyText(row[index] as string | null, type, this.keyColumns[index]!));
  }

  /** ` WHERE …` bounding the range (empty for the whole table), its parameters numbered from $1. */
  #where(shape: Shape, range: KeyRange): { sql: string; params: unknown[] } {
    const params: unknown[] = [];
    const clauses: string[] = [];
    for (const [bound, operator] of [
      [range.after, ">"],
      [range.upTo, "<="],
    ] as const) {
      if (bound !== undefined) clauses.push(this.#compare(shape, operator, bound, params).sql);
    }
    return { sql: clauses.length === 0 ? "" : ` WHERE ${clauses.join(" AND ")}`, params };
  }

  #compare(shape: Shape, operator: string, key: KeyTuple, params: unknown[]): { sql: string; params: unknown[] } {
    if (key.length !== shape.keys.length) throw new ReconcileError("bad-source", `a bound has ${key.length} values for ${shape.keys.length} key columns`);
    const placeholders = shape.keys.map((column, index) => {
      params.push(toParam(key[index] ?? null));
      return column.param(`$${params.length}`);
    });
    return { sql: `(${shape.keys.map((column) => column.order).join(", ")}) ${operator} (${placeholders.join(", ")})`, params };
  }

  #rememberCount(range: KeyRange, rows: number): void {
    if (this.#counts.size >= COUNT_CACHE_SIZE) this.#counts.delete(this.#counts.keys().next().value!);
    this.#counts.set(rangeCacheKey(range), rows);
  }

  #describe(): Promise<Shape> {
    this.#shape ??= this.#loadShape();
    return this.#shape;
  }

  async #loadShape(): Promise<Shape> {
    const settingNames = ["server_encoding", ...OUTPUT_SETTINGS];
    const settingValues = (await this.#query(`SELECT version(), ${settingNames.map((name) => `current_setting('${name}')`).join(", ")}`, []))[0] as string[];
    const [version, encoding, ...outputSettings] = settingValues;
    const settings = Object.fromEntries([["version", version!], ...OUTPUT_SETTINGS.map((name, index) => [name, outputSettings[index]!])]);
    if (encoding !== "UTF8") throw new ReconcileError("bad-source", `the database encoding is ${encoding}; reconciliation hashes UTF-8 text and needs a UTF8 database`);
    const fields = await this.#fields(`SELECT * FROM ${this.#from} LIMIT 0`);
    const oids = [...new Set(fields.map((field) => field.dataTypeID))];
    // A domain compares as its base type.
    const typeRows = await this.#query(
      `SELECT t.oid::text, coalesce(b.typname, t.typname)::text, coalesce(b.typcategory, t.typcategory)::text
       FROM pg_type t LEFT JOIN pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype WHERE t.oid = ANY($1::oid[])`,
      [oids],
    );
    const byOid = new Map(typeRows.map(([oid, typeName, category]) => [oid as string, { typeName: typeName as string, category: category as string }]));
    const types = new Map(fields.map((field) => [field.name, byOid.get(String(field.dataTypeID)) ?? { typeName: "text", category: "X" }]));
    const columns = fields.map((field) => field.name);
    const keyTypes = this.keyColumns.map((column) => {
      const type = types.get(column);
      if (type === undefined) throw new ReconcileError("bad-source", `key column ${quoteIdentifier(column)} is not a column of ${this.#from}; it has ${columns.join(", ")}`);
      return type;
    });
    const keys = this.keyColumns.map((column, index) => keyColumnSql(column, keyTypes[index]!));
    const { keysUnique, keysNotNull } = this.#table === undefined ? { keysUnique: false, keysNotNull: false } : await this.#keyConstraints(this.#table);
    const typeIds = new Map(fields.map((field) => [field.name, field.dataTypeID]));
    const typmods = new Map(fields.map((field) => [field.name, field.dataTypeModifier]));
    return { columns, types, typeIds, typmods, settings, keys, keyTypes, keysUnique, keysNotNull };
  }

  /** Whether a unique index on a subset of the key columns, and NOT NULL on all of them, spare the counting passes. */
  async #keyConstraints(table: string): Promise<{ keysUnique: boolean; keysNotNull: boolean }> {
    const sql = `SELECT
        coalesce((SELECT bool_and(a.attnotnull) AND count(*) = cardinality($2::text[]) FROM pg_attribute a
                  WHERE a.attrelid = $1::regclass AND a.attname = ANY($2::text[]) AND NOT a.attisdropped), false),
        EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = $1::regclass AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
                AND NOT EXISTS (SELECT 1 FROM unnest((i.indkey::int2[])[0:i.indnkeyatts - 1]) AS k(attnum)
                                WHERE k.attnum NOT IN (SELECT a.attnum FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attname = ANY($2::text[]))))`;
    const [notNull, unique] = (await this.#query(sql, [table, this.keyColumns]))[0] as [boolean, boolean];
    return { keysUnique: notNull && unique, keysNotNull: notNull };
  }

  async #fields(sql: string): Promise<pg.FieldDef[]> {
    try {
      return (await this.#pool.query({ text: sql, rowMode: "array" })).fields;
    } catch (error) {
      throw new ReconcileError("bad-source", `cannot read ${this.#from}: ${(error as Error).message}`, { cause: error });
    }
  }

  async #query(sql: string, params: readonly unknown[], types?: typeof RAW_TEXT): Promise<unknown[][]> {
    try {
      // Unnamed: PGlite serves every connection from one backend, where named statements would collide.
      const result = await this.#pool.query({ text: sql, values: [...params], rowMode: "array", ...(types === undefined ? {} : { types }) });
      return result.rows as unknown[][];
    } catch (error) {
      if (error instanceof ReconcileError) throw error;
      throw new ReconcileError("bad-source", `cannot read ${this.#from}: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** A page's SELECT (keys as text, then the value code) around a filter, order and limit. */
type PageSql = (filter: string) => string;

function rangeCacheKey(range: KeyRange): string {
  return `${range.after === undefined ? "" : encodeCanonicalRow(range.after)}|${range.upTo === undefined ? "" : encodeCanonicalRow(range.upTo)}`;
}
