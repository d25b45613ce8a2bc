import type { LintRun } from "../../app/lint-files.js";
import { quoteShellCommand } from "../../app/quote-shell-argument.js";

/**
 * Lint's findings beside `bascule plan`'s output, for stderr: each error on one line, warnings
 * counted, and the command that shows them all. Empty when lint found neither.
 */
export function formatPlanLintSummary(lint: LintRun, path: string): string {
  const lines: string[] = [];
  for (const file of lint.files) {
    for (const d of file.diagnostics) {
      if (d.severity === "error") lines.push(`bascule: ${file.path}:${d.line}:${d.column} error ${d.message} (${d.rule})`);
    }
  }
  const counted = [
    lint.errorCount === 0 ? undefined : `${lint.errorCount} ${lint.errorCount === 1 ? "error" : "errors"}`,
    lint.warningCount === 0 ? undefined : `${lint.warningCount} ${lint.warningCount === 1 ? "warning" : "warnings"}`,
  ].filter((part) => part !== undefined);
  if (counted.length === 0) return "";
  lines.push(`bascule: lint reports ${counted.join(" and ")}; see \`${quoteShellCommand(["bascule", "lint", path])}\``);
  return `${lines.join("\n")}\n`;
}
