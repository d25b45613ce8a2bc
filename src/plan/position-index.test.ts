import { describe, expect, it } from "vitest";
import jsYaml from "js-yaml";
import { PositionIndex } from "./position-index.js";

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

function indexOf(source: string): PositionIndex {
  const index = new PositionIndex(source);
  jsYaml.load(source, { schema: jsYaml.CORE_SCHEMA, listener: index.listener });
  return index;
}

describe("PositionIndex", () => {
  const index = indexOf(text);
  const locate = index.locate.bind(index);

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

  it("points at the key of an empty value rather than the next line", () => {
    const empty = indexOf("metadata:\n  version:\n  name: x\n");
    expect(empty.locate(["metadata", "version"])).toMatchObject({ line: 2, column: 3, exact: true });
    expect(empty.locate(["metadata", "name"])).toMatchObject({ line: 3, column: 9 });
  });

  it("handles flow collections, comments and quoted keys", () => {
    const flow = indexOf('a: # note\n  # more\n  {b: [1, {c: "x"}], "d e": 2}\n');
    expect(flow.locate(["a", "b", 1, "c"])).toMatchObject({ line: 3, column: 15, endColumn: 18 });
    expect(flow.locate(["a", "d e"], "key")).toMatchObject({ line: 3, column: 22 });
    expect(flow.locate(["a"])).toMatchObject({ line: 3, column: 3 });
  });

  it("gives integer-like keys their own place", () => {
    const numeric = indexOf("b: 1\n2: two\n");
    expect(numeric.locate(["2"])).toMatchObject({ line: 2, column: 4 });
  });
});
