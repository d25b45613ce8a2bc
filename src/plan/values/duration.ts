import { invalid, ok, type ParseResult } from "./parse-result.js";

/**
 * A duration as a plan writes it. A single value ("30 minutes") has `minMs === maxMs`;
 * `observation` is set when the text ends in "observation" ("3 days observation").
 */
export type DurationRange = { minMs: number; maxMs: number; observation: boolean };

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: SECOND,
  sec: SECOND,
  secs: SECOND,
  second: SECOND,
  seconds: SECOND,
  m: MINUTE,
  min: MINUTE,
  mins: MINUTE,
  minute: MINUTE,
  minutes: MINUTE,
  h: HOUR,
  hr: HOUR,
  hrs: HOUR,
  hour: HOUR,
  hours: HOUR,
  d: DAY,
  day: DAY,
  days: DAY,
  w: WEEK,
  wk: WEEK,
  wks: WEEK,
  week: WEEK,
  weeks: WEEK,
};

const EXPECTED = 'expected a duration like "30 minutes", "2-3 hours" or "1 week"';
const NUMBER_ONLY = /^(?:\d+(?:\.\d+)?|\.\d+)$/;
// One "<amount> <unit>" term; "a"/"an" count as 1 ("an hour"). An amount never starts inside
// a number: without the lookbehind, a long run of digits is rescanned from each of its digits.
const TERM = /(?<![\d.])(\d+(?:\.\d+)?|\.\d+|\ban?\b)\s*([a-zµ]+)/g;

type Amount = { kind: "span"; ms: number; unitMs: number } | { kind: "bare"; value: number };

/**
 * Parses "30 minutes", "2-3 hours", "2 to 3 hours", "1h 30m", "90s", "an hour",
 * "3 days observation". Case-insensitive. A bare number before a range separator takes
 * the unit after it ("2-3 hours"). Months and years are refused: their length varies.
 */
export function parseDuration(text: string): ParseResult<DurationRange> {
  const normalized = text
    .trim()
    .toLowerCase()
    .replace(/[\u2012-\u2015\u2212]/g, "-")
    .replace(/\s+/g, " ");
  if (normalized === "") return invalid(`the duration is empty; ${EXPECTED}`);

  const observed = /^(.*?)\s*(?:\bof\s+)?\bobservation$/.exec(normalized);
  const body = observed ? (observed[1] ?? "") : normalized;
  if (body.startsWith("-")) return invalid(`a duration cannot be negative; ${EXPECTED}`);
  if (/(?<![a-z])(?:months?|mos?|years?|yrs?)\b/.test(body)) {
    return invalid(`months and years vary in length; write days or weeks, ${EXPECTED}`);
  }

  const sides = body.split(/\s*(?:-|\bto\b)\s*/);
  if (sides.length > 2) return invalid(EXPECTED);
  const [leftText = "", rightText] = sides;
  const right = rightText === undefined ? undefined : readAmount(rightText);
  const left = readAmount(leftText);
  if (left?.kind === "bare" && rightText === undefined) {
    return invalid(`"${body}" has no unit; ${EXPECTED}`);
  }
  if (left === undefined || (rightText !== undefined && right === undefined)) {
    return invalid(describeUnknownUnit(body) ?? EXPECTED);
  }

  const minMs = toMs(left, right);
  const maxMs = right === undefined ? minMs : toMs(right, undefined);
  if (minMs === undefined || maxMs === undefined) return invalid(EXPECTED);
  if (minMs > maxMs) {
    return invalid(`the range starts at ${formatDuration(minMs)} but ends at ${formatDuration(maxMs)}; write the smaller value first, like "2-3 hours"`);
  }
  return ok({ minMs, maxMs, observation: observed !== null });
}

/** Compact text for reports: 1_800_000 -> "30m", 9_000_000 -> "2h 30m", 0 -> "0s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? "-" : "";
  let rest = Math.round(Math.abs(ms));
  if (rest === 0) return "0s";
  const parts: string[] = [];
  for (const [label, size] of FORMAT_UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${label}`);
    rest -= count * size;
  }
  return sign + parts.join(" ");
}

const FORMAT_UNITS: ReadonlyArray<readonly [string, number]> = [
  ["w", WEEK],
  ["d", DAY],
  ["h", HOUR],
  ["m", MINUTE],
  ["s", SECOND],
  ["ms", 1],
];

function readAmount(text: string): Amount | undefined {
  if (NUMBER_ONLY.test(text)) return { kind: "bare", value: Number(text) };
  let ms = 0;
  let unitMs = 0;
  for (const [, amount = "", unit = ""] of text.matchAll(TERM)) {
    const size = UNIT_MS[unit];
    if (size === undefined) return undefined;
    const count = amount === "a" || amount === "an" ? 1 : Number(amount);
    ms += count * size;
    unitMs ||= size;
  }
  // Everything that is not a term must be a separator ("1 hour and 30 minutes", "1h, 30m").
  const leftover = text.replace(TERM, "").replace(/\band\b|[,\s]/g, "");
  if (unitMs === 0 || leftover !== "") return undefined;
  return { kind: "span", ms: Math.round(ms), unitMs };
}

function toMs(amount: Amount, unitSource: Amount | undefined): number | undefined {
  if (amount.kind === "span") return amount.ms;
  if (unitSource?.kind !== "span") return undefined;
  return Math.round(amount.value * unitSource.unitMs);
}

function describeUnknownUnit(body: string): string | undefined {
  for (const [, , unit = ""] of body.matchAll(TERM)) {
    if (UNIT_MS[unit] === undefined) {
      return `unknown unit "${unit}"; use seconds, minutes, hours, days or weeks, ${EXPECTED}`;
    }
  }
  return undefined;
}
