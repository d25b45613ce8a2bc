import type Database from "better-sqlite3";
import type { CommittedBatch } from "./backfill-tally.js";
import { describePageBounds, pageRangeParams, readKey, type Key } from "./plan-batches.js";

/** Finds the next batch's bounds and size: keys after `after` and before `before`, at most `size`. */
export type FindPageBounds = (after: Key | undefined, before: Key | undefined, size: number) => CommittedBatch | undefined;

/**
 * Prepares the bounds queries once per shape of range (with or without `after` and `before`),
 * so a batch costs two index lookups rather than reading its page of keys into JavaScript.
 */
export function prepareSqlitePageBounds(db: Database.Database, table: string, keyColumns: readonly string[]): FindPageBounds {
  type Prepared = { first: Database.Statement; nth: Database.Statement; tail: Database.Statement };
  const shapes = new Map<string, Prepared>();
  const prepared = (after: boolean, before: boolean): Prepared => {
    const shape = `${String(after)}-${String(before)}`;
    let statements = shapes.get(shape);
    if (statements === undefined) {
      const queries = describePageBounds({ table, keyColumns, after, before });
      // Integers come back as bigint so keys above 2^53 stay exact in checkpoints.
      const prepare = (sql: string): Database.Statement => db.prepare(sql).raw(true).safeIntegers(true);
      statements = { first: prepare(queries.first), nth: prepare(queries.nth), tail: prepare(queries.tail) };
      shapes.set(shape, statements);
    }
    return statements;
  };

  return (after, before, size) => {
    const statements = prepared(after !== undefined, before !== undefined);
    const params = pageRangeParams(after, before);
    const first = statements.first.get(...params) as unknown[] | undefined;
    if (first === undefined) return undefined;
    const start = readKey(first, keyColumns);
    const nth = statements.nth.get(...params, size - 1) as unknown[] | undefined;
    if (nth !== undefined) return { start, end: readKey(nth, keyColumns), rows: size };
    const tail = statements.tail.get(...params, ...params) as unknown[];
    return { start, end: readKey(tail, keyColumns), rows: Number(tail[keyColumns.length]) };
  };
}
