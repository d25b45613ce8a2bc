import { type JsonSchema, buildPlanJsonSchema, itemsVariant, objectVariant } from "../../plan/plan-json-schema.js";
import type { PlanPath } from "../../plan/plan-path.js";
import { didYouMean } from "../closest-match.js";
import type { Finding } from "../diagnostic.js";
import type { LintRule } from "../lint-rule.js";

export const unknownKeyRule: LintRule = {
  id: "unknown-key",
  description: "Every key is one the schema defines, or an extension starting with `x-`.",
  category: "schema",
  severity: "warning",
  check({ document }, report) {
    walk(document.raw, buildPlanJsonSchema(), [], report);
  },
};

function walk(value: unknown, schema: JsonSchema | undefined, path: (string | number)[], report: (f: Finding) => void): void {
  if (value === null || typeof value !== "object" || schema === undefined) return;
  if (Array.isArray(value)) {
    const items = itemsVariant(schema);
    value.forEach((item, i) => {
      path.push(i);
      walk(item, items, path, report);
      path.pop();
    });
    return;
  }
  const objectSchema = objectVariant(schema);
  if (objectSchema === undefined) return;
  const properties = objectSchema.properties as Record<string, JsonSchema>;
  for (const [key, child] of Object.entries(value)) {
    path.push(key);
    const known = properties[key];
    if (known !== undefined) walk(child, known, path, report);
    else if (!key.startsWith("x-")) report(unknownKey(key, Object.keys(properties), path));
    path.pop();
  }
}

function unknownKey(key: string, known: string[], path: PlanPath): Finding {
  const hint = didYouMean(key, known);
  const suffix = hint === "" ? `; known keys here: ${known.join(", ")}; prefix extensions with "x-"` : hint;
  return { path: [...path], target: "key", message: `unknown key ${JSON.stringify(key)}${suffix}` };
}
