import fc from "fast-check";
import jsYaml from "js-yaml";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { createNodePlanFiles } from "../adapters/node-fs/node-plan-files.js";
import { parsePlanText } from "../plan/plan-document.js";
import { examplePlanPath, readExamplePlan } from "../testing/lint-fixture.js";
import { lintPlan } from "./lint-plan.js";

const exampleText = readExamplePlan();
const exampleData = jsYaml.load(exampleText, { schema: jsYaml.CORE_SCHEMA });
const files = createNodePlanFiles(dirname(examplePlanPath));

/** Lints text end to end; returns what a user would see, or throws if anything crashed. */
function lintText(text: string): number {
  const document = parsePlanText(text);
  if (document.kind === "source-problem") {
    expect(document.message.length).toBeGreaterThan(0);
    return -1;
  }
  const report = lintPlan(document, { files });
  for (const d of report.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.message).not.toMatch(/undefined|\[object Object\]/);
  }
  return report.errorCount;
}

// Any JSON-ish value, to drop into the plan where something else was expected.
const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }),
);

function collectPaths(node: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (node !== null && typeof node === "object") {
    for (const [key, child] of Object.entries(node)) collectPaths(child, [...path, Array.isArray(node) ? Number(key) : key], out);
  }
  return out;
}
const paths = collectPaths(exampleData).filter((p) => p.length > 0);

function replaceAt(root: unknown, path: (string | number)[], value: unknown, remove: boolean): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (remove && Array.isArray(node)) node.splice(Number(last), 1);
  else if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

describe("lint never throws on a mutated plan", () => {
  it("survives values replaced or removed anywhere in the structure", () => {
    fc.assert(
      fc.property(fc.constantFrom(...paths), anyValue, fc.boolean(), (path, value, remove) => {
        lintText(jsYaml.dump(replaceAt(exampleData, path, value, remove)));
      }),
      { numRuns: 1500 },
    );
  });

  it("survives random edits of the text itself", () => {
    const lines = exampleText.split("\n");
    const edit = fc.record({
      line: fc.nat({ max: lines.length - 1 }),
      op: fc.constantFrom("delete", "duplicate", "indent", "dedent", "insert", "truncate"),
      text: fc.string({ maxLength: 12 }),
      at: fc.nat({ max: 60 }),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const mutated = [...lines];
        for (const { line, op, text, at } of edits) {
          const current = mutated[line] ?? "";
          if (op === "delete") mutated.splice(line, 1);
          else if (op === "duplicate") mutated.splice(line, 0, current);
          else if (op === "indent") mutated[line] = `  ${current}`;
          else if (op === "dedent") mutated[line] = current.replace(/^ {1,2}/, "");
          else if (op === "insert") mutated[line] = current.slice(0, at) + text + current.slice(at);
          else mutated[line] = current.slice(0, at);
        }
        lintText(mutated.join("\n"));
      }),
      { numRuns: 1500 },
    );
  });

  it("still finds the example clean when nothing changed", () => {
    expect(lintText(exampleText)).toBe(0);
  });
});
