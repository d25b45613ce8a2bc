/**
 * Keyset pagination for backfills, as pure descriptions: which SQL finds the next batch, how a
 * batch's bounds bind to the transformation, how keys order and round-trip through checkpoints.
 * Nothing here touches a database. The queries are SQLite's; PostgreSQL's are in postgres-batch-bounds.ts.
 */

/** One column's value in a source key. NULL keys are refused: keyset pagination cannot pass them. */
export type KeyPart = number | bigint | string | Uint8Array;

/** A source key: one part per key column, in key-column order. */
export type Key = readonly KeyPart[];

/** A batch: the first and the last source key it covers, both inclusive. */
export interface BatchBounds {
  readonly start: Key;
  readonly end: Key;
}

export class InvalidKeyError extends Error {
  override readonly name = "InvalidKeyError";
}

/** Double-quotes an identifier; `schema.table` quotes each part. */
export function quoteIdentifier(name: string): string {
  return name
    .split(".")
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join(".");
}

function binary(column: string): string {
  return `${quoteIdentifier(column)} COLLATE BINARY`;
}

function keyTuple(columns: readonly string[]): string {
  const parts = columns.map(quoteIdentifier);
  return parts.length === 1 ? (parts[0] ?? "") : `(${parts.join(", ")})`;
}

// The explicit collation goes on the parameters: it still rules the comparison, and a bare
// column lets SQLite seek its index (a COLLATE on the column side turns the seek into a scan).
function placeholders(count: number): string {
  const marks = Array.from({ length: count }, () => "? COLLATE BINARY");
  return count === 1 ? (marks[0] ?? "") : `(${marks.join(", ")})`;
}

/** SQLite queries finding one batch's bounds without reading its keys (see `describePageBounds`). */
export interface PageBoundsQueries {
  /** The range's first key. */
  readonly first: string;
  /** The key `OFFSET` rows after the first (one more parameter): the page's last key when the range holds a full page. */
  readonly nth: string;
  /** The range's last key and its number of keys, for a range shorter than a page; it takes the range's parameters twice. */
  readonly tail: string;
}

/**
 * The queries for the next batch's bounds: keys strictly after `after` (none: from the start) and
 * strictly before `before` (none: to the end), in key order. Parameters: `after`'s parts, then
 * `before`'s (see `pageRangeParams`); `nth` takes the offset after them. Only
 * the bounds leave SQLite, never a page of keys. `before` lets a resumed walk stop short of a
 * batch already committed, so no committed batch is ever re-run.
 */
export function describePageBounds(options: {
  readonly table: string;
  readonly keyColumns: readonly string[];
  readonly after: boolean;
  readonly before: boolean;
}): PageBoundsQueries {
  const { table, keyColumns, after, before } = options;
  const tuple = keyTuple(keyColumns);
  const conditions: string[] = [];
  if (after) conditions.push(`${tuple} > ${placeholders(keyColumns.length)}`);
  if (before) conditions.push(`${tuple} < ${placeholders(keyColumns.length)}`);
  const from = `FROM ${quoteIdentifier(table)}${conditions.length === 0 ? "" : ` WHERE ${conditions.join(" AND ")}`}`;
  const select = keyColumns.map(quoteIdentifier).join(", ");
  const ascending = keyColumns.map(binary).join(", ");
  const descending = keyColumns.map((c) => `${binary(c)} DESC`).join(", ");
  return {
    first: `SELECT ${select} ${from} ORDER BY ${ascending} LIMIT 1`,
    nth: `SELECT ${select} ${from} ORDER BY ${ascending} LIMIT 1 OFFSET ?`,
    tail: `SELECT ${select}, (SELECT count(*) ${from}) ${from} ORDER BY ${descending} LIMIT 1`,
  };
}

/** The parameters of `describePageBounds`'s `first` query for a range (and the start of the others'). */
export function pageRangeParams(after: Key | undefined, before: Key | undefined): KeyPart[] {
  return [...(after ?? []), ...(before ?? [])];
}

/** Reads a key from a row returned in key-column order, refusing NULLs. */
export function readKey(row: readonly unknown[], keyColumns: readonly string[]): Key {
  return keyColumns.map((column, i) => {
    const value = row[i];
    if (typeof value === "number" || typeof value === "bigint" || typeof value === "string") return value;
    if (value instanceof Uint8Array) return value;
    throw new InvalidKeyError(`key column "${column}" holds ${String(value)}; backfill keys must not be NULL`);
  });
}

/**
 * The named parameters a transformation receives for a batch. Every key column `c` gets
 * `:batch_start_c` and `:batch_end_c`; a single-column key also gets `:batch_start` and
 * `:batch_end`. Both bounds are inclusive: `WHERE id BETWEEN :batch_start AND :batch_end`, or
 * for a composite key `WHERE (a, b) BETWEEN (:batch_start_a, :batch_start_b) AND (:batch_end_a, :batch_end_b)`.
 */
export function bindBatch(keyColumns: readonly string[], bounds: BatchBounds): Record<string, KeyPart> {
  const named: Record<string, KeyPart> = {};
  keyColumns.forEach((column, i) => {
    const start = bounds.start[i];
    const end = bounds.end[i];
    if (start === undefined || end === undefined) throw new InvalidKeyError(`bounds lack key column "${column}"`);
    named[`batch_start_${column}`] = start;
    named[`batch_end_${column}`] = end;
  });
  if (keyColumns.length === 1) {
    named.batch_start = bounds.start[0] ?? "";
    named.batch_end = bounds.end[0] ?? "";
  }
  return named;
}

/** The names `bindBatch` binds for these key columns. */
export function batchParameterNames(keyColumns: readonly string[]): Set<string> {
  const names = new Set(keyColumns.flatMap((column) => [`batch_start_${column}`, `batch_end_${column}`]));
  if (keyColumns.length === 1) {
    names.add("batch_start");
    names.add("batch_end");
  }
  return names;
}

// SQLite's order across storage classes: numbers, then text, then blobs.
function classOf(part: KeyPart): number {
  if (typeof part === "number" || typeof part === "bigint") return 0;
  return typeof part === "string" ? 1 : 2;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}

const utf8 = new TextEncoder();

function compareParts(a: KeyPart, b: KeyPart): number {
  const byClass = classOf(a) - classOf(b);
  if (byClass !== 0) return byClass;
  if (typeof a === "string" && typeof b === "string") return compareBytes(utf8.encode(a), utf8.encode(b));
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  // Mixed number and bigint compare exactly in JavaScript.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders keys as SQLite's `COLLATE BINARY` row-value comparison does. */
export function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const diff = compareParts(a[i] ?? 0, b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}

type EncodedPart = number | string | { readonly int: string } | { readonly blob: string };

/** A key for messages: `[4]`, `["acme", 7]`, blobs in hex. */
export function describeKey(key: Key): string {
  const parts = key.map((part) => {
    if (typeof part === "string") return JSON.stringify(part);
    if (part instanceof Uint8Array) return `x'${Buffer.from(part).toString("hex")}'`;
    return String(part);
  });
  return `[${parts.join(", ")}]`;
}

/** A key as JSON text for a checkpoint row; integers and blobs survive exactly. */
export function encodeKey(key: Key): string {
  const parts: EncodedPart[] = key.map((part) => {
    if (typeof part === "bigint") return { int: part.toString() };
    if (part instanceof Uint8Array) return { blob: Buffer.from(part).toString("base64") };
    return part;
  });
  return JSON.stringify(parts);
}

export function decodeKey(text: string): Key {
  const parts = JSON.parse(text) as EncodedPart[];
  return parts.map((part) => {
    if (typeof part === "number" || typeof part === "string") return part;
    if ("int" in part) return BigInt(part.int);
    return new Uint8Array(Buffer.from(part.blob, "base64"));
  });
}

/**
 * The index of the first committed batch that starts after `after` (none: the first of all),
 * searching from `from` in batches sorted by `compareKeys` on their start. A resumed walk pages
 * up to that batch, then jumps past it; the walk only moves forward, so it passes `from` along.
 */
export function findNextCommitted(committed: readonly BatchBounds[], after: Key | undefined, from = 0): number {
  let index = from;
  while (after !== undefined && index < committed.length && compareKeys(committed[index]?.start ?? [], after) <= 0) {
    index += 1;
  }
  return index;
}
