import type { RateLimit } from "../../plan/values/rate-limit.js";
import type { Clock } from "../../ports/clock.js";

/** Time as the backfill sees it (the engine's clock port), so tests can drive pacing without waiting. */
export type BackfillClock = Clock;

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
