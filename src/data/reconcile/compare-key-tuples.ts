import type { KeyTuple, KeyValue } from "./table-source.js";

/**
 * Orders keys as the databases do under binary collation: NULL, then numbers by value, then
 * text by UTF-8 bytes (code point order), then bytes. The merge join relies on this matching
 * the ORDER BY of both sides.
 */
export function compareKeyTuples(a: KeyTuple, b: KeyTuple): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const order = compareKeyValues(a[index] ?? null, b[index] ?? null);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function rank(value: KeyValue): number {
  if (value === null) return 0;
  if (typeof value === "number" || typeof value === "bigint") return 1;
  if (typeof value === "string") return 2;
  return 3;
}

function compareKeyValues(a: KeyValue, b: KeyValue): number {
  const order = rank(a) - rank(b);
  if (order !== 0 || a === null) return order;
  if (typeof a === "string" && typeof b === "string") return compareCodePoints(a, b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b);
  return compareNumbers(a as number | bigint, b as number | bigint);
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  // Mixed: compare through the integer part first so bigints beyond 2^53 stay exact.
  const [big, num, sign] = typeof a === "bigint" ? [a, b as number, 1] : [b as bigint, a as number, -1];
  if (!Number.isFinite(num)) return num > 0 ? -sign : sign;
  const floor = BigInt(Math.floor(num));
  if (big !== floor) return big < floor ? -sign : sign;
  return num > Math.floor(num) ? -sign : 0;
}

function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(j) ?? 0;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}
