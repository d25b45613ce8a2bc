import { buildCheckVocabulary, type BindingsVocabulary, classifyCheck } from "../plan/check-kind.js";
import { collectCheckSites } from "../plan/check-sites.js";
import type { PlanDocument } from "../plan/plan-document.js";
import { indexPlan } from "../plan/plan-index.js";
import { PathPrefixSet } from "../plan/plan-path.js";
import { type Diagnostic, type Finding, type Severity, compareDiagnostics } from "./diagnostic.js";
import type { LintContext, LintRule } from "./lint-rule.js";
import { LintRuleError } from "./lint-rule-error.js";
import type { PlanFiles } from "./plan-files.js";
import { planShapeRule, readPlanShape } from "./rules/plan-shape.js";
import { planRules } from "./rules/plan-rules.js";
import { summarizeAutomation, type AutomationCoverage } from "./automation-coverage.js";

export interface LintOptions {
  readonly files: PlanFiles;
  /** Checklist rules become errors. @default false */
  readonly strict?: boolean;
  /** Per-rule severity overrides; `off` silences a rule. */
  readonly ruleSeverities?: ReadonlyMap<string, Severity | "off">;
  readonly bindings?: BindingsVocabulary;
  /** The rules to run. @default planRules */
  readonly rules?: readonly LintRule[];
}

export interface LintReport {
  readonly diagnostics: readonly Diagnostic[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly infoCount: number;
  /** Undefined when the plan could not be typed (schema errors too deep to repair). */
  readonly automation: AutomationCoverage | undefined;
}

/**
 * Runs every rule on a parsed plan and positions each finding in the file. A rule that
 * throws ends the lint with a `LintRuleError` naming it.
 */
export function lintPlan(document: PlanDocument, options: LintOptions): LintReport {
  const rules = options.rules ?? planRules;
  const diagnostics: Diagnostic[] = [];
  const shapeSeverity = rules.includes(planShapeRule) ? severityOf(planShapeRule, options) : "off";
  const shaped = shapeSeverity === "off" ? undefined : { severity: shapeSeverity, shape: readPlanShape(document.raw) };
  if (shaped?.shape.kind === "not-a-plan") {
    // A Kubernetes manifest or a compose file gets this one finding, not a hundred unknown keys.
    return summarizeReport([position(document, planShapeRule.id, shaped.severity, shaped.shape.finding)], undefined);
  }
  let automation: AutomationCoverage | undefined;
  if (document.plan !== undefined) {
    const plan = document.plan;
    const index = indexPlan(plan);
    const vocabulary = buildCheckVocabulary(plan, index, options.bindings);
    const checks = collectCheckSites(plan, { metricKeys: vocabulary.metricKeys }).map((site) => ({ site, kind: classifyCheck(site.text, vocabulary) }));
    automation = summarizeAutomation(checks);
    const context: LintContext = { document, plan, index, files: options.files, checks, vocabulary };
    const filled = new PathPrefixSet(document.filledPaths);
    for (const rule of rules) {
      const severity = severityOf(rule, options);
      if (severity === "off") continue;
      try {
        rule.check(context, (finding) => {
          // Values the repair filled in are placeholders: only the schema rule may speak of them.
          if (rule.category !== "schema" && filled.covers(finding.path)) return;
          diagnostics.push(position(document, rule.id, finding.severity ?? severity, finding));
        });
      } catch (error) {
        throw new LintRuleError(rule.id, error);
      }
    }
  } else {
    // Only the schema's findings, and the plan's shape, make sense when the data could not be typed.
    for (const issue of document.schemaIssues) {
      diagnostics.push(position(document, "schema", "error", { path: issue.path, message: issue.message }));
    }
    if (shaped?.shape.kind === "plan") {
      for (const finding of shaped.shape.findings) diagnostics.push(position(document, planShapeRule.id, shaped.severity, finding));
    }
  }
  diagnostics.sort(compareDiagnostics);
  return summarizeReport(diagnostics, automation);
}

function summarizeReport(diagnostics: readonly Diagnostic[], automation: AutomationCoverage | undefined): LintReport {
  let errorCount = 0;
  let warningCount = 0;
  let infoCount = 0;
  for (const d of diagnostics) {
    if (d.severity === "error") errorCount++;
    else if (d.severity === "warning") warningCount++;
    else infoCount++;
  }
  return { diagnostics, errorCount, warningCount, infoCount, automation };
}

function severityOf(rule: LintRule, options: LintOptions): Severity | "off" {
  const override = options.ruleSeverities?.get(rule.id);
  if (override !== undefined) return override;
  return options.strict && rule.strictSeverity !== undefined ? rule.strictSeverity : rule.severity;
}

function position(document: PlanDocument, rule: string, severity: Severity, finding: Finding): Diagnostic {
  const at = document.locate(finding.path, finding.target);
  return {
    rule,
    severity,
    message: finding.message,
    path: finding.path,
    line: at.line,
    column: at.column,
    endLine: at.endLine,
    endColumn: at.endColumn,
  };
}
