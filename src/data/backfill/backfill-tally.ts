import type { BackfillOutcome, BackfillProgress } from "./backfill-request.js";
import type { BatchBounds } from "./plan-batches.js";

/** A committed batch: its bounds and the source rows it covered. */
export interface CommittedBatch extends BatchBounds {
  readonly rows: number;
}

/** Counts one run's committed batches and turns them into progress reports and an outcome. */
export class BackfillTally {
  readonly #rowsTotal: number;
  readonly #batchesBefore: number;
  readonly #startedAt: number;
  #rowsDone: number;
  #rowsThisRun = 0;
  #rowsWritten = 0;
  #batchesRun = 0;
  #heldMs = 0;

  constructor(options: { readonly earlier: readonly CommittedBatch[]; readonly rowsTotal: number; readonly startedAt: number }) {
    this.#rowsTotal = options.rowsTotal;
    this.#batchesBefore = options.earlier.length;
    this.#rowsDone = options.earlier.reduce((sum, batch) => sum + batch.rows, 0);
    this.#startedAt = options.startedAt;
  }

  /** Time spent held before a batch (a health or operator pause) does not count against the pace. */
  recordHold(ms: number): void {
    this.#heldMs += Math.max(0, ms);
  }

  /** Records a committed batch and describes the run as it stands at `now`. */
  recordBatch(batch: CommittedBatch, written: number, now: number, shape: { readonly batchSize: number; readonly workers: number }): BackfillProgress {
    this.#batchesRun += 1;
    this.#rowsDone += batch.rows;
    this.#rowsThisRun += batch.rows;
    this.#rowsWritten += written;
    const elapsedMs = now - this.#startedAt - this.#heldMs;
    const rowsPerSecond = elapsedMs > 0 ? (this.#rowsThisRun * 1000) / elapsedMs : 0;
    const remaining = Math.max(0, this.#rowsTotal - this.#rowsDone);
    return {
      rowsDone: this.#rowsDone,
      rowsTotal: this.#rowsTotal,
      batchesDone: this.#batchesBefore + this.#batchesRun,
      rowsPerSecond,
      etaMs: rowsPerSecond > 0 ? (remaining * 1000) / rowsPerSecond : remaining === 0 ? 0 : undefined,
      lastBatch: batch,
      batchSize: shape.batchSize,
      workers: shape.workers,
    };
  }

  outcome(kind: BackfillOutcome["kind"], effectiveWorkers: number): BackfillOutcome {
    return {
      kind,
      batchesRun: this.#batchesRun,
      rowsWritten: this.#rowsWritten,
      rowsDone: this.#rowsDone,
      rowsTotal: this.#rowsTotal,
      effectiveWorkers,
    };
  }
}
