import { summarizeAutomation } from "../automation-coverage.js";
import type { LintRule } from "../lint-rule.js";

export const automationCoverageRule: LintRule = {
  id: "automation-coverage",
  description: "Notes how many of the plan's checks a run can decide without a person (SEMANTICS section 2).",
  category: "automation",
  severity: "info",
  check({ checks }, report) {
    const coverage = summarizeAutomation(checks);
    if (coverage.total === 0) return;
    // Integer arithmetic, rounded down: 199 of 200 must not read as 100%.
    const percent = Math.floor((coverage.automatic * 100) / coverage.total);
    const unresolved = coverage.unresolvedConditions > 0 ? ` (${coverage.unresolvedConditions} naming no defined metric)` : "";
    const parts = [
      `${countOf(coverage.conditions, "condition")}${unresolved}`,
      countOf(coverage.references, "reference"),
      `${countOf(coverage.attestations, "attestation")} (${coverage.boundAttestations} bound to commands)`,
    ].join(", ");
    const rest = coverage.automatic < coverage.total ? "; the rest need a person to attest them" : "";
    const of = coverage.total === 1 ? "1 check is" : `${coverage.total} checks are`;
    report({ path: [], message: `${coverage.automatic} of ${of} automatic (${percent}%): ${parts}${rest}` });
  },
};

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
