import type { Severity } from "../../lint/diagnostic.js";
import type { LintReporter } from "./lint-reporter.js";

const commandOf: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

/** GitHub Actions workflow commands: each diagnostic becomes an annotation on the file. */
export const githubReporter: LintReporter = (run) => {
  const lines: string[] = [];
  for (const file of run.files) {
    for (const d of file.diagnostics) {
      const properties = [
        `file=${escapeProperty(file.path)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${escapeProperty(`bascule ${d.rule}`)}`,
      ].join(",");
      lines.push(`::${commandOf[d.severity]} ${properties}::${escapeData(d.message)}`);
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
};

// Escaping as the runner's toolkit does it, so messages with `:` or `,` survive intact.
function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
