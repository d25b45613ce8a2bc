import { compareKeyTuples } from "./compare-key-tuples.js";
import type { DifferenceKind, DifferenceLog } from "./difference-log.js";
import type { CanonicalRow, KeyRange, KeyTuple, TableSource } from "./table-source.js";

export interface StreamSide {
  readonly source: TableSource;
  readonly columns: readonly string[];
}

/**
 * Merge-joins both sides of a range in key order, page by page, logging every differing key.
 * A key with more than one row on either side is a `duplicate`, even when both sides hold the
 * same copies: the key was meant to be unique. Returns how many rows it read from both sides.
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
    const mine = order <= 0 ? left.take() : [];
    const theirs = order >= 0 ? right.take() : [];
    const kind = classifyKey(mine, theirs);
    if (kind !== undefined) log.record(order > 0 ? b!.key : a!.key, kind, mine.length, theirs.length);
  }
  return left.rowsRead + right.rowsRead;
}

/** How one key's rows on the two sides differ, or undefined when they match. */
function classifyKey(mine: readonly CanonicalRow[], theirs: readonly CanonicalRow[]): DifferenceKind | undefined {
  if (mine.length > 1 || theirs.length > 1) return "duplicate";
  if (theirs.length === 0) return "missing";
  if (mine.length === 0) return "extra";
  return mine[0]!.valueCode === theirs[0]!.valueCode ? undefined : "changed";
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
