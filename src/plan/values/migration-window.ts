import { invalid, ok, type ParseResult } from "./parse-result.js";

/**
 * When a migration may run. Weekly windows open on each of `days` (0 = Sunday .. 6) at
 * `startMinute` after local midnight in `timeZone` and close at `endMinute` (exclusive,
 * 1..1440). `endMinute < startMinute` means the window crosses midnight into the next day.
 * `zoneLabel` is the zone as written ("EST"), or "" when none was written (then UTC).
 */
export type MigrationWindow =
  | { kind: "anytime" }
  | {
      kind: "weekly";
      days: number[];
      startMinute: number;
      endMinute: number;
      timeZone: string;
      zoneLabel: string;
    };

type WeeklyWindow = Extract<MigrationWindow, { kind: "weekly" }>;

// Abbreviations mean the local time people live by, so they follow daylight saving.
const ZONE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  est: "America/New_York",
  edt: "America/New_York",
  et: "America/New_York",
  cst: "America/Chicago",
  cdt: "America/Chicago",
  ct: "America/Chicago",
  mst: "America/Denver",
  mdt: "America/Denver",
  mt: "America/Denver",
  pst: "America/Los_Angeles",
  pdt: "America/Los_Angeles",
  pt: "America/Los_Angeles",
  utc: "UTC",
  gmt: "UTC",
  z: "UTC",
  cet: "Europe/Paris",
  cest: "Europe/Paris",
  bst: "Europe/London",
  ist: "Asia/Kolkata",
  jst: "Asia/Tokyo",
  aest: "Australia/Sydney",
  aedt: "Australia/Sydney",
};
const IANA_NAME = /^(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)(?:\/[\w+-]+)+$/i;

const DAY_NAMES: ReadonlyArray<readonly string[]> = [
  ["sun", "sunday"],
  ["mon", "monday"],
  ["tue", "tues", "tuesday"],
  ["wed", "weds", "wednesday"],
  ["thu", "thur", "thurs", "thursday"],
  ["fri", "friday"],
  ["sat", "saturday"],
];
const DAY_GROUPS: Readonly<Record<string, number[]>> = {
  daily: [0, 1, 2, 3, 4, 5, 6],
  everyday: [0, 1, 2, 3, 4, 5, 6],
  weekday: [1, 2, 3, 4, 5],
  weekdays: [1, 2, 3, 4, 5],
  weekend: [0, 6],
  weekends: [0, 6],
};
const FILLER = new Set(["on", "every", "each", "only"]);
const ANYTIME = new Set(["anytime", "any time", "24/7", "always"]);

const TIME = String.raw`(?:\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|noon|midnight)`;
const TIME_RANGE = new RegExp(String.raw`^(.*?)\s*\b(${TIME})\s*(?:-|\bto\b|\buntil\b|\btill\b)\s*(${TIME})(?:\s+(.*))?$`, "i");
const EXPECTED = 'expected a window like "Weekday 10am-4pm EST", "Saturdays 02:00-06:00 UTC" or "anytime"';

/** Parses "Weekday 10am-4pm EST", "Saturdays 02:00-06:00 UTC", "Mon-Fri 22:00-02:00", "anytime". */
export function parseMigrationWindow(text: string): ParseResult<MigrationWindow> {
  const normalized = text
    .trim()
    .replace(/[\u2012-\u2015\u2212]/g, "-")
    .replace(/\s+/g, " ");
  if (normalized === "") return invalid(`the migration window is empty; ${EXPECTED}`);
  if (ANYTIME.has(normalized.toLowerCase())) return ok({ kind: "anytime" });

  let daysText = normalized;
  let zoneText = "";
  let minutes: ParseResult<{ startMinute: number; endMinute: number }> = ok({ startMinute: 0, endMinute: 1440 });
  const range = TIME_RANGE.exec(normalized);
  if (range) {
    daysText = range[1] ?? "";
    zoneText = range[4] ?? "";
    minutes = readMinutes(range[2] ?? "", range[3] ?? "");
  } else {
    const lastSpace = normalized.lastIndexOf(" ");
    const last = normalized.slice(lastSpace + 1);
    if (lastSpace > 0 && (readZone(last) !== undefined || IANA_NAME.test(last))) {
      daysText = normalized.slice(0, lastSpace);
      zoneText = last;
    }
  }
  if (minutes.kind === "invalid") return minutes;

  const zone = zoneText === "" ? { timeZone: "UTC", zoneLabel: "" } : readZone(zoneText);
  if (zone === undefined) {
    return invalid(`unknown time zone "${zoneText}"; use an abbreviation like "EST" or an IANA name like "Europe/Berlin"`);
  }
  const days = readDays(daysText, range !== null);
  if (days.kind === "invalid") return days;
  return ok({ kind: "weekly", days: days.value, ...minutes.value, ...zone });
}

/** Whether `instant` falls inside the window, judged by the wall clock of the window's zone. */
export function isWithinWindow(window: MigrationWindow, instant: Date): boolean {
  if (window.kind === "anytime") return true;
  const local = readLocalTime(window.timeZone, instant);
  if (local === undefined) return false;
  const { day, minute } = local;
  if (window.startMinute < window.endMinute) {
    return window.days.includes(day) && minute >= window.startMinute && minute < window.endMinute;
  }
  // Crossing midnight: the early hours belong to the window opened the day before.
  const yesterday = (day + 6) % 7;
  return (window.days.includes(day) && minute >= window.startMinute) || (window.days.includes(yesterday) && minute < window.endMinute);
}

/** A one-line description, e.g. "Weekdays 10:00-16:00 EST (America/New_York)". */
export function describeWindow(window: MigrationWindow): string {
  if (window.kind === "anytime") return "any time";
  const days = describeDays(window.days);
  if (window.startMinute === 0 && window.endMinute === 1440) return `${days} (all day, ${describeZone(window)})`;
  return `${days} ${describeHours(window)} ${describeZone(window)}`;
}

function readZone(text: string): { timeZone: string; zoneLabel: string } | undefined {
  const abbreviation = ZONE_ABBREVIATIONS[text.toLowerCase()];
  if (abbreviation !== undefined) return { timeZone: abbreviation, zoneLabel: text };
  if (!IANA_NAME.test(text)) return undefined;
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: text }).resolvedOptions().timeZone;
    // Keep the name as written when ICU prefers an alias (Asia/Kolkata -> Asia/Calcutta).
    const timeZone = resolved.toLowerCase() === text.toLowerCase() ? resolved : text;
    return { timeZone, zoneLabel: text };
  } catch {
    return undefined;
  }
}

function readMinutes(startText: string, endText: string): ParseResult<{ startMinute: number; endMinute: number }> {
  const start = readClock(startText);
  const end = readClock(endText);
  if (start === undefined || end === undefined) {
    return invalid(`write times like "10am", "4:30pm" or "22:00"; ${EXPECTED}`);
  }
  // "10-11am": a start without am/pm takes the end's, unless that would put it after the end.
  if (start.meridiem === undefined && !start.hasColon && start.word === undefined && end.meridiem !== undefined) {
    start.meridiem = end.meridiem;
    if (toMinute(start) > toMinute(end)) start.meridiem = end.meridiem === "a" ? "p" : "a";
  }
  for (const clock of [start, end]) {
    if (clock.meridiem === undefined && !clock.hasColon && clock.word === undefined) {
      return invalid(`"${clock.text}" is ambiguous; write times like "10am" or "10:00"`);
    }
    if (clock.meridiem !== undefined ? clock.hour < 1 || clock.hour > 12 : clock.hour > 24) {
      return invalid(`"${clock.text}" is not a time of day; write times like "10am" or "22:00"`);
    }
  }
  const startMinute = toMinute(start);
  let endMinute = toMinute(end);
  if (endMinute === 0) endMinute = 1440;
  if (startMinute >= 1440 || endMinute > 1440) {
    return invalid('24:00 can only end a window, like "22:00-24:00"');
  }
  if (startMinute === endMinute % 1440) {
    return invalid('the window starts and ends at the same time; for a whole day write only the days, like "Saturdays"');
  }
  return ok({ startMinute, endMinute });
}

type Clock = { text: string; hour: number; minute: number; hasColon: boolean; meridiem?: "a" | "p"; word?: string };

function readClock(text: string): Clock | undefined {
  const lower = text.toLowerCase();
  if (lower === "noon") return { text, hour: 12, minute: 0, hasColon: false, word: lower };
  if (lower === "midnight") return { text, hour: 0, minute: 0, hasColon: false, word: lower };
  const match = /^(\d{1,2})(?::(\d{2}))?\s*(?:([ap])\.?m\.?)?$/.exec(lower);
  if (!match) return undefined;
  const minute = Number(match[2] ?? "0");
  if (minute > 59) return undefined;
  const clock: Clock = { text, hour: Number(match[1]), minute, hasColon: match[2] !== undefined };
  if (match[3] === "a" || match[3] === "p") clock.meridiem = match[3];
  return clock;
}

function toMinute(clock: Clock): number {
  const hour = clock.meridiem === undefined ? clock.hour : (clock.hour % 12) + (clock.meridiem === "p" ? 12 : 0);
  return hour * 60 + clock.minute;
}

function readDays(text: string, hasTime: boolean): ParseResult<number[]> {
  // Tokens keep their case so that an error quotes the word as written.
  const tokens = text
    .replace(/\bevery ?day\b/gi, "daily")
    .replace(/\band\b|[,&+/.]/gi, " ")
    // Collapsed first: a run of blanks before each "-" would otherwise be rescanned from each blank.
    .replace(/\s+/g, " ")
    .replace(/ ?(?:-|\bto\b|\bthrough\b|\bthru\b) ?/gi, "-")
    .split(" ")
    .filter((token) => token !== "" && !FILLER.has(token.toLowerCase()));
  if (tokens.length === 0) return hasTime ? ok([0, 1, 2, 3, 4, 5, 6]) : invalid(EXPECTED);

  const days = new Set<number>();
  for (const token of tokens) {
    const found = DAY_GROUPS[token.toLowerCase()] ?? readDayRange(token.toLowerCase());
    if (found === undefined) {
      return invalid(`unknown day or time zone "${token}"; ${EXPECTED}`);
    }
    for (const day of found) days.add(day);
  }
  return ok([...days].sort((a, b) => a - b));
}

function readDayRange(token: string): number[] | undefined {
  const [from = "", to, ...rest] = token.split("-");
  const first = readDay(from);
  if (first === undefined || rest.length > 0) return undefined;
  if (to === undefined) return [first];
  const last = readDay(to);
  if (last === undefined) return undefined;
  const days = [first];
  for (let day = first; day !== last; ) {
    day = (day + 1) % 7;
    days.push(day);
  }
  return days;
}

function readDay(token: string): number | undefined {
  const index = DAY_NAMES.findIndex((names) => names.includes(token) || names.includes(token.replace(/s$/, "")));
  return index === -1 ? undefined : index;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const DAY_LABELS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function readLocalTime(timeZone: string, instant: Date): { day: number; minute: number } | undefined {
  if (Number.isNaN(instant.getTime())) return undefined;
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    day: WEEKDAYS.indexOf(part("weekday")),
    minute: (Number(part("hour")) % 24) * 60 + Number(part("minute")),
  };
}

function describeDays(days: readonly number[]): string {
  const key = days.join(",");
  if (key === "0,1,2,3,4,5,6") return "Daily";
  if (key === "1,2,3,4,5") return "Weekdays";
  if (key === "0,6") return "Weekends";
  if (days.length === 1) return `${DAY_LABELS[days[0] ?? 0]}s`;
  const runStarts = days.filter((day) => !days.includes((day + 6) % 7));
  const [runStart] = runStarts;
  if (runStarts.length === 1 && runStart !== undefined && days.length >= 3) {
    return `${WEEKDAYS[runStart]}-${WEEKDAYS[(runStart + days.length - 1) % 7]}`;
  }
  return days.map((day) => WEEKDAYS[day]).join(", ");
}

function describeHours(window: WeeklyWindow): string {
  const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
  const nextDay = window.endMinute < window.startMinute ? " (next day)" : "";
  return `${clock(window.startMinute)}-${clock(window.endMinute)}${nextDay}`;
}

function describeZone(window: WeeklyWindow): string {
  if (window.zoneLabel === "") return window.timeZone;
  if (window.zoneLabel.toLowerCase() === window.timeZone.toLowerCase()) return window.timeZone;
  return `${window.zoneLabel} (${window.timeZone})`;
}
