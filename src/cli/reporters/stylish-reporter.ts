import { formatPlanPath } from "../../plan/plan-path.js";
import type { Severity } from "../../lint/diagnostic.js";
import { renderCodeFrame } from "./code-frame.js";
import type { LintReporter } from "./lint-reporter.js";
import { SourceLines } from "./source-lines.js";

const ansi = { red: "\u001b[31m", yellow: "\u001b[33m", cyan: "\u001b[36m", dim: "\u001b[2m", bold: "\u001b[1m", reset: "\u001b[0m" };

/** For people at a terminal: grouped by file, each finding with its line of source. */
export const stylishReporter: LintReporter = (run, { color }) => {
  const paint = (code: string) => (s: string) => (color ? `${code}${s}${ansi.reset}` : s);
  const tone: Record<Severity, (s: string) => string> = {
    error: paint(ansi.red),
    warning: paint(ansi.yellow),
    info: paint(ansi.cyan),
  };
  const dim = paint(ansi.dim);
  const out: string[] = [];
  for (const file of run.files) {
    const source = file.text !== undefined && file.diagnostics.length > 0 ? new SourceLines(file.text) : undefined;
    if (file.unreadable) {
      // A file that is not a plan at all gets one line; a syntax error also its source.
      for (const d of file.diagnostics) {
        out.push(`${paint(ansi.bold)(`${file.path}:${d.line}:${d.column}`)} ${tone.error("error")} ${d.message}`);
        if (source !== undefined) out.push(renderCodeFrame(source, d, tone.error));
      }
      continue;
    }
    if (file.diagnostics.length > 0) {
      out.push(paint(ansi.bold)(file.path));
      for (const d of file.diagnostics) {
        const where = `${d.line}:${d.column}`;
        out.push(`  ${where.padEnd(7)} ${tone[d.severity](d.severity.padEnd(7))} ${d.message}  ${dim(d.rule)}`);
        if (d.path.length > 0) out.push(`          ${dim(`at ${formatPlanPath(d.path)}`)}`);
        if (source !== undefined) {
          const frame = renderCodeFrame(source, d, tone[d.severity]);
          out.push(
            frame
              .split("\n")
              .map((line) => `    ${line}`)
              .join("\n"),
          );
        }
        out.push("");
      }
    }
    if (file.automation !== undefined && file.automation.total > 0) {
      const a = file.automation;
      out.push(
        dim(
          `${file.path}: ${a.automatic} of ${a.total} checks automatic (${Math.round(a.ratio * 100)}%): ` +
            `${a.conditions} conditions (${a.unresolvedConditions} with unknown metrics), ` +
            `${a.references} references, ${a.attestations} attestations (${a.boundAttestations} bound to commands)`,
        ),
      );
    }
  }
  const total = run.errorCount + run.warningCount + run.infoCount;
  if (total === 0) {
    out.push(`${run.files.length === 1 ? "1 file" : `${run.files.length} files`} linted: no problems`);
  } else {
    const summary = `${total} ${total === 1 ? "problem" : "problems"} (${run.errorCount} ${plural(run.errorCount, "error")}, ${run.warningCount} ${plural(run.warningCount, "warning")}, ${run.infoCount} info)`;
    out.push((run.errorCount > 0 ? tone.error : run.warningCount > 0 ? tone.warning : tone.info)(summary));
  }
  return `${out.join("\n")}\n`;
};

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
