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
 * Spreads work evenly under a rate limit rather than in bursts: a batch of `rows` started at
 * `t` lets the next one start at `t + cost * perMs / amount` (cost 1 for batches, `rows` for
 * rows). "200 batches/minute" starts one batch every 300 ms; "50000 rows/second" waits 10 ms
 * after a 500-row batch. Time spent paused is not saved up: no burst follows a pause.
 */
export class RatePacer {
  readonly #limit: RateLimit | undefined;
  #next: number;

  constructor(limit: RateLimit | undefined, startedAt: number) {
    this.#limit = limit;
    this.#next = startedAt;
  }

  /** When the next batch may start, in clock time. */
  earliestNextStart(): number {
    return this.#next;
  }

  /** Records a batch of `rows` source rows that started at `startedAt`. */
  recordBatch(rows: number, startedAt: number): void {
    if (this.#limit === undefined) return;
    const cost = this.#limit.unit === "batches" ? 1 : rows;
    this.#next = Math.max(this.#next, startedAt) + (cost * this.#limit.perMs) / this.#limit.amount;
  }
}
