import type { LintRun } from "../app/lint-files.js";

/** SEMANTICS section 9: 0 clean, 1 errors found, 2 a file was unreadable or lint itself failed. */
export function lintExitCode(run: LintRun): 0 | 1 | 2 {
  if (run.files.some((file) => file.unreadable || file.internalError)) return 2;
  return run.errorCount > 0 ? 1 : 0;
}
