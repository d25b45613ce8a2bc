const HOUR_MS = 3_600_000;

/** Milliseconds as hours for reports and JSON, rounded to the millisecond's worth of digits. */
export function toHours(ms: number): number {
  return Math.round((ms / HOUR_MS) * 1e9) / 1e9;
}
