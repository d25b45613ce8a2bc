import { RowChecksum } from "../data/reconcile/row-checksum.js";
import type { KeyTuple, KeyValue, RangeChecksum, RowPage } from "../data/reconcile/table-source.js";

// Rows, keys and checksums the table source contract builds its cases from and compares against.

/** 2000 rows `(id, name, ratio)`: NULL names, repeating fractions and extreme ids and reals. */
export function manyRows(): KeyValue[][] {
  const rows: KeyValue[][] = range(1, 2000).map((i) => [BigInt(i), i % 7 === 0 ? null : `name ${i}`, i / 3]);
  rows.push([9223372036854775807n, "max", 1e300], [-9223372036854775808n, "min", -1e-300]);
  return rows;
}

/** The rows in a scrambled but repeatable order, so no engine sees them sorted by key. */
export function shuffled(rows: readonly KeyValue[][]): KeyValue[][] {
  return rows
    .map((row, index) => ({ row, rank: (index * 7919) % 2003 }))
    .sort((x, y) => x.rank - y.rank)
    .map(({ row }) => row);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

export function checksumOf(rows: readonly (readonly KeyValue[])[]): RangeChecksum {
  const checksum = new RowChecksum();
  for (const row of rows) checksum.addRow(row);
  return checksum.toChecksum();
}

export function addChecksums(parts: readonly RangeChecksum[]): RangeChecksum {
  const sum = parts.reduce((total, part) => (total + BigInt(`0x${part.digest}`)) % (1n << 64n), 0n);
  return { rows: parts.reduce((total, part) => total + part.rows, 0), digest: sum.toString(16).padStart(16, "0") };
}

/** A key as the contract compares it: an engine may give small integers as numbers and bytes as Buffers. */
export function plainKey(key: KeyTuple): KeyValue[] {
  return key.map((value) => {
    if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
    if (value instanceof Uint8Array) return new Uint8Array(value);
    return value;
  });
}

export function plainKeys(keys: readonly KeyTuple[]): KeyValue[][] {
  return keys.map(plainKey);
}

export function keysOf(page: RowPage): KeyValue[][] {
  return plainKeys(page.rows.map((row) => row.key));
}
