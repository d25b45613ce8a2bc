import { describe, expect, it } from "vitest";
import {
  batchParameterNames,
  bindBatch,
  compareKeys,
  decodeKey,
  describeKey,
  describePageBounds,
  encodeKey,
  findNextCommitted,
  InvalidKeyError,
  pageRangeParams,
  readKey,
} from "./plan-batches.js";

describe("describePageBounds", () => {
  it("finds the first key and the page's last one from the start when nothing is committed", () => {
    expect(describePageBounds({ table: "items", keyColumns: ["id"], after: false, before: false })).toEqual({
      first: 'SELECT "id" FROM "items" ORDER BY "id" COLLATE BINARY LIMIT 1',
      nth: 'SELECT "id" FROM "items" ORDER BY "id" COLLATE BINARY LIMIT 1 OFFSET ?',
      tail: 'SELECT "id", (SELECT count(*) FROM "items") FROM "items" ORDER BY "id" COLLATE BINARY DESC LIMIT 1',
    });
  });

  it("continues strictly after the last committed key, with the offset after the key", () => {
    const queries = describePageBounds({ table: "items", keyColumns: ["id"], after: true, before: false });
    expect(queries.first).toContain('WHERE "id" > ? COLLATE BINARY ORDER BY');
    expect(queries.nth).toContain("LIMIT 1 OFFSET ?");
    expect(pageRangeParams([42], undefined)).toEqual([42]);
  });

  it("compares composite keys as row values and stops before a committed batch", () => {
    const queries = describePageBounds({ table: "source.orders", keyColumns: ["tenant", "seq"], after: true, before: true });
    expect(queries.first).toBe(
      'SELECT "tenant", "seq" FROM "source"."orders" WHERE ("tenant", "seq") > (? COLLATE BINARY, ? COLLATE BINARY)' +
        ' AND ("tenant", "seq") < (? COLLATE BINARY, ? COLLATE BINARY) ORDER BY "tenant" COLLATE BINARY, "seq" COLLATE BINARY LIMIT 1',
    );
    expect(queries.nth).toMatch(/OFFSET \?$/);
    expect(queries.tail).toContain('ORDER BY "tenant" COLLATE BINARY DESC, "seq" COLLATE BINARY DESC LIMIT 1');
    expect(pageRangeParams(["acme", 3], ["acme", 90])).toEqual(["acme", 3, "acme", 90]);
  });

  it("bounds a range from above only", () => {
    const queries = describePageBounds({ table: "t", keyColumns: ["k"], after: false, before: true });
    expect(queries.tail).toBe('SELECT "k", (SELECT count(*) FROM "t" WHERE "k" < ? COLLATE BINARY) FROM "t" WHERE "k" < ? COLLATE BINARY ORDER BY "k" COLLATE BINARY DESC LIMIT 1');
  });
});

describe("bindBatch", () => {
  it("gives a single-column key both the short and the per-column names", () => {
    expect(bindBatch(["id"], { start: [1], end: [9] })).toEqual({
      batch_start: 1,
      batch_end: 9,
      batch_start_id: 1,
      batch_end_id: 9,
    });
  });

  it("lists the names it binds, for a parameter rewriter to know", () => {
    expect([...batchParameterNames(["id"])].sort()).toEqual(["batch_end", "batch_end_id", "batch_start", "batch_start_id"]);
    expect([...batchParameterNames(["a", "b"])].sort()).toEqual(["batch_end_a", "batch_end_b", "batch_start_a", "batch_start_b"]);
  });

  it("gives a composite key one pair of names per column", () => {
    expect(bindBatch(["tenant", "seq"], { start: ["a", 1], end: ["b", 2] })).toEqual({
      batch_start_tenant: "a",
      batch_end_tenant: "b",
      batch_start_seq: 1,
      batch_end_seq: 2,
    });
  });
});

describe("keys", () => {
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

  it("describes keys for messages, numbers bare and text quoted", () => {
    expect(describeKey([4n, "acme", new Uint8Array([1, 255])])).toBe(`[4, "acme", x'01ff']`);
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
