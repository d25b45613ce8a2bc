import { describe, expect, it } from "vitest";
import { loadYaml } from "./load-yaml.js";

describe("loadYaml", () => {
  it("keeps ISO dates as text, as the schema expects (YAML 1.2 core schema)", () => {
    const loaded = loadYaml("metadata:\n  created_date: 2025-10-04T10:00:00Z\n  version: 1.0.0\n");
    expect(loaded).toMatchObject({ kind: "loaded", data: { metadata: { created_date: "2025-10-04T10:00:00Z", version: "1.0.0" } } });
  });

  it.each([
    ["", "empty"],
    ["# only a comment\n\n", "empty"],
    ["---\n", "empty"],
    ["~\n", "empty"],
    ["- a\n- b\n", "not-a-mapping"],
    ["just text\n", "not-a-mapping"],
    ["42\n", "not-a-mapping"],
  ])("refuses %j as %s", (text, code) => {
    expect(loadYaml(text)).toMatchObject({ kind: "source-problem", code });
  });

  it("reports YAML syntax errors with 1-based line and column", () => {
    expect(loadYaml('metadata:\n  version: "1.0\n  name: x\n')).toMatchObject({
      kind: "source-problem",
      code: "yaml-syntax",
      line: 4,
      column: 1,
    });
    expect(loadYaml("a: 1\nb: [1, 2\nc: 3\n")).toMatchObject({ code: "yaml-syntax", line: 3 });
  });

  it("treats a duplicated key as a syntax error rather than keeping the last value", () => {
    expect(loadYaml("metadata: {}\nmetadata: {}\n")).toMatchObject({ code: "yaml-syntax", line: 2, column: 1 });
  });

  it("refuses an alias bomb without expanding it", () => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(", ")}]`);
    expect(loadYaml(lines.join("\n"))).toMatchObject({ code: "alias-expansion" });
  });

  it("accepts ordinary anchors and aliases", () => {
    const loaded = loadYaml("shared: &s [a, b]\nother: *s\n");
    expect(loaded).toMatchObject({ kind: "loaded", data: { shared: ["a", "b"], other: ["a", "b"] } });
  });

  it("refuses nesting far deeper than a plan has, in flow and block style", () => {
    expect(loadYaml(`a: ${"[".repeat(100)}${"]".repeat(100)}`)).toMatchObject({ code: "too-deep" });
    expect(loadYaml(`a: ${"[".repeat(50_000)}${"]".repeat(50_000)}`)).toMatchObject({ code: "too-deep" });
    const block = Array.from({ length: 200 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n");
    expect(loadYaml(block)).toMatchObject({ code: "too-deep" });
  });
});
