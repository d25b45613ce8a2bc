import type { RateLimit } from "../../plan/values/rate-limit.js";
import type { BackfillClock } from "./pace-rate.js";
import type { BatchBounds } from "./plan-batches.js";

/** The checkpoint table, in the TARGET database so a batch and its checkpoint commit together. */
export const CHECKPOINT_TABLE = "bascule_backfill_checkpoints";

/**
 * Awaited before each batch starts. It may take as long as it likes (a health condition or an
 * operator's pause holds it); "stop" ends the run as `cancelled` once running batches commit.
 */
export type BeforeBatch = (signal?: AbortSignal) => Promise<"continue" | "stop">;

/** Auto-tuning of the batch size toward a target duration per batch (see `tuneBatchSize`). */
export interface BackfillTuning {
  readonly targetBatchMs: number;
  /** @default batch_size / 10 */
  readonly minBatchSize?: number;
  /** @default batch_size * 10 */
  readonly maxBatchSize?: number;
}

/**
 * What any backfill engine (SQLite, PostgreSQL) is asked to do. The database-specific part
 * (where source and target live) is added by each engine's own options.
 */
export interface BackfillRequest {
  /** Names this backfill's checkpoints; rerunning the same id resumes it. */
  readonly migrationId: string;
  /** The source table that is walked, and its key columns in key order. */
  readonly sourceTable: string;
  readonly keyColumns: readonly string[];
  /**
   * One SQL statement writing one batch, bound by name: `:batch_start` and `:batch_end` for a
   * single-column key, `:batch_start_<column>` and `:batch_end_<column>` for every key column
   * (see `bindBatch`). Both bounds are the first and last source key of the batch, inclusive.
   */
  readonly sql: string;
  /** Source rows per batch (the plan's `batch_size`); with `tuning`, the first batch's size. */
  readonly batchSize: number;
  /**
   * The plan's `max_parallel_workers`: batches run at once, each on a connection of its own
   * (PostgreSQL; SQLite has one writer and runs one). The outcome says how many really ran at once.
   */
  readonly workers?: number;
  /** The plan's `rate_limit`, as text ("200 batches/minute") or already parsed. */
  readonly rateLimit?: string | RateLimit;
  readonly tuning?: BackfillTuning;
  readonly beforeBatch?: BeforeBatch;
  readonly onProgress?: (progress: BackfillProgress) => void;
  /** Aborting stops between batches; committed batches stay, and a rerun resumes after them. */
  readonly signal?: AbortSignal;
  readonly clock?: BackfillClock;
}

export interface BackfillProgress {
  /** Source rows covered by committed batches, including those of earlier runs. */
  readonly rowsDone: number;
  /** Source rows counted when this run started. */
  readonly rowsTotal: number;
  readonly batchesDone: number;
  /** Source rows per second in this run; 0 until time has passed. */
  readonly rowsPerSecond: number;
  /** Milliseconds left at this run's pace; undefined until there is a pace. */
  readonly etaMs: number | undefined;
  /** The batch just committed. */
  readonly lastBatch: BatchBounds & { readonly rows: number };
  /** The batch size asked of the next pages (moves when tuning is on). */
  readonly batchSize: number;
  /** How many connections run batches at once in this run. */
  readonly workers: number;
}

export type BackfillOutcome = {
  readonly kind: "completed" | "cancelled";
  /** Batches committed by this run. */
  readonly batchesRun: number;
  /** Rows the transformation wrote in this run (the statements' change counts). */
  readonly rowsWritten: number;
  readonly rowsDone: number;
  readonly rowsTotal: number;
  /** How many batches really ran at once: SQLite 1; PostgreSQL the peak, 0 when no batch ran. */
  readonly effectiveWorkers: number;
};

export class BackfillConfigError extends Error {
  override readonly name = "BackfillConfigError";
}

/** A batch whose transformation or checkpoint failed; it was rolled back, earlier batches stay. */
export class BackfillBatchError extends Error {
  override readonly name = "BackfillBatchError";
}

/** Another run of the same backfill is active; running both would write its batches twice. */
export class BackfillLockedError extends Error {
  override readonly name = "BackfillLockedError";
}
