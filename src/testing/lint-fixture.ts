import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createNodePlanFiles } from "../adapters/node-fs/node-plan-files.js";
import type { Diagnostic } from "../lint/diagnostic.js";
import type { LintRule } from "../lint/lint-rule.js";
import { type LintReport, lintPlan } from "../lint/lint-plan.js";
import { parsePlanText } from "../plan/plan-document.js";
import type { LintRun } from "../app/lint-files.js";

/** The spec's own example plan, as shipped in examples/discount. */
export const examplePlanPath = new URL("../../examples/discount/migration-strategy.yaml", import.meta.url).pathname;

export function readExamplePlan(): string {
  return readFileSync(examplePlanPath, "utf8");
}

export interface LintFixtureOptions {
  /** Files to create beside the plan, path → content, in a real temporary folder. */
  readonly files?: Readonly<Record<string, string>>;
  readonly rules?: readonly LintRule[];
  readonly strict?: boolean;
}

/**
 * Lints YAML text as a plan in a fresh temporary folder holding `files`, with the real
 * file-system adapter, and returns the report. Throws when the text is not a readable plan.
 */
export function lintFixture(yaml: string, options: LintFixtureOptions = {}): LintReport {
  const dir = mkdtempSync(join(tmpdir(), "bascule-lint-"));
  try {
    for (const [path, content] of Object.entries(options.files ?? {})) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      if (path.endsWith(".sh")) chmodSync(full, 0o755);
    }
    writeFileSync(join(dir, "migration-strategy.yaml"), yaml);
    const document = parsePlanText(yaml);
    if (document.kind === "source-problem") throw new Error(`fixture is not a plan: ${document.message}`);
    return lintPlan(document, { files: createNodePlanFiles(dir), rules: options.rules, strict: options.strict });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Compact `rule line:column message` lines, for exact assertions that read well. */
export function summarize(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.severity} ${d.rule} ${d.line}:${d.column} ${d.message}`);
}

/** What `bascule lint` hands its reporters for one file's report. */
export function toLintRun(text: string, report: LintReport, path = "migration-strategy.yaml"): LintRun {
  return {
    files: [{ path, text, diagnostics: report.diagnostics, automation: report.automation, unreadable: false }],
    errorCount: report.errorCount,
    warningCount: report.warningCount,
    infoCount: report.infoCount,
  };
}
