import { BackfillConfigError, type BackfillTuning } from "./backfill-request.js";

/** Tuning with its bounds filled in. */
export interface BatchSizeBounds {
  readonly targetBatchMs: number;
  readonly minBatchSize: number;
  readonly maxBatchSize: number;
}

/** One step never more than doubles or halves the size, so one odd batch cannot swing it far. */
export const MAX_STEP = 2;
/** Within this fraction of the target a batch counts as on target, so the size does not jitter. */
export const ON_TARGET = 0.1;

function isPositiveInteger(value: number): boolean {
  return Number.isInteger(value) && value >= 1;
}

/** Fills in the default bounds (batch_size / 10 to batch_size * 10) and checks them. */
export function resolveTuning(batchSize: number, tuning: BackfillTuning): BatchSizeBounds {
  const { targetBatchMs } = tuning;
  if (!Number.isFinite(targetBatchMs) || targetBatchMs <= 0) {
    throw new BackfillConfigError(`the target batch duration must be a positive number of milliseconds, got ${String(targetBatchMs)}`);
  }
  const minBatchSize = tuning.minBatchSize ?? Math.max(1, Math.floor(batchSize / 10));
  const maxBatchSize = tuning.maxBatchSize ?? batchSize * 10;
  if (!isPositiveInteger(minBatchSize) || !isPositiveInteger(maxBatchSize) || minBatchSize > maxBatchSize) {
    throw new BackfillConfigError(`tuning bounds must be whole numbers with 1 <= min <= max, got min ${String(minBatchSize)} and max ${String(maxBatchSize)}`);
  }
  return { targetBatchMs, minBatchSize, maxBatchSize };
}

/**
 * The next batch size after a batch of `rows` rows took `durationMs`: the size that would take
 * the target at that batch's pace, moved at most one bounded step and kept within the bounds.
 */
export function tuneBatchSize(input: { readonly current: number; readonly rows: number; readonly durationMs: number; readonly bounds: BatchSizeBounds }): number {
  const { current, rows, durationMs, bounds } = input;
  const clamp = (size: number): number => Math.min(bounds.maxBatchSize, Math.max(bounds.minBatchSize, Math.round(size)));
  if (rows <= 0) return clamp(current);
  if (Math.abs(durationMs - bounds.targetBatchMs) <= bounds.targetBatchMs * ON_TARGET) return clamp(current);
  // A batch faster than the clock can tell is as fast as can be: grow by a full step.
  const ideal = durationMs <= 0 ? current * MAX_STEP : (rows * bounds.targetBatchMs) / durationMs;
  const stepped = Math.min(current * MAX_STEP, Math.max(current / MAX_STEP, ideal));
  return clamp(stepped);
}

/** The batch size a run asks for next; fixed without tuning. */
export class BatchSizeTuner {
  readonly #bounds: BatchSizeBounds | undefined;
  #size: number;

  constructor(batchSize: number, bounds: BatchSizeBounds | undefined) {
    this.#bounds = bounds;
    this.#size = bounds === undefined ? batchSize : Math.min(bounds.maxBatchSize, Math.max(bounds.minBatchSize, batchSize));
  }

  get size(): number {
    return this.#size;
  }

  record(rows: number, durationMs: number): void {
    if (this.#bounds === undefined) return;
    this.#size = tuneBatchSize({ current: this.#size, rows, durationMs, bounds: this.#bounds });
  }
}
