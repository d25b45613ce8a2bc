import { createHash } from "node:crypto";
import type { RunState } from "../../engine/run-state.js";
import type { Plan } from "../../plan/schema/plan-schema.js";

/**
 * The plan's content hash, which approvals are bound to: canonical JSON of the typed plan, so
 * formatting, comments and key order do not count, and without what a runner may write back
 * into the plan as it goes (`withoutWrittenBack`), so recording progress in the file is no change.
 */
export function hashPlan(plan: Plan): string {
  return sha256(canonicalJson(withoutWrittenBack(plan)));
}

/** How plan hashes were taken before they were canonical: the file's whole text. */
export function hashPlanText(text: string): string {
  return sha256(text);
}

/**
 * The hash a run goes on with: the plan's, unless the run last ran this very text under a hash
 * taken the old way, whose approvals then still count. Run and approve use it alike.
 */
export function runPlanHash(session: { readonly planHash: string; readonly document: { readonly text: string } }, state: Pick<RunState, "planHash">): string {
  if (state.planHash !== session.planHash && state.planHash !== "" && state.planHash === hashPlanText(session.document.text)) return state.planHash;
  return session.planHash;
}

/**
 * The plan without the fields a runner may write back: `metadata.migration_status` and
 * `last_updated`, `prerequisites[].validation.status`, `execution_timeline.milestones[].status`
 * and `rollback_strategy.rollback_testing`. A section left empty by that goes too, so one the
 * runner added is no change either.
 */
export function withoutWrittenBack(plan: Plan): Plan {
  const copy = structuredClone(plan) as Record<string, unknown>;
  omit(copy, ["metadata"], ["migration_status", "last_updated"]);
  for (const prerequisite of listAt(copy, "prerequisites")) omit(prerequisite, ["validation"], ["status"]);
  const timeline = objectAt(copy, "execution_timeline");
  for (const milestone of timeline === undefined ? [] : listAt(timeline, "milestones")) omit(milestone, [], ["status"]);
  omit(copy, ["rollback_strategy"], ["rollback_testing"]);
  return copy as Plan;
}

/** A content hash of every step, so a resume can tell which steps changed since they ran. */
export function fingerprintSteps(plan: Plan): Record<string, string> {
  // No field a runner writes back is in a step: a step's fingerprint is its whole content.
  const fingerprints: Record<string, string> = {};
  for (const phase of plan.migration_phases ?? []) {
    for (const step of phase.steps ?? []) {
      fingerprints[step.step_id] = sha256(canonicalJson(step)).slice(0, 16);
    }
  }
  return fingerprints;
}

/** JSON with keys sorted, so formatting and key order in the YAML do not count as changes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Deletes `keys` of the object at `path` below `root`, and that object too once it is empty. */
function omit(root: Record<string, unknown>, path: readonly string[], keys: readonly string[]): void {
  const parent = path.slice(0, -1).reduce<Record<string, unknown> | undefined>((at, key) => (at === undefined ? undefined : objectAt(at, key)), root);
  const last = path.at(-1);
  const target = last === undefined ? root : parent === undefined ? undefined : objectAt(parent, last);
  if (target === undefined) return;
  for (const key of keys) delete target[key];
  if (last !== undefined && parent !== undefined && Object.keys(target).length === 0) delete parent[last];
}

function objectAt(value: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const found = value[key];
  return found !== null && typeof found === "object" && !Array.isArray(found) ? (found as Record<string, unknown>) : undefined;
}

function listAt(value: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const found = value[key];
  return Array.isArray(found) ? found.filter((item): item is Record<string, unknown> => item !== null && typeof item === "object" && !Array.isArray(item)) : [];
}
