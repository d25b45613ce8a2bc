import type { z } from "zod";
import { PathPrefixSet, type PlanPath, readAtPath } from "./plan-path.js";
import { describeExpected, describeValue } from "./describe-schema-value.js";
import { safeParseLarge } from "./safe-parse-large.js";
import { type Plan, planSchema } from "./schema/plan-schema.js";

export interface SchemaIssue {
  readonly path: PlanPath;
  readonly kind: "missing" | "wrong-type" | "not-allowed" | "bad-format";
  readonly message: string;
  /** For `not-allowed`: the values the field accepts. */
  readonly allowed?: readonly string[];
  readonly received?: unknown;
}

export interface ValidatedPlan {
  /** The typed plan; values that broke the schema are removed so later rules can still run. */
  readonly plan: Plan | undefined;
  readonly issues: readonly SchemaIssue[];
  /** Paths whose values were filled in by the repair: rules must not report on them. */
  readonly filledPaths: readonly PlanPath[];
}

const missingIdPlaceholder = "\u0000missing";

/**
 * Validates raw YAML data against the plan schema. On failure the offending values are
 * removed (or, for required ids, filled) in a copy and validation repeats, so one typo
 * does not hide every other finding. The input is never changed.
 */
export function validatePlanData(input: Readonly<Record<string, unknown>>): ValidatedPlan {
  const first = safeParseLarge(planSchema, input);
  if (first.success) return { plan: first.data, issues: [], filledPaths: [] };
  const data = structuredClone(input) as Record<string, unknown>;
  const issues: SchemaIssue[] = [];
  const filledPaths: PlanPath[] = [];
  for (let round = 0; round < 4; round++) {
    // The copy is the input until the first repair: its first round's issues are known already.
    const result = round === 0 ? first : safeParseLarge(planSchema, data);
    if (result.success) return { plan: result.data, issues, filledPaths };
    const filled = new PathPrefixSet(filledPaths);
    const found = result.issues
      .map((zodIssue) => {
        const path = zodIssue.path.filter((s): s is string | number => typeof s !== "symbol");
        return describeIssue(zodIssue, path, readAtPath(data, path));
      })
      .filter((issue) => !filled.covers(issue.path));
    // One at a time: a list of 150,000 wrong items would overflow push(...found).
    for (const issue of found) issues.push(issue);
    for (const issue of found) repairAt(data, issue.path, issue.received, filledPaths);
  }
  return { plan: undefined, issues, filledPaths };
}

function describeIssue(issue: z.core.$ZodIssue, path: PlanPath, received: unknown): SchemaIssue {
  switch (issue.code) {
    case "invalid_value":
      return {
        path,
        kind: "not-allowed",
        message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
        allowed: issue.values.map(String),
        received,
      };
    case "invalid_type":
      if (received === undefined) return { path, kind: "missing", message: "is required", received };
      return {
        path,
        kind: "wrong-type",
        message: `must be ${describeExpected(issue.expected)}, found ${describeValue(received)}`,
        received,
      };
    default:
      return { path, kind: "bad-format", message: issue.message, received };
  }
}

function repairAt(root: unknown, path: PlanPath, received: unknown, filledPaths: PlanPath[]): void {
  if (path.length === 0) return;
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1] as string | number;
  const parent = readAtPath(root, parentPath) as Record<string | number, unknown> | undefined;
  if (parent === undefined || parent === null) return;
  if (received === undefined) {
    // Only ids are required: fill them so the item stays, and remember not to report on it.
    parent[key] = missingIdPlaceholder;
    filledPaths.push(path);
  } else if (Array.isArray(parent)) {
    // A malformed list element: drop the whole list rather than shift later indexes.
    const grandParent = readAtPath(root, parentPath.slice(0, -1)) as Record<string | number, unknown>;
    const listKey = parentPath[parentPath.length - 1];
    if (grandParent && listKey !== undefined) delete grandParent[listKey];
    filledPaths.push(parentPath);
  } else {
    delete parent[key];
  }
}
