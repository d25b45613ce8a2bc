import type { SchemaIssue } from "../../plan/validate-plan-data.js";
import { didYouMean } from "../closest-match.js";
import type { LintRule } from "../lint-rule.js";

export const schemaRule: LintRule = {
  id: "schema",
  description: "Values have the types, enums and date formats of the migration-strategy v1.0 schema.",
  category: "schema",
  severity: "error",
  check({ document }, report) {
    for (const issue of document.schemaIssues) report({ path: issue.path, message: describeSchemaIssue(issue) });
  },
};

/** One sentence naming the field, what was found and what would be accepted. */
export function describeSchemaIssue(issue: SchemaIssue): string {
  const field = lastKey(issue);
  switch (issue.kind) {
    case "missing":
      return `${field} is required: every item needs an id so that others can refer to it`;
    case "not-allowed": {
      const allowed = issue.allowed ?? [];
      const found = JSON.stringify(issue.received);
      const hint = typeof issue.received === "string" ? didYouMean(issue.received, allowed) : "";
      return `${found} is not a valid ${field}${hint} (allowed: ${allowed.join(", ")})`;
    }
    case "wrong-type": {
      const quoteHint = typeof issue.received === "number" || typeof issue.received === "boolean" ? `; quote it to make it text: "${String(issue.received)}"` : "";
      return `${field} ${issue.message}${issue.message.startsWith("must be text") ? quoteHint : ""}`;
    }
    case "bad-format":
      return `${field}: ${issue.message}`;
  }
}

function lastKey(issue: SchemaIssue): string {
  for (let i = issue.path.length - 1; i >= 0; i--) {
    const segment = issue.path[i];
    if (typeof segment === "string") return i === issue.path.length - 1 ? segment : `${segment} item`;
  }
  return "plan";
}
