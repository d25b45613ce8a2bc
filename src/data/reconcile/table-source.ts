/** One value of a key column as a side returns it; integers beyond 2^53 arrive as bigint. */
export type KeyValue = null | number | bigint | string | Uint8Array;
export type KeyTuple = readonly KeyValue[];

/**
 * A slice of the key space in binary key order: keys strictly after `after` and up to and
 * including `upTo`. A missing bound is open, so `{}` is the whole table.
 */
export interface KeyRange {
  readonly after?: KeyTuple;
  readonly upTo?: KeyTuple;
}

/**
 * Order-independent fingerprint of a range: the row count and the sum, modulo 2^64, of the
 * first 8 bytes (big-endian) of md5(encodeCanonicalRow(key columns ++ compared columns)),
 * as 16 lowercase hex digits. A sum (not XOR) so a duplicated row never cancels out.
 */
export interface RangeChecksum {
  readonly rows: number;
  readonly digest: string;
}

/** A row in canonical form: its key values, the key's encoding and the compared values' encoding. */
export interface CanonicalRow {
  readonly key: KeyTuple;
  readonly keyCode: string;
  readonly valueCode: string;
}

export interface RowPage {
  readonly rows: readonly CanonicalRow[];
  /** True when no row of the range follows the last one returned. */
  readonly complete: boolean;
}

/**
 * Checksums and rows in a database's own text, cheaper than the canonical ones, that a side may
 * offer besides them. Two sides use them only when their `kind`s are equal; within a kind, equal
 * checksums must mean equal canonical codes (unequal ones may be false alarms, which streaming
 * settles), and two rows' value codes must be equal exactly when their canonical codes are.
 */
export interface NativeComparison {
  readonly kind: string;
  checksumRange(range: KeyRange): Promise<RangeChecksum>;
  /** As `TableSource.readRange`, with `valueCode` comparable only within the kind. */
  readRange(range: KeyRange, limit: number): Promise<RowPage>;
}

export interface TableCounts {
  readonly rows: number;
  /** Distinct keys; fewer than rows when a key is duplicated. */
  readonly keys: number;
}

/**
 * What reconciliation needs of one side (a table, or a projection query over one). Every
 * method orders and bounds keys by binary order (byte order of UTF-8 text, `COLLATE BINARY`
 * in SQLite, `COLLATE "C"` in PostgreSQL), whatever collation the columns declare, and does
 * its heavy work in the database so memory stays flat whatever the table size.
 * `columns` are this side's names of the compared columns, in the order shared with the other side.
 */
export interface TableSource {
  /** Key column names on this side, in key order. */
  readonly keyColumns: readonly string[];
  /** Column names this side exposes (the table's, or the projection's). */
  listColumns(): Promise<readonly string[]>;
  countRows(): Promise<TableCounts>;
  /**
   * Distinct keys of the range, fewer than its rows when a key there is duplicated. Checksums
   * alone cannot tell: equal copies on both sides sum to equal digests.
   */
  countKeys(range: KeyRange): Promise<number>;
  /**
   * Up to `parts - 1` distinct keys splitting the range's rows into near-equal parts, in
   * ascending order; each is the inclusive upper bound of a part. Empty when it cannot split.
   */
  splitRange(range: KeyRange, parts: number): Promise<readonly KeyTuple[]>;
  checksumRange(range: KeyRange, columns: readonly string[]): Promise<RangeChecksum>;
  /**
   * Rows of the range in key order, about `limit` of them; a page never splits the rows of
   * one key, so the next page starts `after` the last key returned.
   */
  readRange(range: KeyRange, columns: readonly string[], limit: number): Promise<RowPage>;
  /** Optional: a native comparison of the key columns and these columns, or undefined when none applies. */
  nativeComparison?(columns: readonly string[]): Promise<NativeComparison | undefined>;
}
