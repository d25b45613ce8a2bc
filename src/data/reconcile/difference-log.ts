import type { KeyTuple, KeyValue } from "./table-source.js";

export type DifferenceKind = "missing" | "extra" | "changed";
export type JsonKeyValue = null | number | string;

/** One differing key: `missing` from the target, `extra` in the target, or `changed` between them. */
export interface Difference {
  /** The key's value, or an object by source key column name for a composite key. */
  readonly key: JsonKeyValue | Readonly<Record<string, JsonKeyValue>>;
  readonly kind: DifferenceKind;
  /** Present when the key has several rows on a side: how many on each. */
  readonly duplicate?: { readonly source_rows: number; readonly target_rows: number };
}

/** Counts every difference but keeps only the first `limit`, so memory stays flat when most rows differ. */
export class DifferenceLog {
  readonly kept: Difference[] = [];
  count = 0;
  extraKeys = 0;

  constructor(
    readonly keyColumns: readonly string[],
    readonly limit: number,
  ) {}

  record(key: KeyTuple, kind: DifferenceKind, sourceRows: number, targetRows: number): void {
    this.count++;
    if (kind === "extra") this.extraKeys++;
    if (this.kept.length >= this.limit) return;
    const duplicate = sourceRows > 1 || targetRows > 1 ? { duplicate: { source_rows: sourceRows, target_rows: targetRows } } : {};
    this.kept.push({ key: this.#toJsonKey(key), kind, ...duplicate });
  }

  #toJsonKey(key: KeyTuple): Difference["key"] {
    if (key.length === 1) return toJsonValue(key[0] ?? null);
    return Object.fromEntries(this.keyColumns.map((column, index) => [column, toJsonValue(key[index] ?? null)]));
  }
}

function toJsonValue(value: KeyValue): JsonKeyValue {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("hex");
  return value;
}
