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

describe("PositionIndex on a mapping of 40,000 keys", () => {
  // Keys are looked up in an index built on the first lookup, not by scanning the siblings.
  const keys = Array.from({ length: 40_000 }, (_, i) => `  key_${i}: ${i}`);
  const big = indexOf(`first: 1\nbig:\n${keys.join("\n")}\nlast: 2\n`);

  it("finds the first, a middle and the last key, and their values", () => {
    expect(big.locate(["big", "key_0"], "key")).toMatchObject({ line: 3, column: 3, exact: true });
    expect(big.locate(["big", "key_20000"])).toMatchObject({ line: 20_003, column: 14, exact: true });
    expect(big.locate(["big", "key_39999"], "key")).toMatchObject({ line: 40_002, column: 3, endColumn: 12 });
    expect(big.locate(["last"])).toMatchObject({ line: 40_003, column: 7 });
  });

  it("finds every one of them at its own line", () => {
    const lines = keys.map((_, i) => big.locate(["big", `key_${i}`], "key").line);
    expect(lines.every((line, i) => line === i + 3)).toBe(true);
  }, 3_000);

  it("falls back to the mapping for a key it does not have", () => {
    expect(big.locate(["big", "key_40000"])).toMatchObject({ line: 3, column: 3, exact: false });
  });
});
