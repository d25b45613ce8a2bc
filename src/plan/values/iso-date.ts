import { invalid, ok, type ParseResult } from "./parse-result.js";

/** An instant in ms since 1970-01-01T00:00:00Z; `hasTime` is false for a bare date. */
export type IsoDate = { epochMs: number; hasTime: boolean };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const EXPECTED = 'expected an ISO 8601 date like "2025-10-04" or date-time like "2025-10-04T10:00:00Z"';

/**
 * Parses "2025-10-04", "2025-10-04T10:00:00Z", "2025-10-04T12:00:00+02:00",
 * "2025-10-04T10:00:00.250Z". A bare date is midnight UTC, and so is a date-time without
 * a zone: plans are shared across zones, so the reader's zone must not change their meaning.
 */
export function parseIsoDate(text: string): ParseResult<IsoDate> {
  const trimmed = text.trim();
  if (trimmed === "") return invalid(`the date is empty; ${EXPECTED}`);
  const dateOnly = DATE.exec(trimmed);
  const dateTime = dateOnly ? undefined : DATE_TIME.exec(trimmed);
  const match = dateOnly ?? dateTime;
  if (!match) return invalid(EXPECTED);

  const [, year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match.slice(0, 7).map((part) => Number(part ?? 0));
  if (month < 1 || month > 12) return invalid(`${trimmed} has no month ${month}; ${EXPECTED}`);
  const daysInMonth = countDaysInMonth(year, month);
  if (day < 1 || day > daysInMonth) {
    const name = MONTHS[month - 1] ?? "";
    return invalid(`${trimmed.slice(0, 10)} is not a real date: ${name} ${year} has ${daysInMonth} days`);
  }
  if (dateTime === undefined) return ok({ epochMs: toEpochMs(year, month, day, 0, 0, 0, 0), hasTime: false });

  if (hour > 23 || minute > 59 || second > 59) {
    return invalid(`${trimmed} is not a real time of day; write hours 00-23, minutes and seconds 00-59`);
  }
  // Fractions beyond milliseconds are truncated, not rounded, so an instant never moves forward.
  const millisecond = Number((dateTime?.[7] ?? "").slice(0, 3).padEnd(3, "0"));
  const offsetMinutes = readOffsetMinutes(dateTime?.[8] ?? "Z");
  if (offsetMinutes === undefined) return invalid(`${trimmed} has an impossible UTC offset; ${EXPECTED}`);
  const local = toEpochMs(year, month, day, hour, minute, second, millisecond);
  return ok({ epochMs: local - offsetMinutes * 60_000, hasTime: true });
}

function readOffsetMinutes(zone: string): number | undefined {
  if (zone.toUpperCase() === "Z") return 0;
  const digits = zone.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || "0");
  if (hours > 23 || minutes > 59) return undefined;
  return (zone.startsWith("-") ? -1 : 1) * (hours * 60 + minutes);
}

function countDaysInMonth(year: number, month: number): number {
  return new Date(toEpochMs(year, month + 1, 0, 0, 0, 0, 0)).getUTCDate();
}

function toEpochMs(year: number, month: number, day: number, h: number, m: number, s: number, ms: number): number {
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(h, m, s, ms);
  return date.getTime();
}
