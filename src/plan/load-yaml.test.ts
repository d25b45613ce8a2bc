import jsYaml from "js-yaml";
import { readFileSync } from "node:fs";
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

  it("refuses an alias bomb without expanding it, at the alias that would expand too far", () => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i <= 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(", ")}]`,
      );
    // a0 to a5 hold 1,234,566 values; a6's first alias adds 1,111,111 more, past 2,000,000.
    expect(loadYaml(lines.join("\n"))).toEqual({
      kind: "source-problem",
      code: "alias-expansion",
      message: "this alias (at a6[0]) takes the document to more than 2,000,000 values once expanded; refusing a possible alias bomb",
      line: 7,
      column: 10,
    });
  });

  it("points at the alias of a bomb nested in a list, in block style", () => {
    const lines = ["base: &b [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i <= 5; i++)
      lines.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? "*b" : `*l${i - 1}`)
          .join(", ")}]`,
      );
    // The anchors already hold 1,234,566 values: the first *l5 adds 1,111,111, past 2,000,000.
    lines.push("steps:", "  - name: ok", "  - expand:", "      - *l5", "      - *l5");
    expect(loadYaml(lines.join("\n"))).toMatchObject({ code: "alias-expansion", line: 10, column: 9 });
  });

  it.each([
    ["a second document after the plan", "metadata: {}\nmigration_phases: []\n---\nkind: Deployment\n", 3],
    ["a plan that opens with --- and has a second", "# plan\n---\nmetadata: {}\n---\nkind: x\n", 4],
    ["a document after an end marker", "metadata: {}\n...\nkind: x\n", 3],
    ["a trailing ---", "metadata: {}\nmigration_phases: []\n---\n", 3],
  ])("refuses %s, at the second document's start", (_, text, line) => {
    expect(loadYaml(text)).toEqual({
      kind: "source-problem",
      code: "yaml-syntax",
      message: "the file holds more than one YAML document and a plan is one: a second document starts here; remove this `---` line, or move what follows to a file of its own",
      line,
      column: 1,
    });
  });

  it("says what the first of several documents looks like, at the second one", () => {
    expect(loadYaml("apiVersion: v1\nkind: Service\nmetadata: { name: cart }\n---\napiVersion: apps/v1\nkind: Deployment\n")).toEqual({
      kind: "source-problem",
      code: "yaml-syntax",
      message: "this looks like a Kubernetes manifest (apiVersion, kind), not a migration-strategy plan; it also holds more than one YAML document, and a second starts here",
      line: 4,
      column: 1,
    });
  });

  it("names complex keys by their source text, not as js-yaml would (a,b or [object Object])", () => {
    const loaded = loadYaml("? [a, b]\n: 1\n? {c: 1}\n: 2\n[d, e]: 3\n{f: 1}: 4\nplain: [g, h]\n");
    expect(loaded).toMatchObject({ kind: "loaded" });
    if (loaded.kind !== "loaded") return;
    expect(Object.keys(loaded.data)).toEqual(["[a, b]", "{c: 1}", "[d, e]", "{f: 1}", "plain"]);
    expect(loaded.data.plain).toEqual(["g", "h"]);
    expect(loaded.positions.locate(["{c: 1}"], "key")).toMatchObject({ line: 3, column: 3, exact: true });
    expect(loaded.positions.locate(["[d, e]"], "key")).toMatchObject({ line: 5, column: 1, exact: true });
  });

  it.each(["examples/discount/migration-strategy.yaml", "examples/backfill/migration-strategy.yaml", "examples/discount/bascule.config.yaml"])(
    "loads %s exactly as js-yaml does: naming complex keys changes no other key",
    (path) => {
      const text = readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
      const loaded = loadYaml(text);
      expect(loaded.kind === "loaded" ? loaded.data : loaded).toEqual(jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }));
    },
  );

  it("says what a list at the root looks like when it is a well-known kind", () => {
    expect(loadYaml("- hosts: db\n  tasks:\n    - name: back up\n      ansible.builtin.command: pg_dump\n")).toMatchObject({
      code: "not-a-mapping",
      message:
        "the plan must be a mapping of sections at the root, found a list: this looks like an Ansible playbook (a list of plays, hosts, tasks), not a migration-strategy plan",
      line: 1,
      column: 1,
    });
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
