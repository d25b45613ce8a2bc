import { compareKeyTuples } from "./compare-key-tuples.js";
import type { DifferenceLog } from "./difference-log.js";
import type { CanonicalRow, KeyRange, KeyTuple, TableSource } from "./table-source.js";

export interface StreamSide {
  readonly source: TableSource;
  readonly columns: readonly string[];
}

/**
 * Merge-joins both sides of a range in key order, page by page, logging every differing key.
 * Rows of one key compare as multisets, so a duplicated row on one side is `changed`.
 * Returns how many rows it read from the two sides together.
 */
export async function compareRangeByStreaming(source: StreamSide, target: StreamSide, range: KeyRange, log: DifferenceLog, pageRows: number): Promise<number> {
  const left = new GroupReader(source, range, pageRows);
  const right = new GroupReader(target, range, pageRows);
  for (;;) {
    // Awaited only when a page runs out: most rows are at hand.
    const a = left.current ?? (await left.peek());
    const b = right.current ?? (await right.peek());
    if (a === undefined && b === undefined) break;
    const order = a === undefined ? 1 : b === undefined ? -1 : compareKeyTuples(a.key, b.key);
    if (order < 0) {
      const group = left.take();
      log.record(a!.key, "missing", group.length, 0);
    } else if (order > 0) {
      const group = right.take();
      log.record(b!.key, "extra", 0, group.length);
    } else {
      const [mine, theirs] = [left.take(), right.take()];
      if (!sameMultiset(mine, theirs)) log.record(a!.key, "changed", mine.length, theirs.length);
    }
  }
  return left.rowsRead + right.rowsRead;
}

function sameMultiset(a: readonly CanonicalRow[], b: readonly CanonicalRow[]): boolean {
  if (a.length !== b.length) return false;
  // The common case, a key with one row on each side, needs no sorting.
  if (a.length === 1) return a[0]!.valueCode === b[0]!.valueCode;
  const left = a.map((row) => row.valueCode).sort();
  const right = b.map((row) => row.valueCode).sort();
  return left.every((code, index) => code === right[index]);
}

class GroupReader {
  rowsRead = 0;
  #page: readonly CanonicalRow[] = [];
  #index = 0;
  #complete = false;
  #after: KeyTuple | undefined;

  constructor(
    readonly side: StreamSide,
    readonly range: KeyRange,
    readonly pageRows: number,
  ) {
    this.#after = range.after;
  }

  /** The next row if the page holds it, without waiting. */
  get current(): CanonicalRow | undefined {
    return this.#page[this.#index];
  }

  async peek(): Promise<CanonicalRow | undefined> {
    while (this.#index >= this.#page.length && !this.#complete) {
      const range = this.#after === undefined ? { upTo: this.range.upTo } : { after: this.#after, upTo: this.range.upTo };
      const page = await this.side.source.readRange(range, this.side.columns, this.pageRows);
      this.rowsRead += page.rows.length;
      this.#page = page.rows;
      this.#index = 0;
      this.#complete = page.complete;
      this.#after = page.rows.at(-1)?.key ?? this.#after;
    }
    return this.#page[this.#index];
  }

  /** The rows of the current key; a page never splits them. */
  take(): CanonicalRow[] {
    const first = this.#page[this.#index];
    const group: CanonicalRow[] = [];
    while (first !== undefined && this.#page[this.#index]?.keyCode === first.keyCode) group.push(this.#page[this.#index++]!);
    return group;
  }
}
