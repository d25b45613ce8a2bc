import type { CheckVocabulary } from "../plan/check-kind.js";
import type { CheckKind } from "../plan/check-kind.js";
import type { CheckSite } from "../plan/check-sites.js";
import type { PlanDocument } from "../plan/plan-document.js";
import type { PlanIndex } from "../plan/plan-index.js";
import type { Plan } from "../plan/schema/plan-schema.js";
import type { Finding, Severity } from "./diagnostic.js";
import type { PlanFiles } from "./plan-files.js";

export type RuleCategory = "schema" | "ids" | "ordering" | "references" | "files" | "values" | "completeness" | "safety" | "automation";

/** What a rule may look at. Built once per file; every field is already parsed. */
export interface LintContext {
  readonly document: PlanDocument;
  readonly plan: Plan;
  readonly index: PlanIndex;
  readonly files: PlanFiles;
  /** Every check string of the plan, classified once (SEMANTICS section 2). */
  readonly checks: readonly ClassifiedCheck[];
  /** What makes a check automatic: the plan's ids and metrics, the bindings' metrics and bound checks. */
  readonly vocabulary: CheckVocabulary;
}

export interface ClassifiedCheck {
  readonly site: CheckSite;
  readonly kind: CheckKind;
}

export interface LintRule {
  /** Stable id, used in output and in `--rule id=off`. */
  readonly id: string;
  /** One line: what the rule asks of a plan. */
  readonly description: string;
  readonly category: RuleCategory;
  readonly severity: Severity;
  /** Severity under `--strict`, for the spec's checklist rules that only warn by default. */
  readonly strictSeverity?: Severity;
  check(context: LintContext, report: (finding: Finding) => void): void;
}
