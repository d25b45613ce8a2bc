import type { RateLimit } from "../../plan/values/rate-limit.js";

/** Time as the backfill sees it, so tests can drive pacing without waiting. */
export interface BackfillClock {
  now(): number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: BackfillClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted === true) {
        resolve();
        return;
      }
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
    }),
};

/**
 * Spreads work evenly under a rate limit rather than in bursts: after `used` batches or rows,
 * the next batch may start at `startedAt + used * perMs / amount`. "200 batches/minute" starts
 * one batch every 300 ms; "50000 rows/second" waits after a 500-row batch for 10 ms.
 */
export class RatePacer {
  readonly #limit: RateLimit | undefined;
  readonly #startedAt: number;
  #used = 0;

  constructor(limit: RateLimit | undefined, startedAt: number) {
    this.#limit = limit;
    this.#startedAt = startedAt;
  }

  /** When the next batch may start, in clock time. */
  earliestNextStart(): number {
    if (this.#limit === undefined) return this.#startedAt;
    return this.#startedAt + (this.#used * this.#limit.perMs) / this.#limit.amount;
  }

  /** Records a finished batch of `rows` source rows. */
  recordBatch(rows: number): void {
    if (this.#limit === undefined) return;
    this.#used += this.#limit.unit === "batches" ? 1 : rows;
  }
}
