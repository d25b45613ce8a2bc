import type { RateLimit } from "../../plan/values/rate-limit.js";
import type { BackfillClock } from "./pace-rate.js";
import type { BatchBounds } from "./plan-batches.js";

/**
 * What any backfill engine (SQLite now, PostgreSQL next) is asked to do. The database-specific
 * part (where source and target live) is added by each engine's own options.
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
  /** Source rows per batch (the plan's `batch_size`). */
  readonly batchSize: number;
  /** The plan's `max_parallel_workers`; engines say in their outcome how many they really used. */
  readonly workers?: number;
  /** The plan's `rate_limit`, as text ("200 batches/minute") or already parsed. */
  readonly rateLimit?: string | RateLimit;
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
}

export type BackfillOutcome = {
  readonly kind: "completed" | "cancelled";
  /** Batches committed by this run. */
  readonly batchesRun: number;
  /** Rows the transformation wrote in this run (the statements' change counts). */
  readonly rowsWritten: number;
  readonly rowsDone: number;
  readonly rowsTotal: number;
  /** How many batches really ran at once. */
  readonly effectiveWorkers: number;
};

export class BackfillConfigError extends Error {
  override readonly name = "BackfillConfigError";
}
