import type { PlanExplanation } from "../../planner/plan-explanation.js";

export const planDiagrams = ["both", "gantt", "flowchart"] as const;
export type PlanDiagram = (typeof planDiagrams)[number];

export interface PlanReporterOptions {
  /** ANSI colours, for a terminal only. */
  readonly color: boolean;
  /** Which Mermaid diagram(s) the mermaid format prints. @default "both" */
  readonly diagram: PlanDiagram;
}

/** Renders a plan's explanation as the text one output format prints. */
export type PlanReporter = (explanation: PlanExplanation, options: PlanReporterOptions) => string;
