import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parsePlanText } from "../../plan/plan-document.js";
import type { Plan } from "../../plan/schema/plan-schema.js";
import type { RunSummary } from "../../ports/journal-store.js";
import { openStateStore } from "./system-ports.js";
import { fingerprintSteps } from "./fingerprint-plan.js";
import { identifyRun, isRunOfEnvironment, isRunOfPlan, planSelector, type RunIdentity } from "./run-identity.js";
import { openRunSession, resolveStatePath, type RunSession, type SessionOptions, type SessionProblem } from "./run-session.js";

/** Why a command reads the plan its run kept rather than the file, and how the file differs. */
export interface StoredPlanUse {
  readonly runId: string;
  /** What is wrong with the file now. */
  readonly problem: string;
  /** Steps added, removed or changed in the file since the run last read it. */
  readonly changes: readonly string[];
}

export type SessionOrStoredPlan = { readonly kind: "session"; readonly session: RunSession; readonly storedPlan?: StoredPlanUse } | SessionProblem;

/**
 * Opens the plan for a command that must work when the plan file no longer does (status, logs,
 * rollback): when the file is unreadable or has lint errors, the plan as the latest run last
 * read it, from the journal, stands in for it.
 */
export async function openRunSessionOrStoredPlan(options: SessionOptions): Promise<SessionOrStoredPlan> {
  const opened = openRunSession(options);
  if (opened.kind !== "lint-errors" && opened.kind !== "unreadable-plan") return opened;
  const statePath = resolveStatePath(options);
  const stored = statePath === undefined ? undefined : await readStoredPlan(statePath, brokenPlanRuns(opened, options, statePath));
  if (stored === undefined) return opened;
  // It passed lint when its run started; the files it names may be gone since, which is why it is used.
  const fallback = openRunSession({ ...options, planText: stored.text, refuseLintErrors: false });
  if (fallback.kind !== "session") return opened;
  return { ...fallback, storedPlan: { runId: stored.runId, problem: describeProblem(opened), changes: changedSteps(fallback.session.plan, opened) } };
}

/**
 * Which runs are the broken file's, for the command's environment: by the plan's identity when
 * its metadata can still be read, else the runs started from this very file.
 */
function brokenPlanRuns(problem: Extract<SessionProblem, { kind: "lint-errors" | "unreadable-plan" }>, options: SessionOptions, statePath: string) {
  const planPath = resolve(options.cwd, options.planPath);
  const parsed = problem.kind === "lint-errors" ? parsePlanText(problem.text) : undefined;
  const identity: RunIdentity | undefined =
    parsed === undefined || parsed.kind === "source-problem"
      ? undefined
      : identifyRun({ raw: parsed.raw, planPath, statePath, environment: options.environment, label: options.planPath });
  return {
    selector: identity === undefined ? undefined : planSelector(identity),
    isPlans: (run: RunSummary) => (identity === undefined ? run.planPath === planPath : isRunOfPlan(run, identity)) && isRunOfEnvironment(run, options.environment),
  };
}

/** The plan text the plan's latest run last ran with, when the store exists and kept one. */
async function readStoredPlan(
  statePath: string,
  runs: { readonly selector?: ReturnType<typeof planSelector>; readonly isPlans: (run: RunSummary) => boolean },
): Promise<{ runId: string; text: string } | undefined> {
  // Reading must never create a store that was not there.
  if (!existsSync(statePath)) return undefined;
  const store = openStateStore(statePath);
  try {
    const run = (await store.listRuns(runs.selector)).find(runs.isPlans);
    if (run === undefined) return undefined;
    let text: string | undefined;
    for (const { event } of await store.read(run.runId)) {
      if ((event.kind === "run.created" || event.kind === "run.resumed") && event.planText !== undefined) text = event.planText;
    }
    return text === undefined ? undefined : { runId: run.runId, text };
  } finally {
    await store.close();
  }
}

function describeProblem(problem: Extract<SessionProblem, { kind: "lint-errors" | "unreadable-plan" }>): string {
  if (problem.kind === "unreadable-plan") return `${problem.path} cannot be read: ${problem.message}`;
  const errors = problem.report.diagnostics.filter((d) => d.severity === "error");
  const shown = errors.slice(0, 3).map((d) => `${d.line}:${d.column} ${d.message}`);
  const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : "";
  return `${problem.path} has ${errors.length} lint error${errors.length === 1 ? "" : "s"}: ${shown.join("; ")}${more}`;
}

function changedSteps(stored: Plan, problem: Extract<SessionProblem, { kind: "lint-errors" | "unreadable-plan" }>): string[] {
  const current = problem.kind === "lint-errors" ? parsePlanText(problem.text) : undefined;
  const plan = current?.kind === "source-problem" ? undefined : current?.plan;
  if (plan === undefined) return [];
  const then = fingerprintSteps(stored);
  const now = fingerprintSteps(plan);
  const changes: string[] = [];
  for (const [stepId, print] of Object.entries(then)) {
    if (now[stepId] === undefined) changes.push(`${stepId} removed`);
    else if (now[stepId] !== print) changes.push(`${stepId} changed`);
  }
  for (const stepId of Object.keys(now)) if (then[stepId] === undefined) changes.push(`${stepId} added`);
  return changes;
}
