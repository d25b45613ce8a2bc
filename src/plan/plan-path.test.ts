import { describe, expect, it } from "vitest";
import { formatPlanPath, PathPrefixSet } from "./plan-path.js";

describe("PathPrefixSet", () => {
  const filled = new PathPrefixSet([
    ["prerequisites", 3, "prerequisite_id"],
    ["migration_phases", 0, "steps", 1],
  ]);

  it("covers a member and everything inside it", () => {
    expect(filled.covers(["prerequisites", 3, "prerequisite_id"])).toBe(true);
    expect(filled.covers(["migration_phases", 0, "steps", 1, "validation", "validation_checks", 0])).toBe(true);
  });

  it("does not cover a parent, a sibling or an index that only prints the same", () => {
    expect(filled.covers(["prerequisites", 3])).toBe(false);
    expect(filled.covers(["migration_phases", 0, "steps", 2])).toBe(false);
    expect(filled.covers(["migration_phases", "0", "steps", 1])).toBe(false);
  });

  it("covers nothing when empty", () => {
    expect(new PathPrefixSet().covers([])).toBe(false);
  });
});

describe("formatPlanPath", () => {
  it("writes keys with dots, indexes in brackets and odd keys quoted", () => {
    expect(formatPlanPath(["migration_phases", 1, "steps", 0, "step_id"])).toBe("migration_phases[1].steps[0].step_id");
    expect(formatPlanPath(["metadata", "a key"])).toBe('metadata["a key"]');
  });
});
