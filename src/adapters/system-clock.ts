import { performance } from "node:perf_hooks";
import type { Clock } from "../ports/clock.js";

/** setTimeout fires at once for delays above this, so longer sleeps wake up and sleep again. */
const MAX_TIMER_MS = 2_147_483_647;

/** Real wall-clock time. `sleep` resolves early, without throwing, when its signal aborts. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (!(ms > 0) || signal?.aborted) {
        resolve();
        return;
      }
      // Measured on the monotonic clock so a wall-clock jump neither ends nor stretches a wait.
      const end = performance.now() + ms;
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const wake = (): void => {
        const left = end - performance.now();
        if (left > 0) {
          timer = setTimeout(wake, Math.min(left, MAX_TIMER_MS));
          return;
        }
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      wake();
    });
  }
}
