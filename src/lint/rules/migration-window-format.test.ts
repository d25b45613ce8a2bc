import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { migrationWindowFormatRule } from "./migration-window-format.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [migrationWindowFormatRule] }).diagnostics);

const window = (text: string) => `migration_overview:\n  constraints:\n    migration_window: "${text}"\n`;

describe("migration-window-format", () => {
  it('accepts the spec\'s example, "Weekday 10am-4pm EST"', () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it.each(["Saturdays 02:00-06:00 UTC", "anytime", "Mon-Fri 22:00-02:00", "Weekends Europe/Berlin"])("accepts %s", (text) => {
    expect(lint(window(text))).toEqual([]);
  });

  it("flags an unknown day, with the accepted forms the parser gives", () => {
    expect(lint(window("Holidays 10am-4pm EST"))).toEqual([
      'error migration-window-format 3:23 migration_window "Holidays 10am-4pm EST" is not a window the engine can check: unknown day or time zone "Holidays"; expected a window like "Weekday 10am-4pm EST", "Saturdays 02:00-06:00 UTC" or "anytime"',
    ]);
  });

  it("adds the accepted forms when the parser's reason is about one part only", () => {
    expect(lint(window("Weekday 10am-4pm Mars"))).toEqual([
      'error migration-window-format 3:23 migration_window "Weekday 10am-4pm Mars" is not a window the engine can check: unknown time zone "Mars"; use an abbreviation like "EST" or an IANA name like "Europe/Berlin"; accepted forms look like "Weekday 10am-4pm EST", "Saturdays 02:00-06:00 UTC" or "anytime"',
    ]);
  });
});
