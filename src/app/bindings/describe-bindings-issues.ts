import type { z } from "zod";
import type { Diagnostic } from "../../lint/diagnostic.js";
import { didYouMean } from "../../lint/closest-match.js";
import { formatPlanPath, type PlanPath, readAtPath } from "../../plan/plan-path.js";
import { describeExpected, describeValue } from "../../plan/describe-schema-value.js";
import { type BindingsSource, bindingsDiagnostic } from "./bindings-diagnostic.js";
import { overlayKeys, topLevelKeys } from "./bindings-schema.js";

/** Turns the schema's complaints about a bindings file into positioned diagnostics. */
export function describeBindingsIssues(issues: readonly z.core.$ZodIssue[], data: unknown, source: BindingsSource): Diagnostic[] {
  return issues.flatMap((issue) => {
    const path = issue.path.filter((s): s is string | number => typeof s !== "symbol");
    return describeIssue(issue, path, data, source);
  });
}

function describeIssue(issue: z.core.$ZodIssue, path: PlanPath, data: unknown, source: BindingsSource): Diagnostic[] {
  const where = describePath(path);
  const received = readAtPath(data, path);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => bindingsDiagnostic(source, [...path, key], describeUnknownKey(key, path), { target: "key" }));
    case "invalid_type":
      if (received === undefined) {
        const key = path[path.length - 1];
        const parent = path.slice(0, -1);
        return [bindingsDiagnostic(source, parent, `${describePath(parent)} needs ${JSON.stringify(key)}`, { target: "key" })];
      }
      return [bindingsDiagnostic(source, path, `${where} must be ${describeExpected(issue.expected)}, found ${describeValue(received)}`)];
    case "invalid_value": {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(", ");
      const hint = typeof received === "string" ? didYouMean(received, issue.values.map(String)) : "";
      return [bindingsDiagnostic(source, path, `${where} must be one of ${allowed}, found ${describeValue(received)}${hint}`)];
    }
    default:
      return [bindingsDiagnostic(source, path, `${where} ${issue.message}`)];
  }
}

function describeUnknownKey(key: string, path: PlanPath): string {
  const inEnvironment = path[0] === "environments" && path.length === 2;
  if (inEnvironment && key === "environments") {
    return `"environments" cannot be nested inside an environment; an environment sets top-level keys: ${overlayKeys.join(", ")}`;
  }
  const known = path.length === 0 ? topLevelKeys : inEnvironment ? overlayKeys : knownKeysOf(path);
  const hint = didYouMean(key, known);
  const where = path.length === 0 ? "" : ` in ${formatPlanPath(path)}`;
  return `unknown key ${JSON.stringify(key)}${where}${hint === "" ? `; known keys here: ${known.join(", ")}` : hint}`;
}

/** Nested objects (a system, a metric, approval, prometheus) are small: name their keys by where they sit. */
function knownKeysOf(path: PlanPath): readonly string[] {
  const section = path.length >= 3 && path[0] === "environments" ? path[2] : path[0];
  switch (section) {
    case "systems":
      return ["url"];
    case "metrics":
      return ["query", "unit", "on_missing", "tries", "timeout"];
    case "data_migrations":
      return ["key_columns", "source_query", "target_query", "target_batch_duration"];
    case "prometheus":
      return ["url"];
    case "approval":
      return ["policy", "allow_self_approval"];
    default:
      return [];
  }
}

function describePath(path: PlanPath): string {
  return path.length === 0 ? "the bindings file" : formatPlanPath(path);
}
