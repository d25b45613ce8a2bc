import { formatDuration } from "../plan/values/duration.js";
import type { MetricReading } from "../ports/metric-provider.js";

/**
 * What a check does when its metric gives no number (an empty result, NaN, a provider error
 * or a timeout). Never a silent pass:
 * - `fail`: the check fails at once;
 * - `pause`: the run pauses for a person at once;
 * - `inconclusive`: read again, up to `tries` readings in all; if every one misses, the check
 *   is inconclusive: it neither passes nor fails, and the run pauses naming the metric.
 */
export type MissingDataPolicy = { readonly kind: "fail" } | { readonly kind: "pause" } | { readonly kind: "inconclusive"; readonly tries: number };

/**
 * The policy of a metric whose bindings set no `on_missing`. Inconclusive rather than fail:
 * one scrape gap or a slow query should not roll a production change back, and three misses
 * in a row stop the run for a person rather than let it go on blind.
 */
export const defaultMissingDataPolicy = { kind: "inconclusive", tries: 3 } as const satisfies MissingDataPolicy;

export type MissingReading = Exclude<MetricReading, { kind: "value" }>;

export type MissingDataDecision =
  | { readonly kind: "retry" }
  | { readonly kind: "fail"; readonly reason: string }
  /** `inconclusive` is true when the tries ran out, false when the policy is `pause`. */
  | { readonly kind: "pause"; readonly reason: string; readonly inconclusive: boolean };

/**
 * Decides what to do after the latest of `missesSoFar`, the readings of `metric` that had no
 * number, oldest first, counting the latest one. A value in between resets the count: the
 * caller then starts a fresh list. With no misses there is nothing to decide: read again.
 */
export function decideOnMissing(policy: MissingDataPolicy, missesSoFar: readonly MissingReading[], metric: string): MissingDataDecision {
  const latest = missesSoFar[missesSoFar.length - 1];
  if (latest === undefined) return { kind: "retry" };
  const name = JSON.stringify(metric);
  switch (policy.kind) {
    case "fail":
      return { kind: "fail", reason: `metric ${name} has no reading: ${describeMissingReading(latest)}` };
    case "pause":
      return { kind: "pause", inconclusive: false, reason: `metric ${name} has no reading (${describeMissingReading(latest)}); a person must decide` };
    case "inconclusive": {
      if (missesSoFar.length < policy.tries) return { kind: "retry" };
      const tried = missesSoFar.slice(-policy.tries).map(describeMissingReading);
      const readings = policy.tries === 1 ? "its reading" : `all ${policy.tries} readings`;
      return {
        kind: "pause",
        inconclusive: true,
        reason: `metric ${name} is inconclusive: ${readings} had no number (${tried.join("; ")}); the check neither passed nor failed, so a person must decide`,
      };
    }
  }
}

/** One missing reading in words, naming its kind: "empty: the provider returned no data". */
export function describeMissingReading(reading: MissingReading): string {
  switch (reading.kind) {
    case "empty":
      return "empty: the provider returned no data";
    case "nan":
      return `nan: the provider returned ${JSON.stringify(reading.raw)}, not a number`;
    case "error":
      return `error: ${reading.message}`;
    case "timeout":
      return `timeout: no answer within ${formatDuration(reading.timeoutMs)}`;
  }
}
