import type pg from "pg";
import type { CommittedBatch } from "./backfill-tally.js";
import { quoteIdentifier, readKey, type Key } from "./plan-batches.js";

/**
 * Key order on PostgreSQL: plain `ORDER BY` and row comparisons on the bare key columns, so keys
 * order by each column's own type and collation, exactly as the transformation's
 * `BETWEEN :batch_start AND :batch_end` compares them (an untyped parameter takes the column's
 * type, and the column's collation wins over the parameter's default). No row can fall between
 * two batches, and the primary key's index serves the walk. Keys travel as their text form
 * (`::text`) and go back as untyped parameters, so bigint, numeric, uuid or bytea keys stay exact.
 */
export interface PostgresBoundsQueries {
  /** The range's first key and the key `OFFSET` rows after it (one more parameter), flagged present. */
  readonly head: string;
  /** The range's last key and its number of keys, for a range shorter than a page. */
  readonly tail: string;
}

const SOURCE_ALIAS = "bascule_source";

/**
 * The queries for the next batch's bounds: keys strictly after `after` and strictly before
 * `before` (each optional), with `after`'s parts as the first parameters, then `before`'s.
 */
export function describePostgresPageBounds(options: {
  readonly table: string;
  readonly keyColumns: readonly string[];
  readonly after: boolean;
  readonly before: boolean;
}): PostgresBoundsQueries {
  const { table, keyColumns, after, before } = options;
  // Qualified, so ORDER BY cannot pick the `::text` output column of the same name instead.
  const columns = keyColumns.map((c) => `${SOURCE_ALIAS}.${quoteIdentifier(c)}`);
  const tuple = columns.length === 1 ? (columns[0] ?? "") : `(${columns.join(", ")})`;
  let next = 1;
  const params = (): string => {
    const marks = keyColumns.map(() => `$${String(next++)}`);
    return marks.length === 1 ? (marks[0] ?? "") : `(${marks.join(", ")})`;
  };
  const conditions: string[] = [];
  if (after) conditions.push(`${tuple} > ${params()}`);
  if (before) conditions.push(`${tuple} < ${params()}`);
  const from = `FROM ${quoteIdentifier(table)} AS ${SOURCE_ALIAS}${conditions.length === 0 ? "" : ` WHERE ${conditions.join(" AND ")}`}`;
  const texts = columns.map((c) => `${c}::text`).join(", ");
  const ascending = columns.join(", ");
  const descending = columns.map((c) => `${c} DESC`).join(", ");
  const offset = `$${String(next)}`;
  return {
    head:
      `SELECT * FROM (SELECT ${texts} ${from} ORDER BY ${ascending} LIMIT 1) AS first_key` +
      ` LEFT JOIN (SELECT ${texts}, true ${from} ORDER BY ${ascending} OFFSET ${offset} LIMIT 1) AS last_key ON true`,
    tail: `SELECT ${texts}, (SELECT count(*) ${from}) ${from} ORDER BY ${descending} LIMIT 1`,
  };
}

/** Finds the next batch's bounds and size on `client`; none when the range holds no key. */
export type FindPostgresPageBounds = (after: Key | undefined, before: Key | undefined, size: number) => Promise<CommittedBatch | undefined>;

/** Prepares the bounds queries as statements named `<namePrefix>_…` on `client`, one pair per shape of range. */
export function preparePostgresPageBounds(client: pg.ClientBase, namePrefix: string, table: string, keyColumns: readonly string[]): FindPostgresPageBounds {
  const width = keyColumns.length;
  const shapes = new Map<string, PostgresBoundsQueries>();
  return async (after, before, size) => {
    const shape = `${after === undefined ? "" : "a"}${before === undefined ? "" : "b"}`;
    let queries = shapes.get(shape);
    if (queries === undefined) {
      queries = describePostgresPageBounds({ table, keyColumns, after: after !== undefined, before: before !== undefined });
      shapes.set(shape, queries);
    }
    const range = [...(after ?? []), ...(before ?? [])].map(String);
    const head = await client.query<unknown[]>({
      name: `${namePrefix}_head_${shape}`,
      text: queries.head,
      values: [...range, size - 1],
      rowMode: "array",
    });
    const row = head.rows[0];
    if (row === undefined) return undefined;
    const start = readKey(row.slice(0, width), keyColumns);
    if (row[2 * width] === true) return { start, end: readKey(row.slice(width, 2 * width), keyColumns), rows: size };
    const tail = await client.query<unknown[]>({ name: `${namePrefix}_tail_${shape}`, text: queries.tail, values: range, rowMode: "array" });
    const last = tail.rows[0] ?? [];
    return { start, end: readKey(last.slice(0, width), keyColumns), rows: Number(last[width]) };
  };
}
