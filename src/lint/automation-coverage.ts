import { isAutomaticCheck } from "../plan/check-kind.js";
import type { ClassifiedCheck } from "./lint-rule.js";

/** How much of a plan's checking can run without a person (SEMANTICS section 2). */
export interface AutomationCoverage {
  readonly total: number;
  readonly automatic: number;
  readonly conditions: number;
  readonly references: number;
  readonly attestations: number;
  /** Attestations the bindings turn into commands. */
  readonly boundAttestations: number;
  /** Conditions whose metric neither the plan nor the bindings define. */
  readonly unresolvedConditions: number;
  /** `automatic / total`, 1 for a plan with no checks. */
  readonly ratio: number;
}

export function summarizeAutomation(checks: readonly ClassifiedCheck[]): AutomationCoverage {
  let automatic = 0;
  let conditions = 0;
  let references = 0;
  let attestations = 0;
  let boundAttestations = 0;
  let unresolvedConditions = 0;
  for (const { kind } of checks) {
    if (isAutomaticCheck(kind)) automatic++;
    if (kind.kind === "condition") {
      conditions++;
      if (!kind.metricResolved) unresolvedConditions++;
    } else if (kind.kind === "reference") references++;
    else {
      attestations++;
      if (kind.command !== undefined) boundAttestations++;
    }
  }
  const total = checks.length;
  return {
    total,
    automatic,
    conditions,
    references,
    attestations,
    boundAttestations,
    unresolvedConditions,
    ratio: total === 0 ? 1 : automatic / total,
  };
}
