import { createHash } from "node:crypto";
import type { KeyValue, RangeChecksum } from "./table-source.js";
import { encodeCanonicalRow } from "./encode-canonical-value.js";

const MODULUS = 1n << 64n;

/**
 * Accumulates the checksum defined on `RangeChecksum`. The sum wraps modulo 2^64 in BigInt,
 * so it cannot overflow; adapters whose database lacks md5 run this inside the database
 * (SQLite: as an aggregate function), never over rows fetched to the client.
 */
export class RowChecksum {
  #rows = 0;
  #sum = 0n;

  addRow(values: readonly KeyValue[]): void {
    const digest = createHash("md5").update(encodeCanonicalRow(values), "utf8").digest();
    this.#sum = (this.#sum + digest.readBigUInt64BE(0)) % MODULUS;
    this.#rows++;
  }

  toChecksum(): RangeChecksum {
    return { rows: this.#rows, digest: this.#sum.toString(16).padStart(16, "0") };
  }
}
