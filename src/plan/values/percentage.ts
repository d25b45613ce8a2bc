import { invalid, ok, type ParseResult } from "./parse-result.js";

/**
 * A metric's `normal_range`, `alert_threshold` or `critical_threshold`. Percentages are
 * stored as ratios ("0.5%" -> 0.005); `percent` records that a % sign was written.
 */
export type Threshold = { kind: "range"; min: number; max: number; percent: boolean } | { kind: "value"; value: number; percent: boolean };

const NUMBER = String.raw`\d+(?:\.\d+)?|\.\d+`;
const THRESHOLD = new RegExp(String.raw`^(${NUMBER})\s*(%?)(?:\s*(?:-|\bto\b)\s*(${NUMBER})\s*(%?))?$`);
const ACCEPTANCE = new RegExp(String.raw`^(${NUMBER})\s*(%?)(?:\s+match(?:es|ed|ing)?)?$`);

const EXPECTED_THRESHOLD = 'expected a value like "0.5%" or "250", or a range like "0-0.1%"';
const EXPECTED_ACCEPTANCE = 'expected a share of matching records like "99.99% match" or "0.9999"';

/** Parses "0-0.1%" (the % applies to both ends), "0.5%", "100%", "250", "0 to 5". */
export function parseThreshold(text: string): ParseResult<Threshold> {
  const normalized = normalize(text);
  if (normalized === "") return invalid(`the threshold is empty; ${EXPECTED_THRESHOLD}`);
  if (/^[<>=≤≥!]/.test(normalized)) {
    return invalid(`a threshold is a value or a range, not a comparison; ${EXPECTED_THRESHOLD}`);
  }
  const match = THRESHOLD.exec(normalized);
  if (!match) return invalid(EXPECTED_THRESHOLD);
  const [, first = "", firstPercent, second, secondPercent] = match;

  if (second === undefined) {
    const percent = firstPercent === "%";
    return ok({ kind: "value", value: readNumber(first, percent), percent });
  }
  if (firstPercent === "%" && secondPercent !== "%") {
    return invalid('write % after both ends of a range or only after the last, like "0-0.1%"');
  }
  const percent = secondPercent === "%";
  const min = readNumber(first, percent);
  const max = readNumber(second, percent);
  if (min > max) {
    return invalid(`the range starts at ${first} but ends at ${second}; write the smaller value first`);
  }
  return ok({ kind: "range", min, max, percent });
}

/**
 * Parses a reconciliation `acceptance_threshold`: "99.99% match", "100%", "99.9% matching",
 * or a bare ratio from 0 to 1 ("0.9999"). A bare number above 1 is refused, not guessed.
 */
export function parseAcceptanceThreshold(text: string): ParseResult<{ ratio: number }> {
  const normalized = normalize(text);
  if (normalized === "") return invalid(`the acceptance threshold is empty; ${EXPECTED_ACCEPTANCE}`);
  if (normalized.startsWith("-")) {
    return invalid(`an acceptance threshold cannot be negative; ${EXPECTED_ACCEPTANCE}`);
  }
  const match = ACCEPTANCE.exec(normalized);
  if (!match) return invalid(EXPECTED_ACCEPTANCE);
  const [, digits = "", percentSign] = match;
  const percent = percentSign === "%";
  const ratio = readNumber(digits, percent);
  if (percent && ratio > 1) return invalid(`an acceptance threshold cannot exceed 100%; ${EXPECTED_ACCEPTANCE}`);
  if (!percent && ratio > 1) {
    return invalid(`a number without % is a ratio from 0 to 1; write "${digits}%" or a ratio like "0.9999"`);
  }
  return ok({ ratio });
}

/**
 * Turns the digits of a percentage into a ratio by moving the decimal point, so "99.99"
 * gives exactly 0.9999 (dividing by 100 would give 0.9998999999999999).
 */
export function convertPercentToRatio(digits: string): number {
  const match = /^(\d*)(?:\.(\d*))?$/.exec(digits);
  if (!match) return Number.NaN;
  const whole = (match[1] ?? "").padStart(3, "0");
  return Number(`${whole.slice(0, -2)}.${whole.slice(-2)}${match[2] ?? ""}`);
}

function readNumber(digits: string, percent: boolean): number {
  return percent ? convertPercentToRatio(digits) : Number(digits);
}

function normalize(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\u2012-\u2015\u2212]/g, "-")
    .replace(/\s+/g, " ");
}
