import type { Clock } from "../ports/clock.js";

export interface FakeClockOptions {
  /** Epoch milliseconds the clock starts at. @default 0 */
  readonly start?: number;
  /** When true, each sleep moves the clock to its own deadline and resolves at once. @default false */
  readonly autoAdvance?: boolean;
}

interface PendingSleep {
  readonly deadline: number;
  readonly resolve: () => void;
}

/**
 * A clock that moves only when a test moves it. Sleeps resolve when `advance` or `set`
 * reaches their deadline; several sleeps woken by one move resolve in deadline order, and
 * all of them see the clock at its new time.
 */
export class FakeClock implements Clock {
  /** See {@link FakeClockOptions.autoAdvance}; may be switched during a test. */
  autoAdvance: boolean;
  /** Every sleep asked for, in milliseconds, in order: what a pacer waited. */
  readonly slept: number[] = [];
  #now: number;
  #sleeps: PendingSleep[] = [];

  constructor(options: FakeClockOptions = {}) {
    this.#now = options.start ?? 0;
    this.autoAdvance = options.autoAdvance ?? false;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (!(ms > 0) || signal?.aborted) return Promise.resolve();
    this.slept.push(ms);
    const deadline = this.#now + ms;
    if (this.autoAdvance) {
      this.set(Math.max(this.#now, deadline));
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const sleep: PendingSleep = {
        deadline,
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.#sleeps = this.#sleeps.filter((pending) => pending !== sleep);
        resolve();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#sleeps.push(sleep);
    });
  }

  /** Moves time forward by `ms` and wakes every sleep whose deadline is reached. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`FakeClock.advance needs ms >= 0, got ${ms}`);
    this.set(this.#now + ms);
  }

  /** Sets the time (forward or back) and wakes every sleep whose deadline is reached. */
  set(epochMs: number): void {
    if (!Number.isFinite(epochMs)) throw new RangeError(`FakeClock.set needs a finite time, got ${epochMs}`);
    this.#now = epochMs;
    const due = this.#sleeps.filter((sleep) => sleep.deadline <= epochMs);
    if (due.length === 0) return;
    this.#sleeps = this.#sleeps.filter((sleep) => sleep.deadline > epochMs);
    due.sort((a, b) => a.deadline - b.deadline);
    for (const sleep of due) sleep.resolve();
  }

  /** Deadlines (epoch ms) of the sleeps not yet woken, earliest first. */
  pendingSleeps(): readonly number[] {
    return this.#sleeps.map((sleep) => sleep.deadline).sort((a, b) => a - b);
  }
}
