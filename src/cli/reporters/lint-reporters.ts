import { githubReporter } from "./github-reporter.js";
import { jsonReporter } from "./json-reporter.js";
import type { LintReporter } from "./lint-reporter.js";
import { sarifReporter } from "./sarif-reporter.js";
import { stylishReporter } from "./stylish-reporter.js";

export const lintReporters = {
  stylish: stylishReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  github: githubReporter,
} as const satisfies Record<string, LintReporter>;

export type LintFormat = keyof typeof lintReporters;
export const lintFormats = Object.keys(lintReporters) as LintFormat[];
