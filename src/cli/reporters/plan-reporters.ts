import { planJsonReporter } from "./plan-json-reporter.js";
import { planMarkdownReporter } from "./plan-markdown-reporter.js";
import { planMermaidReporter } from "./plan-mermaid-reporter.js";
import type { PlanReporter } from "./plan-reporter.js";
import { planTextReporter } from "./plan-text-reporter.js";

export const planReporters = {
  text: planTextReporter,
  markdown: planMarkdownReporter,
  mermaid: planMermaidReporter,
  json: planJsonReporter,
} as const satisfies Record<string, PlanReporter>;

export type PlanFormat = keyof typeof planReporters;
export const planFormats = Object.keys(planReporters) as PlanFormat[];
