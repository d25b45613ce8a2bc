import type { PlanReporter } from "./plan-reporter.js";

/** The explanation as is: its shape is the documented contract of `bascule plan --format json`. */
export const planJsonReporter: PlanReporter = (explanation) => `${JSON.stringify(explanation, null, 2)}\n`;
