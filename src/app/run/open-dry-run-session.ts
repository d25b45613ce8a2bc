import { planRules } from "../../lint/rules/plan-rules.js";
import { openRunSession, type RunSession, type SessionOptions, type SessionProblem } from "./run-session.js";

const fileRules = new Set(planRules.filter((rule) => rule.category === "files").map((rule) => rule.id));

/**
 * Opens a plan for `bascule run --dry-run`, which creates and opens nothing: like a run, it
 * refuses a plan with lint errors, except errors about files the folder lacks, which the dry
 * run lists instead: showing what would run is how one finds out what is still to be written.
 */
export function openDryRunSession(options: SessionOptions): { kind: "session"; session: RunSession } | SessionProblem {
  const opened = openRunSession({ ...options, openStore: false });
  if (opened.kind !== "lint-errors" || opened.report.diagnostics.some((d) => d.severity === "error" && !fileRules.has(d.rule))) return opened;
  // Only files are missing: the same text, without refusing it for them.
  const shown = openRunSession({ ...options, openStore: false, planText: opened.text, refuseLintErrors: false });
  return shown.kind === "session" ? shown : opened;
}
