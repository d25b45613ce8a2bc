/**
 * Keyset pagination for backfills, as pure descriptions: which SQL finds the next batch, how a
 * batch's bounds bind to the transformation, how keys order and round-trip through checkpoints.
 * Nothing here touches a database, so a PostgreSQL walker can reuse it.
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

/** A parameterised query: positional `?` parameters, in order. */
export interface PageQuery {
  readonly sql: string;
  readonly params: readonly KeyPart[];
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

function keyTuple(columns: readonly string[]): string {
  const parts = columns.map((c) => `${quoteIdentifier(c)} COLLATE BINARY`);
  return parts.length === 1 ? (parts[0] ?? "") : `(${parts.join(", ")})`;
}

function placeholders(count: number): string {
  const marks = Array.from({ length: count }, () => "?");
  return count === 1 ? "?" : `(${marks.join(", ")})`;
}

/**
 * The query for the next page of source keys: keys strictly after `after` (none: from the
 * start) and strictly before `before` (none: to the end), in key order, at most `batchSize`.
 * Its first and last rows are the next batch's bounds. `before` lets a resumed walk stop short
 * of a batch already committed, so no committed batch is ever re-run.
 */
export function describeNextPage(options: {
  readonly table: string;
  readonly keyColumns: readonly string[];
  readonly batchSize: number;
  readonly after?: Key;
  readonly before?: Key;
}): PageQuery {
  const { table, keyColumns, batchSize, after, before } = options;
  const tuple = keyTuple(keyColumns);
  const conditions: string[] = [];
  const params: KeyPart[] = [];
  if (after !== undefined) {
    conditions.push(`${tuple} > ${placeholders(keyColumns.length)}`);
    params.push(...after);
  }
  if (before !== undefined) {
    conditions.push(`${tuple} < ${placeholders(keyColumns.length)}`);
    params.push(...before);
  }
  const select = keyColumns.map(quoteIdentifier).join(", ");
  const where = conditions.length === 0 ? "" : ` WHERE ${conditions.join(" AND ")}`;
  const order = keyColumns.map((c) => `${quoteIdentifier(c)} COLLATE BINARY`).join(", ");
  return {
    sql: `SELECT ${select} FROM ${quoteIdentifier(table)}${where} ORDER BY ${order} LIMIT ${String(batchSize)}`,
    params,
  };
}

/** The bounds of a page of keys, or none when the page is empty. */
export function boundsOfPage(page: readonly Key[]): BatchBounds | undefined {
  const start = page[0];
  const end = page[page.length - 1];
  return start === undefined || end === undefined ? undefined : { start, end };
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
    named["batch_start"] = bounds.start[0] ?? "";
    named["batch_end"] = bounds.end[0] ?? "";
  }
  return named;
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
export function findNextCommitted(
  committed: readonly BatchBounds[],
  after: Key | undefined,
  from = 0,
): number {
  let index = from;
  while (after !== undefined && index < committed.length && compareKeys(committed[index]?.start ?? [], after) <= 0) {
    index += 1;
  }
  return index;
}
