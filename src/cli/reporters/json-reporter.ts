import { formatPlanPath } from "../../plan/plan-path.js";
import type { LintReporter } from "./lint-reporter.js";

/**
 * The machine contract: `{ files: [{ path, diagnostics: [{ rule, severity, message, path,
 * line, column, endLine, endColumn }], automation }], errorCount, warningCount, infoCount }`,
 * and under `--quiet` `hiddenByQuiet: { warningCount, infoCount }`. A bug met while linting is
 * a diagnostic of rule `internal-error`.
 */
export const jsonReporter: LintReporter = (run) =>
  `${JSON.stringify(
    {
      files: run.files.map((file) => ({
        path: file.path,
        diagnostics: file.diagnostics.map((d) => ({
          rule: d.rule,
          severity: d.severity,
          message: d.message,
          path: formatPlanPath(d.path),
          line: d.line,
          column: d.column,
          endLine: d.endLine,
          endColumn: d.endColumn,
        })),
        ...(file.automation ? { automation: file.automation } : {}),
      })),
      errorCount: run.errorCount,
      warningCount: run.warningCount,
      infoCount: run.infoCount,
      ...(run.hidden ? { hiddenByQuiet: { warningCount: run.hidden.warningCount, infoCount: run.hidden.infoCount } } : {}),
    },
    null,
    2,
  )}\n`;
