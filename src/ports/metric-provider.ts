/** What to ask a metric provider, one variant per provider (SEMANTICS section 3). */
export type MetricQuery =
  | { readonly kind: "prometheus"; readonly promql: string }
  | { readonly kind: "command"; readonly command: string }
  | { readonly kind: "sql"; readonly system: string; readonly query: string };

/**
 * One reading of a metric. Only `value` is a measurement; every other kind is a distinct way
 * of having no number, so a check can say exactly why it could not decide:
 * - `empty`: the provider answered, with nothing (an empty vector, no row, no output);
 * - `nan`: it answered with something that is not a finite number (`raw` as received);
 * - `error`: it could not answer (HTTP, JSON, exit code, SQL, or a query that needs changing);
 * - `timeout`: it did not answer within `timeoutMs`.
 */
export type MetricReading =
  | { readonly kind: "value"; readonly value: number; readonly at: string }
  | { readonly kind: "empty" }
  | { readonly kind: "nan"; readonly raw: string }
  | { readonly kind: "error"; readonly message: string }
  | { readonly kind: "timeout"; readonly timeoutMs: number };

export interface MetricReadOptions {
  /** The reading becomes `{ kind: "timeout" }` after this long. */
  readonly timeoutMs: number;
  /** Cancels the reading (it then ends as an `error` saying so). */
  readonly signal?: AbortSignal;
}

/**
 * Reads one number for a metric query. Never throws for a provider's failure: a broken
 * server, a failing command or a bad query is a reading of kind `error`; only bugs throw.
 */
export interface MetricProvider {
  read(query: MetricQuery, options: MetricReadOptions): Promise<MetricReading>;
}

/** How long one reading may take when the bindings set no `timeout`. */
export const defaultMetricTimeoutMs = 10_000;

/** True for every reading that carries no number. */
export function isMissingReading(reading: MetricReading): reading is Exclude<MetricReading, { kind: "value" }> {
  return reading.kind !== "value";
}
