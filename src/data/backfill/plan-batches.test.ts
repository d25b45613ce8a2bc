import { describe, expect, it } from "vitest";
import {
  bindBatch,
  boundsOfPage,
  compareKeys,
  decodeKey,
  describeNextPage,
  encodeKey,
  findNextCommitted,
  InvalidKeyError,
  readKey,
} from "./plan-batches.js";

describe("describeNextPage", () => {
  it("starts from the beginning when nothing is committed", () => {
    expect(describeNextPage({ table: "items", keyColumns: ["id"], batchSize: 500 })).toEqual({
      sql: 'SELECT "id" FROM "items" ORDER BY "id" COLLATE BINARY LIMIT 500',
      params: [],
    });
  });

  it("continues strictly after the last committed key", () => {
    const query = describeNextPage({ table: "items", keyColumns: ["id"], batchSize: 10, after: [42] });
    expect(query.sql).toContain('WHERE "id" COLLATE BINARY > ?');
    expect(query.params).toEqual([42]);
  });

  it("compares composite keys as row values and stops before a committed batch", () => {
    const query = describeNextPage({
      table: "source.orders",
      keyColumns: ["tenant", "seq"],
      batchSize: 10,
      after: ["acme", 3],
      before: ["acme", 90],
    });
    expect(query.sql).toBe(
      'SELECT "tenant", "seq" FROM "source"."orders" WHERE ("tenant" COLLATE BINARY, "seq" COLLATE BINARY) > (?, ?)' +
        ' AND ("tenant" COLLATE BINARY, "seq" COLLATE BINARY) < (?, ?) ORDER BY "tenant" COLLATE BINARY, "seq" COLLATE BINARY LIMIT 10',
    );
    expect(query.params).toEqual(["acme", 3, "acme", 90]);
  });
});

describe("bindBatch", () => {
  it("gives a single-column key both the short and the per-column names", () => {
    expect(bindBatch(["id"], { start: [1], end: [9] })).toEqual({
      batch_start: 1, batch_end: 9, batch_start_id: 1, batch_end_id: 9,
    });
  });

  it("gives a composite key one pair of names per column", () => {
    expect(bindBatch(["tenant", "seq"], { start: ["a", 1], end: ["b", 2] })).toEqual({
      batch_start_tenant: "a", batch_end_tenant: "b", batch_start_seq: 1, batch_end_seq: 2,
    });
  });
});

describe("keys", () => {
  it("takes a page's first and last key as the batch bounds", () => {
    expect(boundsOfPage([[1], [4], [7]])).toEqual({ start: [1], end: [7] });
    expect(boundsOfPage([])).toBeUndefined();
  });

  it("refuses NULL keys, which keyset pagination would skip", () => {
    expect(() => readKey([null], ["id"])).toThrow(InvalidKeyError);
  });

  it("orders like SQLite: numbers before text before blobs, text by UTF-8 bytes", () => {
    expect(compareKeys([2], [10n])).toBeLessThan(0);
    expect(compareKeys([999], ["0"])).toBeLessThan(0);
    expect(compareKeys(["Z"], ["a"])).toBeLessThan(0);
    expect(compareKeys(["z"], ["é"])).toBeLessThan(0);
    expect(compareKeys(["z"], [new Uint8Array([0])])).toBeLessThan(0);
    expect(compareKeys(["a", 2], ["a", 10])).toBeLessThan(0);
    expect(compareKeys(["a", 2], ["a", 2])).toBe(0);
  });

  it("round-trips big integers, text and blobs through checkpoint text exactly", () => {
    const key = [9007199254740993n, "é", new Uint8Array([1, 2, 255]), 1.5];
    expect(decodeKey(encodeKey(key))).toEqual(key);
  });

  it("finds the next committed batch after the walk's position", () => {
    const committed = [
      { start: [1], end: [5] },
      { start: [11], end: [15] },
    ];
    expect(findNextCommitted(committed, undefined)).toBe(0);
    expect(findNextCommitted(committed, [3])).toBe(1);
    expect(findNextCommitted(committed, [5], 1)).toBe(1);
    expect(findNextCommitted(committed, [15])).toBe(2);
  });
});
