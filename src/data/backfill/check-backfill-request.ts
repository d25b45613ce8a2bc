import { parseRateLimit, type RateLimit } from "../../plan/values/rate-limit.js";
import { BackfillConfigError, type BackfillRequest } from "./backfill-request.js";
import { resolveTuning, type BatchSizeBounds } from "./tune-batch-size.js";

/** A request's settings once checked, shared by both engines. */
export interface CheckedBackfillRequest {
  readonly limit: RateLimit | undefined;
  /** Batches asked to run at once (the plan's `max_parallel_workers`, default 1). */
  readonly workers: number;
  readonly tuning: BatchSizeBounds | undefined;
}

function parseLimit(limit: string | RateLimit | undefined): RateLimit | undefined {
  if (limit === undefined || typeof limit !== "string") return limit;
  const parsed = parseRateLimit(limit);
  if (parsed.kind === "invalid") throw new BackfillConfigError(`rate_limit "${limit}": ${parsed.reason}`);
  return parsed.value;
}

/** Refuses a request no engine could run, saying which setting to fix. */
export function checkBackfillRequest(request: BackfillRequest): CheckedBackfillRequest {
  if (!Number.isInteger(request.batchSize) || request.batchSize < 1) {
    throw new BackfillConfigError(`batch_size must be a positive integer, got ${String(request.batchSize)}`);
  }
  if (request.keyColumns.length === 0) throw new BackfillConfigError("a backfill needs at least one key column");
  // Without both bounds every batch would rewrite the whole table.
  if (!/:batch_start\b|:batch_start_/.test(request.sql) || !/:batch_end\b|:batch_end_/.test(request.sql)) {
    throw new BackfillConfigError("the transformation must use :batch_start and :batch_end (or their per-column forms)");
  }
  const workers = request.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new BackfillConfigError(`max_parallel_workers must be a whole number of at least 1, got ${String(workers)}`);
  }
  return {
    limit: parseLimit(request.rateLimit),
    workers,
    tuning: request.tuning === undefined ? undefined : resolveTuning(request.batchSize, request.tuning),
  };
}
