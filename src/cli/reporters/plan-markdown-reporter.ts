import { describeMissingFiles } from "../../app/describe-missing-files.js";
import { isSqlCommand } from "../../app/run-service/run-vocabulary.js";
import type { ExplainedCheck, ExplainedPhase, PlanExplanation, WatchedCheck } from "../../planner/plan-explanation.js";
import { renderFlowchart, renderGantt } from "./plan-mermaid-reporter.js";
import {
  describeStartSource,
  formatAlertSensitivity,
  formatCheckKind,
  formatCleanupDue,
  formatDataset,
  formatDate,
  formatDateRange,
  formatFailurePoint,
  formatFullRollback,
  formatHours,
  formatMonitoringPeriod,
  formatOwnRollback,
  formatResponse,
  formatRiskScope,
  formatRollbackPoint,
  formatSignOff,
  formatStrategyFailure,
  formatSuiteOccasion,
  formatTotal,
} from "./plan-phrases.js";
import type { PlanReporter } from "./plan-reporter.js";

/** For a pull request: headings, tables, and both diagrams as Mermaid blocks GitHub renders. */
export const planMarkdownReporter: PlanReporter = (e) => {
  const sections = [
    renderHeader(e),
    ...renderMissingFiles(e),
    renderOrder(e),
    renderGates(e),
    renderRollbackMap(e),
    renderTimeline(e),
    renderMilestones(e),
    renderConstraints(e),
    renderAutomation(e),
    ...renderRunSections(e),
    ["## Diagrams", "", "```mermaid", renderGantt(e).trimEnd(), "```", "", "```mermaid", renderFlowchart(e).trimEnd(), "```"],
  ];
  if (e.notes.length > 0) sections.push(["## Notes", "", ...e.notes.map((n) => `- ${cell(n.message)}`)]);
  return `${sections.map((lines) => lines.join("\n")).join("\n\n")}\n`;
};

function renderHeader(e: PlanExplanation): string[] {
  const facts = [e.plan.version ? `version ${e.plan.version}` : undefined, e.plan.approach ?? undefined].filter(Boolean).join(" · ");
  return [
    `# Plan: ${cell(e.plan.migration_name ?? "migration")}`,
    "",
    `${facts ? `${facts} · ` : ""}starts ${formatDate(e.start.date)} (${describeStartSource(e.start.source)}) · ` +
      `critical path ${formatTotal(e.critical_path.duration_hours)}, with ${e.buffer_percentage}% buffer ${formatTotal(e.duration_with_buffer_hours)}`,
  ];
}

function renderMissingFiles(e: PlanExplanation): string[][] {
  const described = e.missing_files === null ? undefined : describeMissingFiles(e.missing_files);
  if (described === undefined) return [];
  const lines = ["## Missing files", "", `**${cell(described.summary)}.**`];
  for (const group of described.groups) lines.push("", cell(group.title), "", ...group.items.map((item) => `- ${code(item.name)} ${cell(item.detail)}`));
  return [lines];
}

function renderOrder(e: PlanExplanation): string[] {
  const lines = ["## Order"];
  for (const phase of e.order) lines.push("", ...renderPhase(phase));
  return lines;
}

function renderPhase(phase: ExplainedPhase): string[] {
  const estimate = phase.duration_estimate ? ` (estimate: ${cell(phase.duration_estimate)})` : "";
  const lines = [`### ${phase.phase_id}${phase.name ? ` · ${cell(phase.name)}` : ""}`, "", `Steps add up to ${formatHours(phase.duration_hours)}${estimate}.`];
  if (phase.start_condition.length > 0) lines.push(`Starts when: ${checks(phase.start_condition)}.`);
  lines.push(`Gate: ${phase.gate_id ?? "**none**"}. Rollback point: ${cell(formatRollbackPoint(phase))}.`, "");
  lines.push("| # | Step | Duration | Runs | Checks | Undo |", "| --- | --- | --- | --- | --- | --- |");
  for (const step of phase.steps) {
    const duration = step.duration_hours === null ? "**none**" : `${formatHours(step.duration_hours)}${step.observation ? " observation" : ""}`;
    const runs = [
      ...step.run.commands.map((command) => (isSqlCommand(command) ? `SQL on the bound database: ${code(command)}` : code(command))),
      ...(step.run.automation_script === null
        ? []
        : [step.run.automation_script_runs ? code(step.run.automation_script) : `~~${code(step.run.automation_script)}~~ (not run: the step has commands)`]),
      ...step.run.manual_steps.map((m) => `attest: ${cell(m)}`),
    ];
    const validation = [
      ...(step.validation.validation_script ? [code(step.validation.validation_script)] : []),
      ...step.validation.test_dataset_ids.map((d) => `dataset ${cell(d)}`),
      ...[...step.preconditions, ...step.validation.checks, ...step.monitoring.alert_conditions].map(check),
    ];
    const undo = formatOwnRollback(step.rollback).replace(/^its rollback runs: /, "");
    const undoCell = step.rollback.kind === "script" ? code(undo) : step.rollback.kind === "checklist" ? cell(undo) : `**${cell(undo)}**`;
    lines.push(
      `| ${step.order ?? ""} | ${step.step_id}${step.name ? ` ${cell(step.name)}` : ""} | ${duration} | ${runs.join("<br>") || "**nothing**"} | ${validation.join("<br>")} | ${undoCell} |`,
    );
  }
  return lines;
}

function renderGates(e: PlanExplanation): string[] {
  const lines = ["## Gates", ""];
  if (e.gates.length === 0) return [...lines, "No phase has a validation gate."];
  lines.push("| Gate | After | Criteria | Datasets | Approvers | On failure |", "| --- | --- | --- | --- | --- | --- |");
  for (const g of e.gates) {
    const approvers = g.approval_required ? g.approvers.map(cell).join(", ") || "**nobody named**" : "no approval required";
    const response = g.failure_response_source === "default" ? `${g.failure_response} (none given)` : g.failure_response;
    lines.push(
      `| ${g.gate_id}${g.name ? ` ${cell(g.name)}` : ""} | ${g.phase_id} | ${g.criteria.map(check).join("<br>")} | ${g.test_dataset_ids.map(cell).join(", ")} | ${approvers} | ${response} |`,
    );
  }
  return lines;
}

function renderRollbackMap(e: PlanExplanation): string[] {
  const phases = new Map(e.order.map((p) => [p.phase_id, p]));
  const lines = ["## Rollback map", "", "| Failure at | First | Then | Full rollback |", "| --- | --- | --- | --- |"];
  for (const entry of e.rollback_map) {
    const own = entry.own_rollback === null ? "" : formatOwnRollback(entry.own_rollback);
    const loud = entry.own_rollback !== null && (entry.own_rollback.kind === "missing" || entry.own_rollback.kind === "irreversible");
    const then = formatResponse(entry, phases.get(entry.failure_at.phase_id));
    lines.push(`| ${formatFailurePoint(entry)} | ${loud ? `**${cell(own)}**` : cell(own)} | ${cell(then)} | ${cell(formatFullRollback(entry.full_rollback))} |`);
  }
  if (e.rollback_levels.length > 0) {
    lines.push("", "| Rollback level | Decides | Approval | Triggers | Duration |", "| --- | --- | --- | --- | --- |");
    for (const l of e.rollback_levels) {
      lines.push(
        `| ${cell(l.level ?? "")} | ${cell(l.decision_maker ?? "")} | ${l.approval_required ? "required" : "no"} | ${l.trigger_conditions.map(check).join("<br>")} | ${cell(l.estimated_duration ?? "")} |`,
      );
    }
  }
  return lines;
}

function renderTimeline(e: PlanExplanation): string[] {
  const source = e.critical_path.source === "run_order" ? "phase and step order (no `execution_timeline.critical_path`)" : "`execution_timeline.critical_path`";
  const lines = [
    "## Timeline and critical path",
    "",
    `From ${source}. Critical path: ${e.critical_path.steps.join(" → ") || "none"}.`,
    "",
    `- **Total:** ${formatTotal(e.critical_path.duration_hours)}`,
    `- **With ${e.buffer_percentage}% buffer:** ${formatTotal(e.duration_with_buffer_hours)}`,
    `- **Finishes:** ${formatDateRange(e.projected_finish)} (without buffer)`,
    "",
    "| Step | Duration | Starts (longest durations) | Slack | Critical |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const s of e.schedule) {
    const duration = `${formatHours(s.duration_hours)}${s.observation ? " observation" : ""}`;
    lines.push(`| ${s.step_id} | ${duration} | ${formatDate(s.start_date.max)} | ${formatHours(s.slack_hours)} | ${s.critical ? "yes" : ""} |`);
  }
  return lines;
}

function renderMilestones(e: PlanExplanation): string[] {
  if (e.milestones.length === 0) return ["## Milestones", "", "None: `execution_timeline.milestones` is empty."];
  const lines = ["## Milestones", "", "| Milestone | Target | Projected | Late |", "| --- | --- | --- | --- |"];
  for (const m of e.milestones) {
    const late = m.late === null ? "unknown" : m.late ? "**late**" : "on time";
    lines.push(
      `| ${m.milestone_id} ${cell(m.name ?? "")} | ${cell(m.target_date ?? "")} | ${m.projected_date === null ? "cannot be projected" : formatDate(m.projected_date)} | ${late} |`,
    );
  }
  return lines;
}

function renderConstraints(e: PlanExplanation): string[] {
  const c = e.constraints;
  const w = c.migration_window;
  const window =
    w === null
      ? "none given"
      : w.description === null
        ? `"${cell(w.text)}" cannot be read: ${cell(w.problem ?? "")}`
        : `${cell(w.text)} = ${cell(w.description)}; the start ${formatDate(e.start.date)} is ${w.start_inside ? "inside it" : "**outside it**"}`;
  const downtime = c.downtime_allowed === null ? "not stated" : c.downtime_allowed ? "allowed" : "not allowed";
  return [
    "## Constraints",
    "",
    `- **Window:** ${window}`,
    `- **Downtime:** ${downtime}${c.max_downtime_duration ? ` (max ${cell(c.max_downtime_duration)})` : ""}`,
    ...c.business_constraints.map((b) => `- **Business:** ${cell(b)}`),
  ];
}

function renderAutomation(e: PlanExplanation): string[] {
  const a = e.automation_coverage;
  return [
    "## Automation",
    "",
    `${a.automatic} of ${a.total} checks are automatic; ${a.attested} must be attested ` +
      `(${a.conditions} conditions, ${a.unresolved_conditions} on undefined metrics; ${a.references} references; ` +
      `${a.attestations} attestations, ${a.bound_attestations} bound to commands).`,
  ];
}

/** The sections beside the phases that a run acts on (SEMANTICS 11.1, 11.3): only those the plan has. */
function renderRunSections(e: PlanExplanation): string[][] {
  return [renderStrategyGates(e), renderContinuousValidation(e), renderRegressionSuites(e), renderRisks(e), renderCompletion(e), renderPostMigration(e)].filter(
    (lines): lines is string[] => lines !== undefined,
  );
}

function renderStrategyGates(e: PlanExplanation): string[] | undefined {
  if (e.strategy_gates.length === 0) return undefined;
  const rows = e.strategy_gates.map((g) => {
    const criteria = [
      ...g.criteria.flatMap((c) => (c.check === null ? [] : [check(c.check)])),
      ...g.criteria.flatMap((c) => (c.dataset === null ? [] : [`dataset ${cell(formatDataset(c.dataset))}`])),
    ];
    const where = g.attachment.kind === "unresolved" ? `**never runs: ${cell(g.attachment_text)}**` : cell(g.attachment_text);
    return `| ${g.gate_id}${g.name ? ` ${cell(g.name)}` : ""} | ${where} | ${criteria.join("<br>")} | ${cell(formatSignOff(g))} | ${cell(formatStrategyFailure(g))} |`;
  });
  return ["## Strategy gates", "", "| Gate | Runs | Criteria | Sign-off | On failure |", "| --- | --- | --- | --- | --- |", ...rows];
}

function renderContinuousValidation(e: PlanExplanation): string[] | undefined {
  if (e.continuous_validation.length === 0) return undefined;
  const rows = e.continuous_validation.map((cv) => {
    const watched = [...cv.checks.filter((c) => c.watched).map(check), ...cv.datasets.filter((d) => d.runs).map((d) => `dataset ${cell(d.dataset_id)}`)];
    const skipped = [...cv.checks.filter((c) => !c.watched).map(unwatched), ...cv.datasets.filter((d) => !d.runs).map((d) => `dataset ${cell(d.dataset_id)} (does not run)`)];
    const alerts = cv.alert_conditions.map((c) => (c.watched ? check(c) : unwatched(c)));
    return `| ${cv.validation_id}${cv.name ? ` ${cell(cv.name)}` : ""} | ${cell(cv.frequency ?? "**none**")} | ${watched.join("<br>")} | ${skipped.join("<br>")} | ${alerts.join("<br>")} |`;
  });
  return [
    "## Continuous validation",
    "",
    "From the first phase's start until the run ends. A failing check pauses the run for a decision; an alert condition that holds raises an alert and the run goes on.",
    "",
    "| Validation | Frequency | Checks | Skipped (attestation only) | Alerts |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ];
}

function renderRegressionSuites(e: PlanExplanation): string[] | undefined {
  if (e.regression_suites.length === 0) return undefined;
  const rows = e.regression_suites.map((suite) => {
    const when = suite.runs_at.length === 0 ? "**never: no execution_frequency**" : suite.runs_at.map((o) => cell(formatSuiteOccasion(o))).join("<br>");
    return `| ${suite.regression_suite_id}${suite.name ? ` ${cell(suite.name)}` : ""} | ${when} | ${cell(suite.run_text)} |`;
  });
  return ["## Regression suites", "", "| Suite | When | How |", "| --- | --- | --- |", ...rows];
}

function renderRisks(e: PlanExplanation): string[] | undefined {
  if (e.risks.length === 0) return undefined;
  const rows = e.risks.map((risk) => {
    const t = risk.trigger;
    const trigger = t === null ? "**none**" : t.watched ? `${check(t)}, watched ${cell(formatRiskScope(risk))}` : `${check(t)}: prose, documents when an operator should act`;
    return `| ${risk.risk_id} | ${trigger} | ${cell(risk.action ?? "")} | ${cell(risk.responsible_party ?? "**nobody named**")} |`;
  });
  return [
    "## Risks",
    "",
    "A realised risk pauses the run for a decision that shows its action (never executed).",
    "",
    "| Risk | Trigger | Action shown | Responsible |",
    "| --- | --- | --- | --- |",
    ...rows,
  ];
}

function renderCompletion(e: PlanExplanation): string[] | undefined {
  const c = e.completion;
  const steps = [
    ...c.regression_suite_ids.map((id) => `regression suite ${id}`),
    ...c.technical_success.map(
      (t) => `technical success: ${t.dataset !== null ? `dataset ${cell(formatDataset(t.dataset))}` : t.check !== null ? check(t.check) : "**no words**"}`,
    ),
    ...c.criteria.map((k) => `check: ${check(k)}`),
    ...c.validation_required.map((d) => `dataset ${cell(formatDataset(d))}`),
    ...(c.complete_gate === null
      ? []
      : [`gate COMPLETE, signed on that evidence by ${c.complete_gate.approvers.map(cell).join(", ") || "**nobody named**"}: \`bascule approve PLAN COMPLETE\``]),
  ];
  if (steps.length === 0) return undefined;
  return ["## Completion", "", "After the last phase's gate, in this order; then the run is completed.", "", ...steps.map((step, i) => `${i + 1}. ${step}`)];
}

function renderPostMigration(e: PlanExplanation): string[] | undefined {
  const { monitoring_period: period, cleanup_tasks: tasks } = e.post_migration;
  if (period === null && tasks.length === 0) return undefined;
  const lines = ["## Post-migration", ""];
  if (period !== null) {
    lines.push(`- **Monitoring:** ${cell(formatMonitoringPeriod(period))}`);
    const open = period.duration_hours !== null;
    const watched = [...new Set([...period.metrics, ...period.enhanced_monitoring.filter((m) => m.metric).map((m) => m.entry)])];
    if (open && watched.length > 0) lines.push(`  - watched every interval: ${watched.map(cell).join(", ")}; alerts ${formatAlertSensitivity(period)}`);
    for (const entry of period.enhanced_monitoring) if (open && entry.check !== null) lines.push(`  - checked at the period's end: ${check(entry.check)}`);
    for (const b of period.business_success) {
      if (b.check === null) continue;
      lines.push(open ? `  - business success: ${check(b.check)}, judged at the end of ${cell(b.measurement_period ?? "the period")}` : `  - not judged: ${check(b.check)}`);
    }
  }
  if (tasks.length > 0) lines.push("", "| Cleanup task | Due (from completion) | Steps | Validation | Done with |", "| --- | --- | --- | --- | --- |");
  for (const t of tasks) {
    const taskSteps = t.steps.map((step) => `${step.bound ? "runs" : "attest"}: ${cell(step.text)}`).join("<br>");
    lines.push(
      `| ${t.task_id}${t.name ? ` ${cell(t.name)}` : ""} | ${cell(formatCleanupDue(t))} | ${taskSteps} | ${t.validation === null ? "" : check(t.validation)} | \`bascule cleanup PLAN ${t.task_id}\` |`,
    );
  }
  return lines;
}

function unwatched(c: WatchedCheck): string {
  return `${cell(c.text)} _(${c.kind === "reference" ? "a reference is answered once, not watched" : "attestation only: noted and skipped"})_`;
}

function checks(list: readonly ExplainedCheck[]): string {
  return list.map(check).join("; ");
}

function check(c: ExplainedCheck): string {
  return `${cell(c.text)} _(${formatCheckKind(c)})_`;
}

/** Text safe inside a table cell: no pipe, no line break, no stray HTML. */
function cell(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/[\r\n]+/g, " ");
}

/** Inline code that survives backticks in the text; pipes still need escaping inside a table. */
function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  const pad = text.includes("`") ? " " : "";
  return `${fence}${pad}${text.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ")}${pad}${fence}`;
}
