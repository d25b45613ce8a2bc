import type { Diagnostic } from "../../lint/diagnostic.js";
import { planRules } from "../../lint/rules/plan-rules.js";
import type { CliIo } from "../cli-io.js";
import { lintReporters } from "./lint-reporters.js";

/** A file's errors as lint shows them, on stderr: why the plan or its bindings were refused. */
export function printErrors(io: CliIo, version: string, path: string, text: string, errors: readonly Diagnostic[]): void {
  const run = { files: [{ path, text, diagnostics: errors, unreadable: false }], errorCount: errors.length, warningCount: 0, infoCount: 0 };
  io.stderr(lintReporters.stylish(run, { color: io.color, rules: planRules, toolVersion: version }));
}
