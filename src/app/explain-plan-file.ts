import { dirname, resolve } from "node:path";
import { createNodePlanFiles } from "../adapters/node-fs/node-plan-files.js";
import type { Diagnostic } from "../lint/diagnostic.js";
import { lintPlan } from "../lint/lint-plan.js";
import { type CyclicPlan, explainPlan } from "../planner/explain-plan.js";
import type { PlanExplanation } from "../planner/plan-explanation.js";
import { parseIsoDate } from "../plan/values/iso-date.js";
import type { LintedFile, LintRun } from "./lint-files.js";
import { readPlanFile } from "./read-plan-file.js";

export interface ExplainPlanFileOptions {
  /** Folder that a relative path starts from. @default process.cwd() */
  readonly cwd?: string;
  /** Where the timeline starts (ms since the epoch). @default the plan's created_date, else now */
  readonly startMs?: number;
  /** Read only when neither `startMs` nor the plan's `created_date` gives a start. */
  readonly now?: () => Date;
}

export type ExplainedPlanFile =
  /** Lint found errors (exit 1) or the file is no readable plan (exit 2): nothing is explained. */
  | { readonly kind: "refused"; readonly lint: LintRun }
  /** The dependencies loop: no schedule exists (exit 1). */
  | { readonly kind: "cyclic"; readonly lint: LintRun; readonly cyclic: CyclicPlan }
  | { readonly kind: "explained"; readonly lint: LintRun; readonly explanation: PlanExplanation };

/**
 * Reads a plan, lints it, and explains it only when lint finds no error: a plan is explained
 * exactly as `bascule run` would take it (SEMANTICS section 4, step 1). No side effects.
 */
export function explainPlanFile(path: string, options: ExplainPlanFileOptions = {}): ExplainedPlanFile {
  const absolute = resolve(options.cwd ?? ".", path);
  const file = readPlanFile(absolute);
  if (file.kind === "unreadable-plan") {
    const line = file.problem.line ?? 1;
    const column = file.problem.column ?? 1;
    // The same one diagnostic `bascule lint` reports for a file that is no plan.
    const diagnostic: Diagnostic = {
      rule: "source",
      severity: "error",
      message: file.problem.message,
      path: [],
      line,
      column,
      endLine: line,
      endColumn: column + 1,
    };
    return { kind: "refused", lint: summarize({ path, text: file.text, diagnostics: [diagnostic], unreadable: true }) };
  }
  const { document } = file;
  const report = lintPlan(document, { files: createNodePlanFiles(dirname(absolute)) });
  const lint = summarize({ path, text: document.text, diagnostics: report.diagnostics, automation: report.automation, unreadable: false });
  if (lint.exitCode !== 0 || document.plan === undefined) return { kind: "refused", lint };

  const created = document.plan.metadata?.created_date;
  const createdMs = created ? parseIsoDate(created) : undefined;
  const start =
    options.startMs !== undefined
      ? { epochMs: options.startMs, source: "option" as const }
      : createdMs?.kind === "ok"
        ? { epochMs: createdMs.value.epochMs, source: "created_date" as const }
        : { epochMs: (options.now ?? (() => new Date()))().getTime(), source: "clock" as const };
  const explained = explainPlan(document.plan, { start });
  if (explained.kind === "cyclic-plan") return { kind: "cyclic", lint: { ...lint, exitCode: 1 }, cyclic: explained };
  return { kind: "explained", lint, explanation: explained };
}

function summarize(file: LintedFile): LintRun {
  const count = (severity: Diagnostic["severity"]) => file.diagnostics.filter((d) => d.severity === severity).length;
  const errorCount = count("error");
  return {
    files: [file],
    errorCount,
    warningCount: count("warning"),
    infoCount: count("info"),
    exitCode: file.unreadable ? 2 : errorCount > 0 ? 1 : 0,
  };
}
