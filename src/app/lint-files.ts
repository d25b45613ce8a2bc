import { dirname, resolve } from "node:path";
import type { AutomationCoverage } from "../lint/automation-coverage.js";
import type { Diagnostic, Severity } from "../lint/diagnostic.js";
import { lintPlan } from "../lint/lint-plan.js";
import type { LintRule } from "../lint/lint-rule.js";
import { readBindingsVocabulary } from "./bindings/read-bindings-vocabulary.js";
import { readPlanFile } from "./read-plan-file.js";
import { planFilesIn } from "./local-system.js";

export interface LintedFile {
  /** As the user named it. */
  readonly path: string;
  /** The file's text, for code frames; absent when it could not be read as text. */
  readonly text?: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly automation?: AutomationCoverage;
  /** True when the file could not be read as a plan at all (exit 2). */
  readonly unreadable: boolean;
  /** True when linting the file hit a bug (exit 2); its one diagnostic, rule `internal-error`, says which. */
  readonly internalError?: boolean;
}

export interface LintRun {
  readonly files: readonly LintedFile[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly infoCount: number;
  /** Findings left out of `files` and the counts (by `--quiet`), so that a report can say so. */
  readonly hidden?: { readonly warningCount: number; readonly infoCount: number };
}

/** The rule id of the finding that stands for a bug met while linting a file. */
export const internalErrorRule = "internal-error";

export interface LintFilesOptions {
  readonly strict?: boolean;
  readonly ruleSeverities?: ReadonlyMap<string, Severity | "off">;
  /** Folder that relative paths start from. @default process.cwd() */
  readonly cwd?: string;
  /** Variables for the bindings beside each plan, whose checks and metrics count as automatic; `BASCULE_DEBUG` adds stacks to internal errors. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The rules to run. @default planRules */
  readonly rules?: readonly LintRule[];
}

/** Lints each plan file against its own folder. A bug met on one file is reported on it, and the others are still linted. */
export function lintFiles(paths: readonly string[], options: LintFilesOptions = {}): LintRun {
  const files = paths.map((path): LintedFile => {
    try {
      return lintFile(path, options);
    } catch (error) {
      return { path, diagnostics: [describeInternalError(error, options.env ?? {})], unreadable: false, internalError: true };
    }
  });
  const all = files.flatMap((f) => f.diagnostics);
  const errorCount = all.filter((d) => d.severity === "error").length;
  return {
    files,
    errorCount,
    warningCount: all.filter((d) => d.severity === "warning").length,
    infoCount: all.filter((d) => d.severity === "info").length,
  };
}

function lintFile(path: string, options: LintFilesOptions): LintedFile {
  const absolute = resolve(options.cwd ?? ".", path);
  const file = readPlanFile(absolute);
  if (file.kind === "unreadable-plan") {
    const { problem } = file;
    return { path, text: file.text, diagnostics: [atLine("source", problem.message, problem.line ?? 1, problem.column ?? 1)], unreadable: true };
  }
  // The bindings beside the plan decide which checks are automatic; without them, none are bound.
  const bindings = readBindingsVocabulary(dirname(absolute), { env: options.env ?? {} }).vocabulary;
  const report = lintPlan(file.document, {
    files: planFilesIn(dirname(absolute)),
    strict: options.strict,
    ruleSeverities: options.ruleSeverities,
    bindings,
    rules: options.rules,
  });
  return { path, text: file.document.text, diagnostics: report.diagnostics, automation: report.automation, unreadable: false };
}

/** A bug is no finding about the plan, but reported as one it stays inside every output format. */
export function describeInternalError(error: unknown, env: Readonly<Record<string, string | undefined>>): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  const detail = env.BASCULE_DEBUG && error instanceof Error && error.stack ? `\n${error.stack}` : " (set BASCULE_DEBUG=1 for details)";
  return atLine(internalErrorRule, `internal error while linting: ${message}; this is a bug in Bascule, please report it${detail}`, 1, 1);
}

function atLine(rule: string, message: string, line: number, column: number): Diagnostic {
  return { rule, severity: "error", message, path: [], line, column, endLine: line, endColumn: column + 1 };
}
