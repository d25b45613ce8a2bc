import type { KeyTuple, KeyValue } from "./table-source.js";

export type DifferenceKind = "missing" | "extra" | "changed" | "duplicate";
export type JsonKeyValue = null | number | string;
/** The key's value, or an object by source key column name for a composite key. */
export type DifferenceKey = JsonKeyValue | Readonly<Record<string, JsonKeyValue>>;

/**
 * One differing key: `missing` from the target, `extra` in the target, `changed` between them,
 * or `duplicate`: more than one row on a side (what a batch written twice leaves), with how
 * many on each, whether or not the copies agree.
 */
export type Difference =
  | { readonly key: DifferenceKey; readonly kind: "missing" | "extra" | "changed" }
  | { readonly key: DifferenceKey; readonly kind: "duplicate"; readonly source_rows: number; readonly target_rows: number };

/** Counts every difference but keeps only the first `limit`, so memory stays flat when most rows differ. */
export class DifferenceLog {
  readonly kept: Difference[] = [];
  count = 0;
  /** Differing keys the source lacks: they widen the union of keys the match ratio is over. */
  extraKeys = 0;
  /** Rows beyond the first of each duplicated key found so far, per side. */
  readonly surplusRows = { source: 0, target: 0 };

  constructor(
    readonly keyColumns: readonly string[],
    readonly limit: number,
  ) {}

  record(key: KeyTuple, kind: DifferenceKind, sourceRows: number, targetRows: number): void {
    this.count++;
    if (sourceRows === 0) this.extraKeys++;
    if (kind === "duplicate") {
      this.surplusRows.source += Math.max(0, sourceRows - 1);
      this.surplusRows.target += Math.max(0, targetRows - 1);
    }
    if (this.kept.length >= this.limit) return;
    const jsonKey = this.#toJsonKey(key);
    this.kept.push(kind === "duplicate" ? { key: jsonKey, kind, source_rows: sourceRows, target_rows: targetRows } : { key: jsonKey, kind });
  }

  #toJsonKey(key: KeyTuple): DifferenceKey {
    if (key.length === 1) return toJsonValue(key[0] ?? null);
    return Object.fromEntries(this.keyColumns.map((column, index) => [column, toJsonValue(key[index] ?? null)]));
  }
}

function toJsonValue(value: KeyValue): JsonKeyValue {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("hex");
  return value;
}
