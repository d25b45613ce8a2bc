import { invalid, ok, type ParseResult } from "./parse-result.js";

/** A data migration's `rate_limit`: at most `amount` batches or rows every `perMs` ms. */
export type RateLimit = { amount: number; unit: "batches" | "rows"; perMs: number };

const PERIOD_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  sec: 1_000,
  secs: 1_000,
  second: 1_000,
  seconds: 1_000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
};
const MULTIPLIER: Readonly<Record<string, number>> = { "": 1, k: 1_000, m: 1_000_000 };

const RATE_LIMIT =
  /^(?<amount>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|\.\d+)\s*(?<multiplier>[km]?)\s+(?<unit>batch(?:es)?|rows?|records?)\s*(?:\/|\bper\b|\ba\b|\ban\b|\beach\b)\s*(?<count>\d+(?:\.\d+)?)?\s*(?<period>[a-z]+)$/;

const EXPECTED = 'expected a rate like "200 batches/minute" or "1000 rows per second"';

/**
 * Parses "200 batches/minute", "50000 rows/second", "1000 rows per second", "10 batches/s",
 * "5k rows/sec", "50,000 rows/s", "100 rows per 5 seconds". "records" count as rows.
 * Zero is refused: a limit that allows nothing would stall the migration forever.
 */
export function parseRateLimit(text: string): ParseResult<RateLimit> {
  const normalized = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (normalized === "") return invalid(`the rate limit is empty; ${EXPECTED}`);
  const groups = RATE_LIMIT.exec(normalized)?.groups;
  if (!groups) return invalid(EXPECTED);
  const { amount = "", multiplier = "", unit = "", count, period = "" } = groups;

  const periodMs = PERIOD_MS[period];
  if (periodMs === undefined) {
    return invalid(`unknown period "${period}"; use second, minute or hour, ${EXPECTED}`);
  }
  const scale = MULTIPLIER[multiplier] ?? 1;
  // Round scaled amounts: 1.1 * 1000 is 1100.0000000000002 in floating point.
  const value = scale === 1 ? Number(amount.replaceAll(",", "")) : Math.round(Number(amount) * scale);
  const periods = count === undefined ? 1 : Number(count);
  if (value === 0 || periods === 0) {
    return invalid(`a rate limit must allow more than zero; ${EXPECTED}`);
  }
  return ok({
    amount: value,
    unit: unit.startsWith("batch") ? "batches" : "rows",
    perMs: Math.round(periods * periodMs),
  });
}
