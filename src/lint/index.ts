// `bascule/lint`: the rules a plan is checked against, and the diagnostics they report. Pure:
// the plan's folder is seen through `PlanFiles` (`createNodePlanFiles` in `bascule` for a real one).

/** Runs every rule on a parsed plan and positions each finding in the file; a rule that throws ends it with a `LintRuleError`. */
export { lintPlan, type LintOptions, type LintReport } from "./lint-plan.js";
/** Bascule's rules, in the order they run: the default of `LintOptions.rules`. */
export { planRules } from "./rules/plan-rules.js";
/** What a rule is and what it may look at, for writing rules of your own. */
export type { ClassifiedCheck, LintContext, LintRule, RuleCategory } from "./lint-rule.js";
/** A finding with its rule, severity and place in the file: what every reporter prints, and their sort order. */
export { compareDiagnostics, type Diagnostic, type Finding, type Severity } from "./diagnostic.js";
/** A rule threw while checking a plan: a bug, never the plan's fault (`code` is `lint-rule-failed`). */
export { LintRuleError } from "./lint-rule-error.js";
/** How much of a plan's checking runs without a person, per `LintReport.automation`. */
export type { AutomationCoverage } from "./automation-coverage.js";
/** The linter's window on the plan's folder: a port, so rules stay pure. */
export type { FileLookup, PlanFiles } from "./plan-files.js";
/** The scripts, datasets and linked files a plan names that its folder lacks, grouped by name. */
export { findMissingFiles } from "./find-missing-files.js";
export type { MissingFile, MissingFileReference, MissingFiles } from "./missing-files.js";
