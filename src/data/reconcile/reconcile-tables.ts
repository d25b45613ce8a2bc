import { compareRangeByStreaming, type StreamSide } from "./compare-range-by-streaming.js";
import { DifferenceLog, type Difference } from "./difference-log.js";
import { ReconcileError } from "./reconcile-error.js";
import type { KeyRange, KeyTuple, NativeComparison, RangeChecksum, TableSource } from "./table-source.js";

export interface ReconcileOptions {
  /** Lowest `match_ratio` that passes, from 0 to 1 (`99.99% match` is 0.9999). */
  readonly acceptanceRatio: number;
  /** Differences listed at most; all are still counted. @default 1000 */
  readonly maxDifferences?: number;
  /** Share of a range's parts that differ at or above which the whole range is streamed instead of bisected. @default 0.5 */
  readonly denseThreshold?: number;
  /** Ranges with at most this many rows on each side are streamed rather than split. @default 256 */
  readonly leafRows?: number;
  /** Parts a range is split into per step. @default 16 */
  readonly fanout?: number;
  /** Rows per page when streaming. @default 1000 */
  readonly pageRows?: number;
}

export interface ReconcileStats {
  readonly checksummed_ranges: number;
  readonly streamed_ranges: number;
  readonly rows_streamed: number;
  readonly dense_switches: number;
}

/** The `--json` contract, plus the compared columns, the uncapped count and how the work went. */
export interface ReconcileResult {
  readonly passed: boolean;
  /** Keys whose rows match on both sides, over the union of keys of both sides. */
  readonly match_ratio: number;
  readonly source_rows: number;
  readonly target_rows: number;
  readonly differences: readonly Difference[];
  readonly difference_count: number;
  readonly differences_truncated: boolean;
  /** Source names of the compared non-key columns, matched to the target by case-insensitive name. */
  readonly compared_columns: readonly string[];
  readonly stats: ReconcileStats;
}

/**
 * Compares two tables by key: counts, then checksums per key range, splitting differing
 * ranges until they are small enough to stream and merge, down to the exact keys. A side
 * whose rows outnumber its keys also has its matching ranges' keys counted, so a duplicated
 * key is found even where both sides hold the same copies.
 */
export async function reconcileTables(source: TableSource, target: TableSource, options: ReconcileOptions): Promise<ReconcileResult> {
  if (source.keyColumns.length !== target.keyColumns.length) {
    throw new ReconcileError("key-mismatch", `source has ${source.keyColumns.length} key columns, target ${target.keyColumns.length}`);
  }
  const [sourceColumns, targetColumns] = pairColumns(source, await source.listColumns(), target, await target.listColumns());
  const [sourceSide, targetSide] = await pickComparison({ source, columns: sourceColumns }, { source: target, columns: targetColumns });
  // Both sides work at once: on two databases, or two connections of one.
  const [sourceCounts, targetCounts] = await Promise.all([source.countRows(), target.countRows()]);
  const surplusRows = { source: sourceCounts.rows - sourceCounts.keys, target: targetCounts.rows - targetCounts.keys };
  const run = new Reconciliation(sourceSide, targetSide, options, surplusRows);
  if (sourceCounts.rows > 0 || targetCounts.rows > 0) await run.refine({}, sourceCounts.rows, targetCounts.rows);
  const log = run.log;
  const unionKeys = sourceCounts.keys + log.extraKeys;
  const matchRatio = unionKeys === 0 ? 1 : (unionKeys - log.count) / unionKeys;
  return {
    passed: matchRatio >= options.acceptanceRatio,
    match_ratio: matchRatio,
    source_rows: sourceCounts.rows,
    target_rows: targetCounts.rows,
    differences: log.kept,
    difference_count: log.count,
    differences_truncated: log.count > log.kept.length,
    compared_columns: sourceColumns,
    stats: run.stats,
  };
}

function pairColumns(source: TableSource, sourceColumns: readonly string[], target: TableSource, targetColumns: readonly string[]): [string[], string[]] {
  const keysOf = (side: TableSource): Set<string> => new Set(side.keyColumns.map((column) => column.toLowerCase()));
  const [sourceKeys, targetKeys] = [keysOf(source), keysOf(target)];
  const targetByName = new Map(targetColumns.filter((column) => !targetKeys.has(column.toLowerCase())).map((column) => [column.toLowerCase(), column]));
  const pairs = sourceColumns.filter((column) => !sourceKeys.has(column.toLowerCase()) && targetByName.has(column.toLowerCase()));
  return [pairs, pairs.map((column) => targetByName.get(column.toLowerCase())!)];
}

/** A side as compared: its checksums, and a source whose `readRange` streams rows comparable with the other side's. */
interface ComparedSide extends StreamSide {
  checksumRange(range: KeyRange): Promise<RangeChecksum>;
}

/** Both sides' native comparisons when they are of one kind, else their canonical checksums and rows. */
async function pickComparison(source: StreamSide, target: StreamSide): Promise<[ComparedSide, ComparedSide]> {
  const [mine, theirs] = await Promise.all([source.source.nativeComparison?.(source.columns), target.source.nativeComparison?.(target.columns)]);
  if (mine !== undefined && theirs !== undefined && mine.kind === theirs.kind) return [nativeSide(source, mine), nativeSide(target, theirs)];
  return [canonicalSide(source), canonicalSide(target)];
}

function canonicalSide(side: StreamSide): ComparedSide {
  return { ...side, checksumRange: (range) => side.source.checksumRange(range, side.columns) };
}

function nativeSide(side: StreamSide, native: NativeComparison): ComparedSide {
  const source: TableSource = {
    keyColumns: side.source.keyColumns,
    listColumns: () => side.source.listColumns(),
    countRows: () => side.source.countRows(),
    countKeys: (range) => side.source.countKeys(range),
    splitRange: (range, parts) => side.source.splitRange(range, parts),
    checksumRange: (range) => native.checksumRange(range),
    readRange: (range, _columns, limit) => native.readRange(range, limit),
  };
  return { source, columns: side.columns, checksumRange: (range) => native.checksumRange(range) };
}

class Reconciliation {
  readonly log: DifferenceLog;
  readonly stats = { checksummed_ranges: 0, streamed_ranges: 0, rows_streamed: 0, dense_switches: 0 };
  readonly #denseThreshold: number;
  readonly #leafRows: number;
  readonly #fanout: number;
  readonly #pageRows: number;

  constructor(
    readonly source: ComparedSide,
    readonly target: ComparedSide,
    options: ReconcileOptions,
    /** Per side, rows beyond the first of each duplicated key: those not yet found hide somewhere. */
    readonly surplusRows: { readonly source: number; readonly target: number },
  ) {
    this.log = new DifferenceLog(source.source.keyColumns, options.maxDifferences ?? 1000);
    this.#denseThreshold = options.denseThreshold ?? 0.5;
    this.#leafRows = Math.max(1, options.leafRows ?? 256);
    this.#fanout = Math.max(2, options.fanout ?? 16);
    this.#pageRows = Math.max(1, options.pageRows ?? 1000);
  }

  /** Finds the differences in a range known to hold these row counts (whose checksums may differ). */
  async refine(range: KeyRange, sourceRows: number, targetRows: number): Promise<void> {
    const largest = Math.max(sourceRows, targetRows);
    if (largest <= this.#leafRows) return this.#stream(range);
    // Split by the fuller side: the other may hold almost nothing of this range.
    const splitter = sourceRows >= targetRows ? this.source.source : this.target.source;
    const bounds = await splitter.splitRange(range, this.#fanout);
    if (bounds.length === 0) return this.#stream(range);
    const differing: { range: KeyRange; sourceRows: number; targetRows: number }[] = [];
    const parts = splitRangeAt(range, bounds);
    const dense = (): boolean => differing.length > 1 && differing.length / parts.length >= this.#denseThreshold;
    for (const part of parts) {
      const [mine, theirs] = await Promise.all([this.source.checksumRange(part), this.target.checksumRange(part)]);
      this.stats.checksummed_ranges++;
      if (mine.rows !== theirs.rows || mine.digest !== theirs.digest || (await this.#holdsDuplicates(part, mine.rows, theirs.rows))) {
        differing.push({ range: part, sourceRows: mine.rows, targetRows: theirs.rows });
      }
      // Dense already, whatever the remaining parts hold: spare their checksums.
      if (dense()) break;
    }
    if (dense()) {
      this.stats.dense_switches++;
      return this.#stream(range);
    }
    for (const part of differing) {
      // A part as full as its parent (one key duplicated past the leaf size) cannot split further.
      if (Math.max(part.sourceRows, part.targetRows) >= largest) await this.#stream(part.range);
      else await this.refine(part.range, part.sourceRows, part.targetRows);
    }
  }

  /** Whether a range whose checksums match has a duplicated key on a side with duplicates still unfound. */
  async #holdsDuplicates(range: KeyRange, sourceRows: number, targetRows: number): Promise<boolean> {
    const found = this.log.surplusRows;
    const counts = await Promise.all([
      sourceRows > 1 && this.surplusRows.source > found.source ? this.source.source.countKeys(range).then((keys) => keys < sourceRows) : false,
      targetRows > 1 && this.surplusRows.target > found.target ? this.target.source.countKeys(range).then((keys) => keys < targetRows) : false,
    ]);
    return counts.includes(true);
  }

  async #stream(range: KeyRange): Promise<void> {
    this.stats.streamed_ranges++;
    this.stats.rows_streamed += await compareRangeByStreaming(this.source, this.target, range, this.log, this.#pageRows);
  }
}

function splitRangeAt(range: KeyRange, bounds: readonly KeyTuple[]): KeyRange[] {
  const parts: KeyRange[] = [];
  let after = range.after;
  for (const bound of bounds) {
    parts.push(after === undefined ? { upTo: bound } : { after, upTo: bound });
    after = bound;
  }
  parts.push({ ...(after === undefined ? {} : { after }), ...(range.upTo === undefined ? {} : { upTo: range.upTo }) });
  return parts;
}
