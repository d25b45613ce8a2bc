import { dirname, resolve } from "node:path";
import { createNodePlanFiles } from "../adapters/node-fs/node-plan-files.js";
import type { AutomationCoverage } from "../lint/automation-coverage.js";
import type { Diagnostic, Severity } from "../lint/diagnostic.js";
import { lintPlan } from "../lint/lint-plan.js";
import { readBindingsFile } from "./bindings/load-bindings.js";
import { readPlanFile } from "./read-plan-file.js";

export interface LintedFile {
  /** As the user named it. */
  readonly path: string;
  /** The file's text, for code frames; absent when it could not be read as text. */
  readonly text?: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly automation?: AutomationCoverage;
  /** True when the file could not be read as a plan at all (exit 2). */
  readonly unreadable: boolean;
}

export interface LintRun {
  readonly files: readonly LintedFile[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly infoCount: number;
  /** 0 clean, 1 errors found, 2 a file was unreadable (SEMANTICS section 9). */
  readonly exitCode: 0 | 1 | 2;
}

export interface LintFilesOptions {
  readonly strict?: boolean;
  readonly ruleSeverities?: ReadonlyMap<string, Severity | "off">;
  /** Folder that relative paths start from. @default process.cwd() */
  readonly cwd?: string;
  /** Variables for the bindings beside each plan, whose checks and metrics count as automatic. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Lints each plan file against its own folder. */
export function lintFiles(paths: readonly string[], options: LintFilesOptions = {}): LintRun {
  const files = paths.map((path): LintedFile => {
    const absolute = resolve(options.cwd ?? ".", path);
    const file = readPlanFile(absolute);
    if (file.kind === "unreadable-plan") {
      const { problem } = file;
      const line = problem.line ?? 1;
      const column = problem.column ?? 1;
      const diagnostic: Diagnostic = {
        rule: "source",
        severity: "error",
        message: problem.message,
        path: [],
        line,
        column,
        endLine: line,
        endColumn: column + 1,
      };
      return { path, text: file.text, diagnostics: [diagnostic], unreadable: true };
    }
    // The bindings beside the plan decide which checks are automatic; without them, none are bound.
    const loaded = readBindingsFile(undefined, { planDir: dirname(absolute), env: options.env ?? {} });
    const bindings = loaded.kind === "bindings" ? { metricNames: [...loaded.bindings.metrics.keys()], checks: loaded.bindings.checks } : undefined;
    const report = lintPlan(file.document, {
      files: createNodePlanFiles(dirname(absolute)),
      strict: options.strict,
      ruleSeverities: options.ruleSeverities,
      bindings,
    });
    return { path, text: file.document.text, diagnostics: report.diagnostics, automation: report.automation, unreadable: false };
  });
  const all = files.flatMap((f) => f.diagnostics);
  const errorCount = all.filter((d) => d.severity === "error").length;
  return {
    files,
    errorCount,
    warningCount: all.filter((d) => d.severity === "warning").length,
    infoCount: all.filter((d) => d.severity === "info").length,
    exitCode: files.some((f) => f.unreadable) ? 2 : errorCount > 0 ? 1 : 0,
  };
}
