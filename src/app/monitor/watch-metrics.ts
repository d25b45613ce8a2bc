import { setTimeout as sleep } from "node:timers/promises";
import type { MetricProvider } from "../../ports/metric-provider.js";
import type { MonitorTarget } from "./list-monitored-metrics.js";
import { type MetricStatus, readMetrics } from "./read-metrics.js";

/** One refresh of `bascule monitor`: every metric now, and what each read before. */
export interface MonitorFrame {
  /** 1 for the first refresh. */
  readonly refresh: number;
  readonly at: string;
  readonly metrics: readonly MetricStatus[];
  /** Per metric, in the order of `metrics`: its last readings, oldest first; null where there was no number. */
  readonly history: readonly (readonly (number | null)[])[];
}

export interface WatchMetricsOptions {
  readonly targets: readonly MonitorTarget[];
  readonly provider: MetricProvider;
  /** From the start of one refresh to the start of the next. */
  readonly intervalMs: number;
  /** Readings kept per metric. @default 30 */
  readonly historySize?: number;
  /** Stop after this many refreshes; without it, only `signal` stops the watch. */
  readonly count?: number;
  readonly signal?: AbortSignal;
  readonly onFrame: (frame: MonitorFrame) => void;
  /** Milliseconds since the epoch, from the caller's clock: it paces refreshes and stamps each frame. */
  readonly now: () => number;
}

/**
 * Reads every target, hands the frame over, waits out the interval, and again, until
 * `count` refreshes or `signal`. A refresh slower than the interval is followed at once by
 * the next. Resolves with the number of refreshes shown.
 */
export async function watchMetrics(options: WatchMetricsOptions): Promise<number> {
  const { now } = options;
  const size = options.historySize ?? 30;
  const history: (number | null)[][] = options.targets.map(() => []);
  let refresh = 0;
  while (!options.signal?.aborted && (options.count === undefined || refresh < options.count)) {
    const startedAt = now();
    const metrics = await readMetrics(options.targets, options.provider, options.signal ? { signal: options.signal } : {});
    // A refresh cut short by Ctrl-C reads as cancelled errors: not worth showing.
    if (options.signal?.aborted) break;
    refresh++;
    metrics.forEach((status, i) => {
      const kept = history[i] as (number | null)[];
      kept.push(status.value);
      if (kept.length > size) kept.splice(0, kept.length - size);
    });
    options.onFrame({ refresh, at: new Date(startedAt).toISOString(), metrics, history: history.map((kept) => [...kept]) });
    if (options.count !== undefined && refresh >= options.count) break;
    const waitMs = Math.max(0, startedAt + options.intervalMs - now());
    try {
      await sleep(waitMs, undefined, options.signal ? { signal: options.signal } : {});
    } catch (error) {
      if ((error as Error).name === "AbortError") break;
      throw error;
    }
  }
  return refresh;
}
