import { describe, expect, it } from "vitest";
import { parsePlanText } from "../plan/plan-document.js";
import type { Plan } from "../plan/schema/plan-schema.js";
import { readExamplePlan } from "../testing/lint-fixture.js";
import { checkConstraints } from "./check-constraints.js";

function planOf(yaml: string): Plan {
  const document = parsePlanText(yaml);
  if (document.kind !== "plan-document" || document.plan === undefined) throw new Error("not a plan");
  return document.plan;
}

const example = planOf(readExamplePlan());
const startInside = (iso: string) => checkConstraints(example, Date.parse(iso)).migration_window?.start_inside;

describe("checkConstraints", () => {
  it("reads the example's constraints", () => {
    expect(checkConstraints(example, Date.parse("2025-10-06T15:00:00Z"))).toEqual({
      migration_window: {
        text: "Weekday 10am-4pm EST",
        description: "Weekdays 10:00-16:00 EST (America/New_York)",
        problem: null,
        start_inside: true,
      },
      downtime_allowed: false,
      max_downtime_duration: "0 minutes",
      business_constraints: ["No changes during Black Friday week"],
    });
  });

  it("says whether a start falls inside 'Weekday 10am-4pm EST' (New York time, daylight saving included)", () => {
    // The example's created_date: a Saturday, 06:00 in New York.
    expect(startInside("2025-10-04T10:00:00Z")).toBe(false);
    // Monday 2025-10-06, EDT (UTC-4): 10:00 opens the window, 16:00 closes it.
    expect(startInside("2025-10-06T13:59:00Z")).toBe(false);
    expect(startInside("2025-10-06T14:00:00Z")).toBe(true);
    expect(startInside("2025-10-06T19:59:00Z")).toBe(true);
    expect(startInside("2025-10-06T20:00:00Z")).toBe(false);
    // Monday 2025-12-01, EST (UTC-5): 10:00 New York is 15:00 UTC.
    expect(startInside("2025-12-01T14:30:00Z")).toBe(false);
    expect(startInside("2025-12-01T15:00:00Z")).toBe(true);
  });

  it("reports a window it cannot read instead of guessing", () => {
    const plan = planOf('migration_overview: { constraints: { migration_window: "when it is quiet" } }');
    expect(checkConstraints(plan, 0).migration_window).toMatchObject({ text: "when it is quiet", description: null, start_inside: null });
    expect(checkConstraints(planOf("metadata: {}"), 0)).toEqual({
      migration_window: null,
      downtime_allowed: null,
      max_downtime_duration: null,
      business_constraints: [],
    });
  });
});
