import { describe, expect, it } from "vitest";
import { parseIsoDate } from "./iso-date.js";

describe("parseIsoDate", () => {
  it.each([
    // the spec's own strings
    ["2025-10-04T10:00:00Z", Date.UTC(2025, 9, 4, 10), true],
    ["2025-10-10T00:00:00Z", Date.UTC(2025, 9, 10), true],
    ["2025-10-04", Date.UTC(2025, 9, 4), false],
    // offsets, fractions, zoneless and spacing variants
    ["2025-10-04T12:00:00+02:00", Date.UTC(2025, 9, 4, 10), true],
    ["2025-10-04T05:30:00-04:30", Date.UTC(2025, 9, 4, 10), true],
    ["2025-10-04T12:00:00+0200", Date.UTC(2025, 9, 4, 10), true],
    ["2025-10-04T12:00:00+02", Date.UTC(2025, 9, 4, 10), true],
    ["2025-10-04T10:00:00.250Z", Date.UTC(2025, 9, 4, 10, 0, 0, 250), true],
    ["2025-10-04T10:00:00.5Z", Date.UTC(2025, 9, 4, 10, 0, 0, 500), true],
    ["2025-10-04T10:00:00.123999Z", Date.UTC(2025, 9, 4, 10, 0, 0, 123), true],
    ["2025-10-04T10:00:00", Date.UTC(2025, 9, 4, 10), true],
    ["2025-10-04T10:00Z", Date.UTC(2025, 9, 4, 10), true],
    ["2025-10-04 10:00:00Z", Date.UTC(2025, 9, 4, 10), true],
    ["2025-10-04t10:00:00z", Date.UTC(2025, 9, 4, 10), true],
    [" 2025-10-04 ", Date.UTC(2025, 9, 4), false],
    // calendar edges
    ["2024-02-29", Date.UTC(2024, 1, 29), false],
    ["2000-02-29", Date.UTC(2000, 1, 29), false],
    ["2025-12-31T23:59:59Z", Date.UTC(2025, 11, 31, 23, 59, 59), true],
    ["0099-01-01", -59_042_995_200_000, false],
  ])("%j -> %d (hasTime %s)", (text, epochMs, hasTime) => {
    expect(parseIsoDate(text)).toEqual({ kind: "ok", value: { epochMs, hasTime } });
  });

  it.each([
    ["2025-02-30", "2025-02-30 is not a real date: February 2025 has 28 days"],
    ["1900-02-29", "1900-02-29 is not a real date: February 1900 has 28 days"],
    ["2025-04-31T10:00:00Z", "2025-04-31 is not a real date: April 2025 has 30 days"],
    ["2025-13-01", "2025-13-01 has no month 13"],
    ["2025-00-10", "2025-00-10 has no month 0"],
    ["2025-10-04T24:00:00Z", "is not a real time of day"],
    ["2025-10-04T10:60:00Z", "is not a real time of day"],
    ["2025-10-04T10:00:00+25:00", "has an impossible UTC offset"],
    ["10/04/2025", 'expected an ISO 8601 date like "2025-10-04" or date-time like "2025-10-04T10:00:00Z"'],
    ["next week", "expected an ISO 8601 date like"],
    ["2025-10-4", "expected an ISO 8601 date like"],
    ["2025-10-04T10", "expected an ISO 8601 date like"],
    ["2025-10-04T10:00:00 UTC", "expected an ISO 8601 date like"],
    ["", "the date is empty"],
  ])("%j is invalid: %s", (text, reasonPart) => {
    const result = parseIsoDate(text);
    expect(result.kind).toBe("invalid");
    expect(result.kind === "invalid" && result.reason).toContain(reasonPart);
  });
});
