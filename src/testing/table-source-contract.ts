import { afterEach, describe, expect, it } from "vitest";
import { encodeCanonicalRow, encodeCanonicalValue } from "../data/reconcile/encode-canonical-value.js";
import { ReconcileError } from "../data/reconcile/reconcile-error.js";
import type { KeyValue, TableSource } from "../data/reconcile/table-source.js";
import { addChecksums, checksumOf, keysOf, manyRows, plainKeys, range, shuffled } from "./table-source-fixtures.js";

/** A column type every engine has: a 64-bit integer, a double, UTF-8 text or bytes. */
export type ContractColumnType = "integer" | "real" | "text" | "bytes";

/** A table the contract needs: the adapter's test creates it, fills it and opens a source over it. */
export interface ContractTable {
  /** Column names and types, in table order. */
  readonly columns: Readonly<Record<string, ContractColumnType>>;
  /** Values in column order; NULL as null, integers as bigint, bytes as Uint8Array. */
  readonly rows: readonly (readonly KeyValue[])[];
  /** The source's key columns; they may name a column the table lacks. */
  readonly keyColumns: readonly string[];
  /** Declares the key columns the table's primary key. */
  readonly primaryKey?: boolean;
  /** A projection query to read instead of the table, given the table's name as the engine needs it. */
  readonly query?: (table: string) => string;
}

/** A source under test; the contract closes it after each test. */
export type TableSourceUnderTest = TableSource & { close(): unknown };

/**
 * The behaviour every reconciliation `TableSource` must have, whatever its engine and however
 * the table's columns collate by default. Call it from the adapter's test file; `create` makes
 * a fresh table holding the given rows and opens a source over it.
 */
export function describeTableSourceContract(name: string, create: (table: ContractTable) => Promise<TableSourceUnderTest>): void {
  describe(`${name} (table source contract)`, () => {
    const opened: TableSourceUnderTest[] = [];
    afterEach(async () => {
      for (const source of opened.splice(0)) await source.close();
    });

    async function open(table: ContractTable): Promise<TableSourceUnderTest> {
      const source = await create(table);
      opened.push(source);
      return source;
    }

    /** A table `t (id integer, v text)`, or with other columns, keyed by id. */
    function openRows(rows: readonly (readonly KeyValue[])[], options: Partial<ContractTable> = {}): Promise<TableSourceUnderTest> {
      return open({ columns: { id: "integer", v: "text" }, keyColumns: ["id"], rows, ...options });
    }

    it("counts rows and distinct keys, with or without a primary key", async () => {
      const duplicated = await openRows([
        [1n, "a"],
        [1n, "a"],
        [2n, "b"],
      ]);
      expect(await duplicated.countRows()).toEqual({ rows: 3, keys: 2 });
      const unique = await openRows(
        [
          [1n, "a"],
          [2n, "b"],
        ],
        { primaryKey: true },
      );
      expect(await unique.countRows()).toEqual({ rows: 2, keys: 2 });
      expect(await (await openRows([])).countRows()).toEqual({ rows: 0, keys: 0 });
    });

    it("counts the distinct keys of a range, text keys differing only in case as two", async () => {
      const source = await openRows([
        [1n, "a"],
        [2n, "b"],
        [2n, "b"],
        [3n, "c"],
        [3n, "c"],
        [3n, "c"],
      ]);
      expect(await source.countKeys({})).toBe(3);
      expect(await source.countKeys({ after: [1n], upTo: [2n] })).toBe(1);
      expect(await source.countKeys({ after: [3n] })).toBe(0);
      const text = await open({
        columns: { name: "text", v: "integer" },
        keyColumns: ["name"],
        rows: [
          ["a", 1n],
          ["A", 1n],
          ["a", 2n],
        ],
      });
      expect(await text.countKeys({})).toBe(2);
    });

    it("refuses a NULL key instead of misplacing its rows", async () => {
      // A NULL key falls outside every bounded range, so its rows would vanish from the parts.
      const source = await openRows([
        [1n, "a"],
        [null, "b"],
        [2n, "c"],
      ]);
      const refused = await source.countRows().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ReconcileError);
      expect(refused).toMatchObject({ code: "bad-source", message: expect.stringMatching(/1 rows .* NULL key column/) });
    });

    it("encodes integers, reals, text, bytes and NULL as encodeCanonicalValue does, in pages and checksums", async () => {
      const columns = { id: "integer", n: "integer", r: "real", s: "text", b: "bytes" } as const;
      const rows: KeyValue[][] = [
        [1n, 9223372036854775807n, 0.1 + 0.2, "é", new Uint8Array([0, 255])],
        [2n, -9223372036854775808n, 1234567890123.125, "", new Uint8Array()],
        [3n, 0n, -0, "NULL", null],
        [4n, -1n, Number.POSITIVE_INFINITY, "tab\there 😀 quote ' \" \\", new Uint8Array([1])],
        [5n, null, 1e300, null, null],
        [6n, 42n, null, "a", null],
      ];
      const source = await open({ columns, keyColumns: ["id"], rows, primaryKey: true });
      const names = Object.keys(columns).slice(1);
      for (const [index, column] of names.entries()) {
        const page = await source.readRange({}, [column], 100);
        const expected = rows.map((row) => encodeCanonicalValue(row[index + 1] ?? null));
        expect({ column, codes: page.rows.map((row) => row.valueCode) }).toEqual({ column, codes: expected });
        expect({ column, checksum: await source.checksumRange({}, [column]) }).toEqual({
          column,
          checksum: checksumOf(rows.map((row) => [row[0] ?? null, row[index + 1] ?? null])),
        });
      }
      expect((await source.readRange({}, names, 100)).rows.map((row) => row.valueCode)).toEqual(rows.map((row) => encodeCanonicalRow(row.slice(1))));
      expect(await source.checksumRange({}, names)).toEqual(checksumOf(rows));
    });

    it("computes the checksum RowChecksum gives over the same values, whatever the row order", async () => {
      const source = await open({ columns: { id: "integer", name: "text", ratio: "real" }, keyColumns: ["id"], rows: shuffled(manyRows()), primaryKey: true });
      expect(await source.checksumRange({}, ["name", "ratio"])).toEqual(checksumOf(manyRows()));
      // A range's checksum is that of its rows alone.
      const inRange = manyRows().filter(([id]) => (id as bigint) > 100n && (id as bigint) <= 200n);
      expect(await source.checksumRange({ after: [100n], upTo: [200n] }, ["name", "ratio"])).toEqual(checksumOf(inRange));
    });

    it("gives a duplicated row a different checksum: a sum, not an XOR", async () => {
      const ordered = await openRows([
        [1n, "a"],
        [2n, "b"],
      ]);
      const reversed = await openRows([
        [2n, "b"],
        [1n, "a"],
      ]);
      // Two copies of a row would cancel out under XOR, three would look like one.
      const twice = await openRows([
        [2n, "b"],
        [1n, "a"],
        [1n, "a"],
      ]);
      const thrice = await openRows([
        [1n, "a"],
        [2n, "b"],
        [2n, "b"],
        [2n, "b"],
      ]);
      const base = await ordered.checksumRange({}, ["v"]);
      expect(base.digest).toMatch(/^[0-9a-f]{16}$/);
      expect(await reversed.checksumRange({}, ["v"])).toEqual(base);
      for (const [source, rows] of [
        [twice, 3],
        [thrice, 4],
      ] as const) {
        const checksum = await source.checksumRange({}, ["v"]);
        expect(checksum.rows).toBe(rows);
        expect(checksum.digest).not.toBe(base.digest);
      }
    });

    it("splits a range into near-equal parts whose bounds are distinct keys", async () => {
      const source = await open({ columns: { id: "integer" }, keyColumns: ["id"], rows: range(1, 100).map((id) => [BigInt(id)]), primaryKey: true });
      expect(plainKeys(await source.splitRange({}, 4))).toEqual([[25n], [50n], [75n]]);
      expect(plainKeys(await source.splitRange({ after: [50n], upTo: [60n] }, 2))).toEqual([[55n]]);
      expect(await source.splitRange({ after: [50n], upTo: [51n] }, 4)).toEqual([]);
      expect(await source.splitRange({}, 1)).toEqual([]);
      expect(await source.splitRange({ after: [100n] }, 4)).toEqual([]);
      // Keys 10 to 60 all 10: a bound there would only repeat itself and make an empty part.
      const repeated = await openRows(range(1, 100).map((i) => [BigInt(i >= 10 && i <= 60 ? 10 : i), `v${i}`]));
      expect(plainKeys(await repeated.splitRange({}, 4))).toEqual([[10n], [75n]]);
    });

    it("splits a range into parts whose rows and checksums add up to the range's", async () => {
      const source = await open({ columns: { id: "integer", name: "text", ratio: "real" }, keyColumns: ["id"], rows: shuffled(manyRows()) });
      const whole = { after: [10n], upTo: [1990n] };
      const bounds = await source.splitRange(whole, 7);
      expect(bounds.length).toBeGreaterThanOrEqual(5);
      const edges = [whole.after, ...bounds, whole.upTo];
      const parts = await Promise.all(edges.slice(1).map((upTo, index) => source.checksumRange({ after: edges[index]!, upTo }, ["name", "ratio"])));
      expect(addChecksums(parts)).toEqual(await source.checksumRange(whole, ["name", "ratio"]));
      for (const part of parts) expect(part.rows).toBeGreaterThan(0);
    });

    it("pages rows in key order without ever splitting the rows of one key", async () => {
      const source = await open({
        columns: { id: "integer", v: "integer" },
        keyColumns: ["id"],
        rows: [
          [3n, 1n],
          [1n, 1n],
          [2n, 1n],
          [2n, 2n],
          [2n, 3n],
          [4n, 1n],
        ],
      });
      const first = await source.readRange({}, ["v"], 2);
      expect(first.complete).toBe(false);
      expect(keysOf(first)).toEqual([[1n], [2n], [2n], [2n]]);
      const second = await source.readRange({ after: [2n] }, ["v"], 2);
      expect(keysOf(second)).toEqual([[3n], [4n]]);
      expect(second.complete).toBe(true);
      expect(second.rows.map((row) => row.keyCode)).toEqual([encodeCanonicalRow([3n]), encodeCanonicalRow([4n])]);
    });

    it("reads a range up to its inclusive bound, and an empty range as complete", async () => {
      const source = await openRows(
        [
          [1n, "a"],
          [2n, "b"],
          [3n, "c"],
          [4n, "d"],
        ],
        { primaryKey: true },
      );
      const bounded = await source.readRange({ after: [1n], upTo: [3n] }, ["v"], 10);
      expect({ keys: keysOf(bounded), complete: bounded.complete }).toEqual({ keys: [[2n], [3n]], complete: true });
      expect(await source.readRange({ after: [4n] }, ["v"], 10)).toEqual({ rows: [], complete: true });
      expect(keysOf(await source.readRange({ upTo: [1n] }, [], 10))).toEqual([[1n]]);
    });

    it("round-trips integer keys beyond 2^53 exactly as bigint bounds", async () => {
      const source = await openRows(
        [
          [9007199254740992n, "a"],
          [9007199254740993n, "b"],
          [9007199254740994n, "c"],
          [9223372036854775807n, "d"],
        ],
        { primaryKey: true },
      );
      const page = await source.readRange({ after: [9007199254740992n] }, ["v"], 2);
      expect(page.rows.map((row) => row.key)).toEqual([[9007199254740993n], [9007199254740994n]]);
      const last = await source.readRange({ after: page.rows.at(-1)!.key }, ["v"], 2);
      expect(last.rows.map((row) => row.keyCode)).toEqual([encodeCanonicalRow([9223372036854775807n])]);
      expect(await source.countKeys({ after: [9007199254740993n], upTo: [9223372036854775807n] })).toBe(2);
    });

    it("orders and bounds text keys by code point, whatever the column's default collation", async () => {
      const source = await open({
        columns: { name: "text" },
        keyColumns: ["name"],
        rows: ["b", "B", "a b", "ab", "a", "é", "😀", "Z", "\ufb01"].map((name) => [name]),
        primaryKey: true,
      });
      // By UTF-8 bytes: "ﬁ" (U+FB01) before "😀" (U+1F600), where UTF-16 order has it after.
      const expected = ["B", "Z", "a", "a b", "ab", "b", "é", "\ufb01", "😀"];
      expect(keysOf(await source.readRange({}, [], 100)).map(([name]) => name)).toEqual(expected);
      expect(keysOf(await source.readRange({ after: ["Z"], upTo: ["ab"] }, [], 100)).map(([name]) => name)).toEqual(["a", "a b", "ab"]);
      expect(await source.countKeys({ after: ["b"] })).toBe(3);
      expect(plainKeys(await source.splitRange({}, 3))).toEqual([["a"], ["b"]]);
    });

    it("orders compound keys column by column and bounds them as tuples", async () => {
      const rows: KeyValue[][] = [
        ["b", 1n, 1n],
        ["a", 10n, 2n],
        ["a", 2n, 3n],
        ["B", 5n, 4n],
        ["a", 2n, 5n],
        ["b", -1n, 6n],
      ];
      const source = await open({ columns: { code: "text", n: "integer", v: "integer" }, keyColumns: ["code", "n"], rows });
      expect(keysOf(await source.readRange({}, ["v"], 100))).toEqual([
        ["B", 5n],
        ["a", 2n],
        ["a", 2n],
        ["a", 10n],
        ["b", -1n],
        ["b", 1n],
      ]);
      const afterFirstA = await source.readRange({ after: ["a", 2n] }, ["v"], 1);
      expect({ keys: keysOf(afterFirstA), complete: afterFirstA.complete }).toEqual({ keys: [["a", 10n]], complete: false });
      expect(await source.countKeys({ after: ["B", 5n], upTo: ["b", -1n] })).toBe(3);
      expect(await source.countRows()).toEqual({ rows: 6, keys: 5 });
    });

    it("orders real keys by value and byte keys by their bytes", async () => {
      const reals = await open({ columns: { x: "real" }, keyColumns: ["x"], rows: [[10], [-1.5], [2], [0.25], [1e300]] });
      expect(keysOf(await reals.readRange({}, [], 100))).toEqual([[-1.5], [0.25], [2n], [10n], [1e300]]);
      expect(keysOf(await reals.readRange({ after: [0.25] }, [], 1))).toEqual([[2n]]);
      const bytes = await open({
        columns: { b: "bytes" },
        keyColumns: ["b"],
        rows: [[new Uint8Array([255])], [new Uint8Array([0, 1])], [new Uint8Array([1])], [new Uint8Array([0])]],
      });
      const byteKeys = [[0], [0, 1], [1], [255]].map((values) => [new Uint8Array(values)]);
      expect(keysOf(await bytes.readRange({}, [], 100))).toEqual(byteKeys);
      expect(keysOf(await bytes.readRange({ after: [new Uint8Array([0, 1])] }, [], 100))).toEqual(byteKeys.slice(2));
    });

    it("reads the output columns of a projection query", async () => {
      const source = await openRows(
        [
          [1n, "a"],
          [2n, "b"],
        ],
        { primaryKey: true, query: (table) => `SELECT id, v || '!' AS shouted FROM ${table}` },
      );
      expect(await source.listColumns()).toEqual(["id", "shouted"]);
      expect((await source.readRange({}, ["shouted"], 10)).rows.map((row) => row.valueCode)).toEqual(["s2:a!", "s2:b!"]);
      expect(await source.checksumRange({}, ["shouted"])).toEqual(
        checksumOf([
          [1n, "a!"],
          [2n, "b!"],
        ]),
      );
      expect(await source.countRows()).toEqual({ rows: 2, keys: 2 });
      expect(await (await openRows([[1n, "a"]])).listColumns()).toEqual(["id", "v"]);
    });

    it("refuses a key column or a compared column the source lacks, naming it", async () => {
      const missingKey = await openRows([[1n, "a"]], { keyColumns: ["missing"] });
      await expect(missingKey.countRows()).rejects.toThrow(ReconcileError);
      await expect(missingKey.countRows()).rejects.toThrow(/missing/);
      const source = await openRows([[1n, "a"]]);
      await expect(source.checksumRange({}, ["nope"])).rejects.toThrow(ReconcileError);
      await expect(source.checksumRange({}, ["nope"])).rejects.toThrow(/nope/);
      await expect(source.readRange({}, ["nope"], 10)).rejects.toThrow(/nope/);
    });

    it("offers a native comparison, if any, only as exact as the canonical one", async () => {
      // Float noise and -0 are equal canonically; 1.5 and 1.5000001 are not.
      const columns = { id: "integer", ratio: "real", name: "text" } as const;
      const rowsA: KeyValue[][] = [
        [1n, 0.1 + 0.2, "x"],
        [2n, -0, "y"],
        [3n, 1.5, "z"],
        [4n, 1.5, "w"],
      ];
      const a = await open({ columns, keyColumns: ["id"], primaryKey: true, rows: rowsA });
      const copy = await open({ columns, keyColumns: ["id"], primaryKey: true, rows: [...rowsA].reverse() });
      const b = await open({
        columns,
        keyColumns: ["id"],
        primaryKey: true,
        rows: [
          [4n, 1.5000001, "w"],
          [3n, 1.5, "z"],
          [2n, 0, "y"],
          [1n, 0.3, "x"],
        ],
      });
      const compared = ["ratio", "name"];
      const [nativeA, nativeCopy, nativeB] = [await a.nativeComparison?.(compared), await copy.nativeComparison?.(compared), await b.nativeComparison?.(compared)];
      expect([nativeCopy === undefined, nativeB === undefined]).toEqual([nativeA === undefined, nativeA === undefined]);
      if (nativeA === undefined || nativeCopy === undefined || nativeB === undefined) return;
      expect([nativeCopy.kind, nativeB.kind]).toEqual([nativeA.kind, nativeA.kind]);
      expect(await nativeCopy.checksumRange({})).toEqual(await nativeA.checksumRange({}));
      // Equal native checksums must mean equal canonical codes, so a real change always shows.
      expect((await nativeB.checksumRange({})).digest).not.toBe((await nativeA.checksumRange({})).digest);
      const [pageA, pageB] = [(await nativeA.readRange({}, 100)).rows, (await nativeB.readRange({}, 100)).rows];
      expect(pageB.map((row) => row.keyCode)).toEqual(pageA.map((row) => row.keyCode));
      const canonicalA = (await a.readRange({}, compared, 100)).rows;
      const canonicalB = (await b.readRange({}, compared, 100)).rows;
      const nativeEqual = pageA.map((row, index) => row.valueCode === pageB[index]!.valueCode);
      expect(nativeEqual).toEqual(canonicalA.map((row, index) => row.valueCode === canonicalB[index]!.valueCode));
      expect(nativeEqual).toEqual([true, true, true, false]);
    });
  });
}
