import type { PlanPath } from "../plan/plan-path.js";

export type Severity = "error" | "warning" | "info";

/** What a rule reports: a finding at a plan path, positioned later by the linter. */
export interface Finding {
  readonly path: PlanPath;
  readonly message: string;
  /** Point at the key rather than its value (unknown keys, duplicated ids). @default "value" */
  readonly target?: "value" | "key";
  /** Overrides the rule's severity for this one finding. */
  readonly severity?: Severity;
}

/** A finding with its rule, severity and place in the file: the unit every reporter prints. */
export interface Diagnostic {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly path: PlanPath;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  // Rule ids are ASCII: a code-unit comparison orders them as localeCompare would, without loading ICU.
  return a.line - b.line || a.column - b.column || severityRank[a.severity] - severityRank[b.severity] || compareText(a.rule, b.rule);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
