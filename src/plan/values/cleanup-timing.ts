import { parseDuration } from "./duration.js";
import { invalid, ok, type ParseResult } from "./parse-result.js";

/**
 * When a `post_migration.cleanup_tasks[]` entry falls due, in plan time after completion: due
 * from `dueAfterMs`, overdue once past `overdueAfterMs`.
 */
export interface CleanupTiming {
  readonly dueAfterMs: number;
  readonly overdueAfterMs: number;
}

const DAY = 24 * 60 * 60 * 1000;

/** How long a task due at a single point in time stays due before it is overdue. */
export const cleanupGraceMs = DAY;

const EXPECTED = 'write it like "1 week after migration", "2-4 weeks after", "Within 3 days" or "Immediately after migration"';

// What a timing counts from, as plans write it at the end: "after migration", "post-migration".
const ANCHOR =
  /\s*\b(?:after|post|following|from)(?:[\s-]+(?:the\s+)?(?:migration|completion|cutover|go[\s-]?live|launch|rollout|release|deployment))?(?:\s+(?:is\s+)?(?:completes?|completed|done|finishes|finished))?$/;
const NOW = /^(?:|immediately|right away|at once|asap|on completion|upon completion|at completion|same day)$/;
const WITHIN = /^(?:within|no later than|by|up to)\s+/;
const AFTER = /^(?:after|in|at least|wait)\s+/;

/**
 * Reads a cleanup task's `timing`: "1 week after migration" (due after a week), "2-4 weeks
 * after" (due from 2 weeks, overdue past 4), "Within 3 days" (due now, overdue past 3 days),
 * "After 30 days", "Immediately after migration" or "After migration" (due at completion). A
 * single point in time is overdue one day (`cleanupGraceMs`) after it.
 */
export function parseCleanupTiming(text: string): ParseResult<CleanupTiming> {
  const normalized = text
    .trim()
    .toLowerCase()
    .replace(/[\u2012-\u2015\u2212]/g, "-")
    .replace(/\s+/g, " ")
    .replace(/[.!]+$/, "");
  const counted = normalized.replace(ANCHOR, "").trim();
  if (NOW.test(counted)) return ok({ dueAfterMs: 0, overdueAfterMs: cleanupGraceMs });
  const within = WITHIN.test(counted);
  const span = counted.replace(within ? WITHIN : AFTER, "").trim();
  const duration = parseDuration(span);
  if (duration.kind === "invalid") {
    // The duration's own advice names durations, not timings: keep only what it found wrong.
    const found = duration.reason.replace(/(?:^|[,;]\s*)expected a duration.*$/, "");
    return invalid(`cannot tell when ${JSON.stringify(text.trim())} falls due${found ? `: ${found}` : ""}; ${EXPECTED}`);
  }
  const { minMs, maxMs } = duration.value;
  if (within) return ok({ dueAfterMs: 0, overdueAfterMs: maxMs });
  return ok({ dueAfterMs: minMs, overdueAfterMs: minMs === maxMs ? minMs + cleanupGraceMs : maxMs });
}

/**
 * The real times a task is due and overdue, for a run that completed at `completedAtMs`:
 * plan time is compressed by the run's time scale, as every wait of the run is.
 */
export function scheduleCleanupTask(timing: CleanupTiming, completedAtMs: number, timeScale: number): { readonly dueAtMs: number; readonly overdueAtMs: number } {
  return { dueAtMs: completedAtMs + timing.dueAfterMs * timeScale, overdueAtMs: completedAtMs + timing.overdueAfterMs * timeScale };
}
