import type { PlanPath } from "../../plan/plan-path.js";
import { planSchema } from "../../plan/schema/plan-schema.js";
import type { CandidateIndex } from "../candidate-index.js";
import { formatDidYouMean } from "../closest-match.js";
import type { Finding } from "../diagnostic.js";
import type { LintRule } from "../lint-rule.js";
import { type KeyTree, readKeyTree } from "../schema-key-tree.js";

export const unknownKeyRule: LintRule = {
  id: "unknown-key",
  description: "Every key is one the schema defines, or an extension starting with `x-`: no key is ever ignored.",
  category: "schema",
  // A misspelt key would otherwise be ignored: `execution_detail:` would run no command and "succeed".
  severity: "error",
  check({ document }, report) {
    walk(document.raw, planKeyTree(), [], report);
  },
};

let keyTree: KeyTree | undefined;

function planKeyTree(): KeyTree {
  keyTree ??= readKeyTree(planSchema);
  return keyTree;
}

function walk(value: unknown, tree: KeyTree, path: (string | number)[], report: (f: Finding) => void): void {
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    const items = tree.items;
    if (items === undefined) return;
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walk(value[i], items, path, report);
      path.pop();
    }
    return;
  }
  const { keys, candidates } = tree;
  if (keys === undefined || candidates === undefined) return;
  for (const key in value) {
    const known = keys.get(key);
    if (known !== undefined) {
      path.push(key);
      walk((value as Record<string, unknown>)[key], known, path, report);
      path.pop();
    } else if (!key.startsWith("x-")) {
      report(unknownKey(key, candidates, [...path, key]));
    }
  }
}

function unknownKey(key: string, known: CandidateIndex, path: PlanPath): Finding {
  const hint = formatDidYouMean(known.find(key));
  const suffix = hint === "" ? `; known keys here: ${known.list().join(", ")}; prefix extensions with "x-"` : hint;
  return { path, target: "key", message: `unknown key ${JSON.stringify(key)}${suffix}` };
}
