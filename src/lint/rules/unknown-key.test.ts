import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { buildPlanJsonSchema, itemsVariant, type JsonSchema, objectVariant } from "../../plan/plan-json-schema.js";
import { parsePlanText } from "../../plan/plan-document.js";
import { formatPlanPath, type PlanPath, readAtPath } from "../../plan/plan-path.js";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { unknownKeyRule } from "./unknown-key.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [unknownKeyRule] }).diagnostics);

describe("unknown-key", () => {
  it("accepts the spec's example", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  // Unknown keys were warnings; they are errors now, since a misspelt key is otherwise ignored.
  it("reports an error at the key and suggests the known key it resembles", () => {
    expect(lint("migration_phases:\n  - phase_id: P1\n    steps:\n      - step_id: S1\n        precondtions: []\n")).toEqual([
      'error unknown-key 5:9 unknown key "precondtions"; did you mean "preconditions"?',
    ]);
  });

  it("lists the keys allowed here when nothing is close", () => {
    const [finding] = lint("linkage:\n  wiki_page: x\n");
    expect(finding).toContain('error unknown-key 2:3 unknown key "wiki_page"; known keys here: existing_system_truth_file');
  });

  it("allows x- extensions at any depth", () => {
    expect(lint("x-owner: team\nmigration_phases:\n  - phase_id: P1\n    x-notes: {anything: [1, 2]}\n")).toEqual([]);
  });

  it("catches a misspelt top-level section", () => {
    expect(lint("migration_phaes: []\n")).toEqual(['error unknown-key 1:1 unknown key "migration_phaes"; did you mean "migration_phases"?']);
  });

  it("refuses a misspelt execution_details, which would otherwise leave the step with no command to run", () => {
    const yaml = "migration_phases:\n  - phase_id: P1\n    steps:\n      - step_id: S1\n        execution_detail:\n          commands: [./migrate.sh]\n";
    expect(lint(yaml)).toEqual(['error unknown-key 5:9 unknown key "execution_detail"; did you mean "execution_details"?']);
  });

  it("names a complex key by its source text, in the message and the path", () => {
    const report = lintFixture("? [a, b]\n: 1\nmetadata:\n  ? {owner: dba}\n  : x\n", { rules: [unknownKeyRule] });
    expect(summarize(report.diagnostics)).toEqual([
      expect.stringMatching(/^error unknown-key 1:3 unknown key "\[a, b\]"; known keys here: metadata, /),
      expect.stringMatching(/^error unknown-key 4:5 unknown key "\{owner: dba\}"; known keys here: version, /),
    ]);
    expect(report.diagnostics.map((d) => formatPlanPath(d.path))).toEqual(['["[a, b]"]', 'metadata["{owner: dba}"]']);
  });

  it("reports an unknown key at every place the schema defines keys, lists and nested sections included, and the typed plan keeps each", () => {
    const { document, expected } = planWithUnknownKeyEverywhere();
    const found = lintFixture(document, { rules: [unknownKeyRule] }).diagnostics;
    expect(found.map((d) => formatPlanPath(d.path)).sort()).toEqual(expected.map(formatPlanPath).sort());
    expect(found.every((d) => d.severity === "error")).toBe(true);
    expect(expected.length).toBeGreaterThan(90);
    const parsed = parsePlanText(document);
    if (parsed.kind === "source-problem") throw new Error(parsed.message);
    // Nothing is stripped on the way to the typed plan either: each key is still there.
    for (const path of expected) expect(readAtPath(parsed.plan, path), formatPlanPath(path)).toBe("typo");
  });
});

/**
 * A document with a key `zz_typo` in every object the schema describes (one item in each
 * list), built from the schema itself, and the paths where the rule must find it.
 */
function planWithUnknownKeyEverywhere(): { document: string; expected: PlanPath[] } {
  const expected: PlanPath[] = [];
  const build = (schema: JsonSchema | undefined, path: PlanPath): unknown => {
    const object = objectVariant(schema);
    if (object !== undefined) {
      const value: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(object.properties as Record<string, JsonSchema>)) {
        const built = build(child, [...path, key]);
        // Ids are required: give each item one so the schema keeps the item.
        value[key] = built ?? (key.endsWith("_id") || key === "level" ? "ID-1" : undefined);
        if (value[key] === undefined) delete value[key];
      }
      value.zz_typo = "typo";
      expected.push([...path, "zz_typo"]);
      return value;
    }
    const items = itemsVariant(schema);
    if (items !== undefined && (objectVariant(items) !== undefined || itemsVariant(items) !== undefined)) return [build(items, [...path, 0])];
    return undefined;
  };
  const data = build(buildPlanJsonSchema(), []) as Record<string, unknown>;
  for (const key of ["level", "type", "approach", "method", "format"]) scrubEnums(data, key);
  return { document: jsYaml.dump(data), expected };
}

/** Placeholder ids put where an enum is expected would be schema errors that drop their item. */
function scrubEnums(node: unknown, key: string): void {
  if (Array.isArray(node)) for (const item of node) scrubEnums(item, key);
  else if (node !== null && typeof node === "object") {
    const record = node as Record<string, unknown>;
    if (record[key] === "ID-1") delete record[key];
    for (const value of Object.values(record)) scrubEnums(value, key);
  }
}
