import type { LintRun } from "../../app/lint-files.js";
import type { LintRule } from "../../lint/lint-rule.js";

export interface ReporterOptions {
  readonly color: boolean;
  readonly rules: readonly LintRule[];
  readonly toolVersion: string;
}

/** Renders a whole lint run as the text one output format prints. */
export type LintReporter = (run: LintRun, options: ReporterOptions) => string;
