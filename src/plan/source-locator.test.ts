import { describe, expect, it } from "vitest";
import { createSourceLocator } from "./source-locator.js";

const text = `metadata:
  version: "1.0.0"
migration_phases:
  - phase_id: P1
    steps:
      - step_id: S1
        name: First
shared: &anchor
  deep: value
alias: *anchor
`;

describe("createSourceLocator", () => {
  const locate = createSourceLocator(text);

  it("points at a value, or at its key", () => {
    expect(locate(["metadata", "version"])).toMatchObject({ line: 2, column: 12, endColumn: 19, exact: true });
    expect(locate(["metadata", "version"], "key")).toMatchObject({ line: 2, column: 3, exact: true });
  });

  it("walks list indexes", () => {
    expect(locate(["migration_phases", 0, "steps", 0, "name"])).toMatchObject({ line: 7, column: 15 });
  });

  it("falls back to the nearest enclosing value for paths that are absent", () => {
    expect(locate(["migration_phases", 0, "validation_gate", "gate_id"])).toMatchObject({ line: 4, column: 5, exact: false });
  });

  it("follows aliases", () => {
    expect(locate(["alias", "deep"])).toMatchObject({ line: 9, column: 9 });
  });
});
