import { describe, expect, it } from "vitest";
import { formatDate, formatDateRange, formatHours, formatTotal } from "./plan-phrases.js";

describe("plan phrases", () => {
  it("writes durations the way people say them", () => {
    expect(formatHours(0)).toBe("0m");
    expect(formatHours(0.5)).toBe("30m");
    expect(formatHours(26.5)).toBe("1d 2h 30m");
    expect(formatHours({ min: 2, max: 3 })).toBe("2h-3h");
    // Slack can shrink as durations grow; a range always reads low to high.
    expect(formatHours({ min: 24, max: 23 })).toBe("23h-1d");
  });

  it("gives totals in hours, and in days too past a day", () => {
    expect(formatTotal({ min: 172, max: 172 })).toBe("172h (7d 4h)");
    expect(formatTotal({ min: 2.5, max: 5 })).toBe("2.5-5h");
  });

  it("writes instants in UTC to the minute", () => {
    expect(formatDate("2025-10-04T10:00:00.000Z")).toBe("2025-10-04 10:00 UTC");
    expect(formatDateRange({ min: "2025-10-04T10:00:00.000Z", max: "2025-10-05T10:00:00.000Z" })).toBe("2025-10-04 10:00 UTC to 2025-10-05 10:00 UTC");
  });
});
