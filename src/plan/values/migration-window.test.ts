import { describe, expect, it } from "vitest";
import { describeWindow, isWithinWindow, type MigrationWindow, parseMigrationWindow } from "./migration-window.js";

const WEEKDAYS = [1, 2, 3, 4, 5];
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];

function weekly(days: number[], startMinute: number, endMinute: number, timeZone: string, zoneLabel: string): MigrationWindow {
  return { kind: "weekly", days, startMinute, endMinute, timeZone, zoneLabel };
}

function windowOf(text: string): MigrationWindow {
  const result = parseMigrationWindow(text);
  if (result.kind !== "ok") throw new Error(result.reason);
  return result.value;
}

describe("parseMigrationWindow", () => {
  it.each<[string, MigrationWindow]>([
    // the spec's and SEMANTICS' own strings
    ["Weekday 10am-4pm EST", weekly(WEEKDAYS, 600, 960, "America/New_York", "EST")],
    ["anytime", { kind: "anytime" }],
    ["Saturdays 02:00-06:00 UTC", weekly([6], 120, 360, "UTC", "UTC")],
    // days alone: the whole day, in UTC when no zone is written (zoneLabel "")
    ["Weekdays", weekly(WEEKDAYS, 0, 1440, "UTC", "")],
    ["Weekends", weekly([0, 6], 0, 1440, "UTC", "")],
    ["Daily", weekly(EVERY_DAY, 0, 1440, "UTC", "")],
    ["Weekends BST", weekly([0, 6], 0, 1440, "Europe/London", "BST")],
    ["Weekdays Asia/Kolkata", weekly(WEEKDAYS, 0, 1440, "Asia/Kolkata", "Asia/Kolkata")],
    // hours alone: every day
    ["10-11am EST", weekly(EVERY_DAY, 600, 660, "America/New_York", "EST")],
    ["Every day 22:00-24:00", weekly(EVERY_DAY, 1320, 1440, "UTC", "")],
    // crossing midnight: end < start
    ["Mon-Fri 22:00-02:00 UTC", weekly(WEEKDAYS, 1320, 120, "UTC", "UTC")],
    ["Weekdays 10pm-2am PT", weekly(WEEKDAYS, 1320, 120, "America/Los_Angeles", "PT")],
    // ways to list days
    ["Tuesday and Thursday 9am-11am PST", weekly([2, 4], 540, 660, "America/Los_Angeles", "PST")],
    ["Sat,Sun 1am-5am CET", weekly([0, 6], 60, 300, "Europe/Paris", "CET")],
    ["Sat/Sun 02:00-06:00 Z", weekly([0, 6], 120, 360, "UTC", "Z")],
    ["Mon, Wed & Fri 6 a.m.-8 a.m. JST", weekly([1, 3, 5], 360, 480, "Asia/Tokyo", "JST")],
    ["Fri-Mon 20:00-23:00 Europe/Berlin", weekly([0, 1, 5, 6], 1200, 1380, "Europe/Berlin", "Europe/Berlin")],
    ["Monday through Friday 9:30am to 5:15pm ET", weekly(WEEKDAYS, 570, 1035, "America/New_York", "ET")],
    ["Thurs 1am-3am AEST", weekly([4], 60, 180, "Australia/Sydney", "AEST")],
    // clock spellings
    ["Weekdays 10-2pm CT", weekly(WEEKDAYS, 600, 840, "America/Chicago", "CT")],
    ["Weekdays 12am-6am IST", weekly(WEEKDAYS, 0, 360, "Asia/Kolkata", "IST")],
    ["Sundays noon-midnight GMT", weekly([0], 720, 1440, "UTC", "GMT")],
    ["Weekdays midnight-4am MST", weekly(WEEKDAYS, 0, 240, "America/Denver", "MST")],
    ["weekday 10AM-4PM est", weekly(WEEKDAYS, 600, 960, "America/New_York", "est")],
    ["Weekday 10am–4pm EST", weekly(WEEKDAYS, 600, 960, "America/New_York", "EST")],
    ["  Weekday   10am - 4pm   EST ", weekly(WEEKDAYS, 600, 960, "America/New_York", "EST")],
    // anytime spellings
    ["any time", { kind: "anytime" }],
    ["24/7", { kind: "anytime" }],
    ["Anytime", { kind: "anytime" }],
  ])("%j", (text, window) => {
    expect(parseMigrationWindow(text)).toEqual({ kind: "ok", value: window });
  });

  it.each([
    ["", "the migration window is empty"],
    ["soon", 'unknown day or time zone "soon"'],
    ["Funday 10am-4pm UTC", 'unknown day or time zone "Funday"'],
    ["Weekday 10am-4pm HST", 'unknown time zone "HST"; use an abbreviation like "EST" or an IANA name like "Europe/Berlin"'],
    ["Weekdays 10am-4pm Europe/Atlantis", 'unknown time zone "Europe/Atlantis"'],
    ["Weekdays Europe/Atlantis", 'unknown time zone "Europe/Atlantis"'],
    ["Weekdays 9-5 EST", '"9" is ambiguous; write times like "10am" or "10:00"'],
    ["Weekdays 13pm-4pm", '"13pm" is not a time of day'],
    ["Weekdays 10:75-11:00", 'write times like "10am", "4:30pm" or "22:00"'],
    ["Weekdays 10:00-10:00", "the window starts and ends at the same time"],
    ["Weekdays 24:00-02:00", "24:00 can only end a window"],
    ["Weekdays at 10am", 'unknown day or time zone "at"'],
    ["EST", 'unknown day or time zone "EST"'],
  ])("%j is invalid: %s", (text, reasonPart) => {
    const result = parseMigrationWindow(text);
    expect(result.kind).toBe("invalid");
    expect(result.kind === "invalid" && result.reason).toContain(reasonPart);
  });
});

describe("isWithinWindow", () => {
  it.each([
    // New York leaves EST (UTC-5) for EDT (UTC-4) on Sunday 2025-03-09 at 02:00 local.
    ["Weekday 10am-4pm EST", "2025-03-07T14:59:00Z", false], // Fri 09:59 EST
    ["Weekday 10am-4pm EST", "2025-03-07T15:00:00Z", true], // Fri 10:00 EST
    ["Weekday 10am-4pm EST", "2025-03-07T20:59:00Z", true], // Fri 15:59 EST
    ["Weekday 10am-4pm EST", "2025-03-07T21:00:00Z", false], // Fri 16:00 EST: end is exclusive
    ["Weekday 10am-4pm EST", "2025-03-08T15:00:00Z", false], // Sat 10:00 EST
    ["Weekday 10am-4pm EST", "2025-03-10T13:59:00Z", false], // Mon 09:59 EDT
    ["Weekday 10am-4pm EST", "2025-03-10T14:00:00Z", true], // Mon 10:00 EDT, 09:00 if EST were fixed
    ["Weekday 10am-4pm EST", "2025-03-10T20:00:00Z", false], // Mon 16:00 EDT, 15:00 if EST were fixed
    // The night of the change: 02:00-02:59 local never happens.
    ["Daily 01:30-03:30 ET", "2025-03-09T06:29:00Z", false], // 01:29 EST
    ["Daily 01:30-03:30 ET", "2025-03-09T06:30:00Z", true], // 01:30 EST
    ["Daily 01:30-03:30 ET", "2025-03-09T06:59:00Z", true], // 01:59 EST
    ["Daily 01:30-03:30 ET", "2025-03-09T07:00:00Z", true], // 03:00 EDT
    ["Daily 01:30-03:30 ET", "2025-03-09T07:30:00Z", false], // 03:30 EDT
    // Back to EST on 2025-11-02: 01:00-01:59 local happens twice, and both count.
    ["Sundays 01:00-02:00 America/New_York", "2025-11-02T04:59:00Z", false], // 00:59 EDT
    ["Sundays 01:00-02:00 America/New_York", "2025-11-02T05:00:00Z", true], // 01:00 EDT
    ["Sundays 01:00-02:00 America/New_York", "2025-11-02T06:30:00Z", true], // 01:30 EST
    ["Sundays 01:00-02:00 America/New_York", "2025-11-02T07:00:00Z", false], // 02:00 EST
    // Across midnight: the early hours belong to the previous day's window.
    ["Mon-Fri 22:00-02:00 UTC", "2025-10-03T22:00:00Z", true], // Fri 22:00
    ["Mon-Fri 22:00-02:00 UTC", "2025-10-04T01:59:00Z", true], // Sat 01:59, Friday's window
    ["Mon-Fri 22:00-02:00 UTC", "2025-10-04T02:00:00Z", false], // Sat 02:00
    ["Mon-Fri 22:00-02:00 UTC", "2025-10-04T22:00:00Z", false], // Sat 22:00
    ["Mon-Fri 22:00-02:00 UTC", "2025-10-06T01:00:00Z", false], // Mon 01:00, Sunday has no window
    ["Mon-Fri 22:00-02:00 UTC", "2025-10-06T21:59:00Z", false], // Mon 21:59
    ["Mon-Fri 22:00-02:00 UTC", "2025-10-07T01:00:00Z", true], // Tue 01:00, Monday's window
    // The weekday is the zone's: Fri 23:00 UTC is Sat 01:00 in Paris (CEST).
    ["Sat,Sun 1am-5am CET", "2025-10-03T23:00:00Z", true],
    ["Sat,Sun 1am-5am CET", "2025-10-04T03:00:00Z", false], // Sat 05:00 CEST
    ["Saturdays 02:00-06:00 UTC", "2025-10-04T02:00:00Z", true],
    ["Saturdays 02:00-06:00 UTC", "2025-10-04T06:00:00Z", false],
    ["Sundays noon-midnight GMT", "2025-10-05T23:59:00Z", true],
    ["Sundays noon-midnight GMT", "2025-10-06T00:00:00Z", false],
    ["Weekends", "2025-10-05T23:59:59Z", true],
    ["anytime", "2025-10-04T03:00:00Z", true],
  ])("%j at %s -> %s", (text, iso, expected) => {
    expect(isWithinWindow(windowOf(text), new Date(iso))).toBe(expected);
  });

  it("is false for an invalid date", () => {
    expect(isWithinWindow(windowOf("Daily"), new Date(Number.NaN))).toBe(false);
  });
});

describe("describeWindow", () => {
  it.each([
    ["Weekday 10am-4pm EST", "Weekdays 10:00-16:00 EST (America/New_York)"],
    ["Saturdays 02:00-06:00 UTC", "Saturdays 02:00-06:00 UTC"],
    ["Mon-Fri 22:00-02:00 UTC", "Weekdays 22:00-02:00 (next day) UTC"],
    ["Tuesday and Thursday 9am-11am PST", "Tue, Thu 09:00-11:00 PST (America/Los_Angeles)"],
    ["Fri-Mon 20:00-23:00 Europe/Berlin", "Fri-Mon 20:00-23:00 Europe/Berlin"],
    ["Mon-Wed", "Mon-Wed (all day, UTC)"],
    ["Sat,Sun", "Weekends (all day, UTC)"],
    ["Every day 22:00-24:00", "Daily 22:00-24:00 UTC"],
    ["anytime", "any time"],
  ])("%j -> %j", (text, description) => {
    expect(describeWindow(windowOf(text))).toBe(description);
  });
});

describe("parseMigrationWindow on long input", () => {
  // Separators between days once left runs of blanks that were rescanned from each blank.
  it("names the first unknown word after 200,000 separators", () => {
    expect(parseMigrationWindow(`Mon${". ".repeat(200_000)}x`)).toMatchObject({ kind: "invalid", reason: expect.stringContaining('unknown day or time zone "x"') });
  }, 5_000);

  it("reads day ranges with separators around the dash", () => {
    expect(parseMigrationWindow("Mon . . - . Fri 10am-4pm EST")).toMatchObject({ kind: "ok", value: { days: [1, 2, 3, 4, 5] } });
  });
});
