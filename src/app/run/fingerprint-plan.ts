import { createHash } from "node:crypto";
import type { Plan } from "../../plan/schema/plan-schema.js";

/** The plan file's content hash: approvals are bound to it. */
export function hashPlanText(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A content hash of every step, so a resume can tell which steps changed since they ran. */
export function fingerprintSteps(plan: Plan): Record<string, string> {
  const fingerprints: Record<string, string> = {};
  for (const phase of plan.migration_phases ?? []) {
    for (const step of phase.steps ?? []) {
      fingerprints[step.step_id] = createHash("sha256").update(canonicalJson(step)).digest("hex").slice(0, 16);
    }
  }
  return fingerprints;
}

/** JSON with keys sorted, so formatting and key order in the YAML do not count as changes. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}
