import { describeMissingFiles } from "../../app/describe-missing-files.js";
import { isSqlCommand } from "../../app/run-service/run-vocabulary.js";
import type { ExplainedCheck, ExplainedDataset, ExplainedPhase, ExplainedStep, PlanExplanation, WatchedCheck } from "../../planner/plan-explanation.js";
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
  formatGateResponse,
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

const ansi = { bold: "\u001b[1m", dim: "\u001b[2m", red: "\u001b[31m", yellow: "\u001b[33m", reset: "\u001b[0m" };

interface Style {
  readonly heading: (text: string) => string;
  readonly dim: (text: string) => string;
  /** What can hurt: no rollback, outside the window, late. */
  readonly alarm: (text: string) => string;
  readonly warn: (text: string) => string;
}

/** For people at a terminal: one section per question an approver asks. */
export const planTextReporter: PlanReporter = (e, { color }) => {
  const paint = (code: string) => (text: string) => (color ? `${code}${text}${ansi.reset}` : text);
  const style: Style = { heading: paint(ansi.bold), dim: paint(ansi.dim), alarm: paint(ansi.red), warn: paint(ansi.yellow) };
  const facts = [e.plan.version ? `version ${e.plan.version}` : undefined, e.plan.approach ?? undefined].filter(Boolean).join(", ");
  const sections: string[][] = [
    [style.heading(`${e.plan.migration_name ?? "Migration plan"}${facts ? ` (${facts})` : ""}`), `Starts ${formatDate(e.start.date)} (${describeStartSource(e.start.source)})`],
    ...renderMissingFiles(e, style),
    [style.heading("ORDER"), ...e.order.flatMap((phase, i) => [...(i > 0 ? [""] : []), ...renderPhase(phase, style)])],
    [style.heading("GATES"), ...renderGates(e, style)],
    [style.heading("ROLLBACK MAP"), ...renderRollbackMap(e, style)],
    [style.heading("TIMELINE AND CRITICAL PATH"), ...renderTimeline(e)],
    [style.heading("MILESTONES"), ...renderMilestones(e, style)],
    [style.heading("CONSTRAINTS"), ...renderConstraints(e, style)],
    [style.heading("AUTOMATION"), ...renderAutomation(e)],
    ...renderRunSections(e, style),
  ];
  if (e.notes.length > 0) sections.push([style.heading("NOTES"), ...e.notes.map((note) => `  - ${note.message}`)]);
  return `${sections.map((lines) => lines.join("\n")).join("\n\n")}\n`;
};

function renderPhase(phase: ExplainedPhase, style: Style): string[] {
  const estimate = phase.duration_estimate ? ` (estimate: ${phase.duration_estimate})` : "";
  const lines = [`  ${titled(phase.phase_id, phase.name)}: ${formatHours(phase.duration_hours)}${estimate}`];
  lines.push(...renderChecks("    start when  ", phase.start_condition, style));
  for (const step of phase.steps) lines.push(...renderStep(step, style));
  if (phase.steps.length === 0) lines.push(`    ${style.warn("no steps")}`);
  lines.push(`    gate        ${phase.gate_id ?? style.warn("none")}`);
  lines.push(`    rollback point  ${phase.rollback_point?.wall ? style.warn(formatRollbackPoint(phase)) : formatRollbackPoint(phase)}`);
  return lines;
}

function renderStep(step: ExplainedStep, style: Style): string[] {
  const duration = step.duration_hours === null ? style.warn("no duration") : `${formatHours(step.duration_hours)}${step.observation ? " observation" : ""}`;
  const facts = [duration, step.type, step.responsible_party].filter(Boolean).join(", ");
  const lines = [`    ${step.order === null ? "•" : `${step.order}.`} ${titled(step.step_id, step.name)}: ${facts}`];
  const field = (label: string) => `       ${label.padEnd(9)} `;
  lines.push(...renderChecks(field("when"), step.preconditions, style));
  // SQL among the commands runs on the bound database, not in a shell (SEMANTICS section 4).
  for (const command of step.run.commands) lines.push(`${field("runs")}${isSqlCommand(command) ? "SQL on the bound database: " : "$ "}${command}`);
  const script = step.run.automation_script;
  if (script !== null && step.run.automation_script_runs) lines.push(`${field("runs")}${script}`);
  if (script !== null && !step.run.automation_script_runs) {
    lines.push(style.dim(`${field("not run")}${script} (automation_script runs only when a step has no commands)`));
  }
  if (step.run.commands.length === 0 && !step.run.automation_script_runs) lines.push(`${field("runs")}${style.warn("nothing")}`);
  for (const manual of step.run.manual_steps) lines.push(`${field("attest")}${manual}`);
  const validation = [step.validation.validation_script, ...step.validation.test_dataset_ids.map((d) => `dataset ${d}`)].filter(Boolean);
  if (validation.length > 0) lines.push(`${field("validate")}${validation.join(", ")}`);
  lines.push(...renderChecks(field("checks"), step.validation.checks, style));
  if (step.monitoring.metrics_to_watch.length > 0) lines.push(`${field("watch")}${step.monitoring.metrics_to_watch.join(", ")}`);
  lines.push(...renderChecks(field("alert on"), step.monitoring.alert_conditions, style));
  const undo = formatOwnRollback(step.rollback).replace(/^its rollback runs: /, "");
  lines.push(`${field("undo")}${isLoud(step.rollback.kind) ? style.alarm(undo) : undo}`);
  return lines;
}

function renderGates(e: PlanExplanation, style: Style): string[] {
  if (e.gates.length === 0) return [`  ${style.warn("none: no phase has a validation_gate")}`];
  return e.gates.flatMap((gate, i) => {
    const approvers = gate.approvers.length > 0 ? gate.approvers.join(", ") : "nobody named";
    return [
      ...(i > 0 ? [""] : []),
      `  ${titled(gate.gate_id, gate.name)} (after ${gate.phase_id})`,
      ...renderChecks("    criteria    ", gate.criteria, style),
      ...(gate.test_dataset_ids.length > 0 ? [`    datasets    ${gate.test_dataset_ids.join(", ")}`] : []),
      `    approvers   ${gate.approval_required ? `${approvers} (approval required)` : "no approval required"}`,
      `    on failure  ${formatGateResponse(gate.failure_response, gate.failure_response_source)}`,
    ];
  });
}

function renderRollbackMap(e: PlanExplanation, style: Style): string[] {
  const phases = new Map(e.order.map((p) => [p.phase_id, p]));
  const lines: string[] = [];
  for (const entry of e.rollback_map) {
    lines.push(`  ${formatFailurePoint(entry)} fails`);
    let n = 1;
    if (entry.own_rollback !== null) {
      const own = formatOwnRollback(entry.own_rollback);
      lines.push(`    ${n++}. ${isLoud(entry.own_rollback.kind) ? style.alarm(own) : own}`);
    }
    lines.push(`    ${n}. ${formatResponse(entry, phases.get(entry.failure_at.phase_id))}`);
    const full = `full rollback: ${formatFullRollback(entry.full_rollback)}`;
    lines.push(`    ${entry.full_rollback.wall === null ? full : style.warn(full)}`);
  }
  if (e.rollback_levels.length > 0) lines.push("", "  Rollback levels (rollback_strategy)");
  for (const level of e.rollback_levels) {
    const approval = level.approval_required ? "approval required" : "no approval";
    const duration = level.estimated_duration ? `, about ${level.estimated_duration}` : "";
    lines.push(`    ${level.level ?? "?"}: ${level.decision_maker ?? "nobody named"} decides, ${approval}${duration}`);
    lines.push(...renderChecks("      when ", level.trigger_conditions, style));
  }
  return lines;
}

function renderTimeline(e: PlanExplanation): string[] {
  const lines = [
    e.critical_path.source === "run_order"
      ? "  From phase and step order (the plan has no execution_timeline.critical_path); starts with longest durations"
      : "  From execution_timeline.critical_path; starts with longest durations",
  ];
  const width = Math.max(8, ...e.schedule.map((s) => s.step_id.length));
  lines.push(`    ${"step".padEnd(width)}  ${"duration".padEnd(18)}  ${"starts".padEnd(20)}  slack`);
  for (const s of e.schedule) {
    const duration = `${formatHours(s.duration_hours)}${s.observation ? " observation" : ""}`;
    const critical = s.critical ? "  critical" : "";
    lines.push(`    ${s.step_id.padEnd(width)}  ${duration.padEnd(18)}  ${formatDate(s.start_date.max).padEnd(20)}  ${formatHours(s.slack_hours)}${critical}`);
  }
  return [
    ...lines,
    `  Critical path  ${e.critical_path.steps.join(" → ") || "none (no steps)"}`,
    `  Total          ${formatTotal(e.critical_path.duration_hours)}`,
    `  With buffer    ${e.buffer_percentage}% → ${formatTotal(e.duration_with_buffer_hours)}`,
    `  Finishes       ${formatDateRange(e.projected_finish)} (without buffer)`,
  ];
}

function renderMilestones(e: PlanExplanation, style: Style): string[] {
  if (e.milestones.length === 0) return ["  none (execution_timeline.milestones is empty)"];
  return e.milestones.flatMap((m) => {
    const projected = m.projected_date === null ? "cannot be projected (no dependency on the timeline)" : `projected ${formatDate(m.projected_date)}`;
    const verdict = m.late === null ? "" : m.late ? `: ${style.alarm("LATE")}` : ": on time";
    const unknown = m.unresolved_dependencies.length > 0 ? [`    ${style.warn(`unknown dependencies: ${m.unresolved_dependencies.join(", ")}`)}`] : [];
    return [`  ${m.milestone_id}  ${m.name ?? ""}: target ${m.target_date ?? "none"}, ${projected}${verdict}`, ...unknown];
  });
}

function renderConstraints(e: PlanExplanation, style: Style): string[] {
  const c = e.constraints;
  const w = c.migration_window;
  const lines: string[] = [];
  if (w === null) lines.push("  Window     none given");
  else if (w.description === null) lines.push(`  Window     "${w.text}" cannot be read: ${w.problem ?? ""}`);
  else {
    lines.push(`  Window     ${w.text} = ${w.description}`);
    lines.push(`             the start, ${formatDate(e.start.date)}, is ${w.start_inside ? "inside the window" : style.alarm("OUTSIDE the window")}`);
  }
  const max = c.max_downtime_duration ? ` (max ${c.max_downtime_duration})` : "";
  lines.push(`  Downtime   ${c.downtime_allowed === null ? "not stated" : c.downtime_allowed ? "allowed" : "not allowed"}${max}`);
  c.business_constraints.forEach((b, i) => lines.push(`  ${i === 0 ? "Business  " : "          "} ${b}`));
  return lines;
}

function renderAutomation(e: PlanExplanation): string[] {
  const a = e.automation_coverage;
  return [
    `  ${a.automatic} of ${a.total} checks are automatic; ${a.attested} must be attested ` +
      `(${a.conditions} conditions, ${a.unresolved_conditions} on undefined metrics; ${a.references} references; ` +
      `${a.attestations} attestations, ${a.bound_attestations} bound to commands)`,
  ];
}

/** The sections beside the phases that a run acts on (SEMANTICS 11.1, 11.3): only those the plan has. */
function renderRunSections(e: PlanExplanation, style: Style): string[][] {
  const sections: string[][] = [];
  const add = (heading: string, lines: string[]) => {
    if (lines.length > 0) sections.push([style.heading(heading), ...lines]);
  };
  add("STRATEGY GATES", renderStrategyGates(e, style));
  add("CONTINUOUS VALIDATION", renderContinuousValidation(e, style));
  add(
    "REGRESSION SUITES",
    e.regression_suites.flatMap((suite) => [
      `  ${titled(suite.regression_suite_id, suite.name)}: ${suite.execution_frequency ?? style.warn("no execution_frequency, so it never runs")}`,
      `    how         ${suite.run.kind === "attest" ? style.warn(suite.run_text) : suite.run_text}`,
      ...suite.runs_at.map((occasion, i) => `    ${i === 0 ? "runs        " : "            "}${formatSuiteOccasion(occasion)}`),
    ]),
  );
  add("RISKS", renderRisks(e, style));
  add("COMPLETION", renderCompletion(e, style));
  add("POST-MIGRATION", renderPostMigration(e, style));
  return sections;
}

function renderStrategyGates(e: PlanExplanation, style: Style): string[] {
  return e.strategy_gates.flatMap((gate, i) => {
    const head = `  ${titled(gate.gate_id, gate.name)}${gate.type ? ` (${gate.type})` : ""}: `;
    if (gate.attachment.kind === "unresolved") return [...(i > 0 ? [""] : []), `${head}${style.alarm(`never runs: ${gate.attachment_text}`)}`];
    const checks = gate.criteria.flatMap((c) => (c.check === null ? [] : [c.check]));
    const datasets = gate.criteria.flatMap((c) => (c.dataset === null ? [] : [c.dataset]));
    return [
      ...(i > 0 ? [""] : []),
      `${head}${gate.attachment_text}`,
      ...renderChecks("    criteria    ", checks, style),
      ...renderDatasets("    datasets    ", datasets),
      `    sign-off    ${formatSignOff(gate)}`,
      `    on failure  ${formatStrategyFailure(gate)}`,
    ];
  });
}

function renderContinuousValidation(e: PlanExplanation, style: Style): string[] {
  if (e.continuous_validation.length === 0) return [];
  const lines = ["  From the first phase's start until the run ends; a failing check pauses the run for a decision"];
  for (const cv of e.continuous_validation) {
    lines.push(`  ${titled(cv.validation_id, cv.name)}: ${cv.frequency ?? style.warn("no frequency")}`);
    lines.push(
      ...renderChecks(
        "    checks      ",
        cv.checks.filter((c) => c.watched),
        style,
      ),
    );
    lines.push(...renderUnwatched("    skipped     ", cv.checks, style));
    lines.push(
      ...renderDatasets(
        "    datasets    ",
        cv.datasets.filter((d) => d.runs),
      ),
    );
    const attested = cv.datasets.filter((d) => !d.runs);
    if (attested.length > 0) lines.push(`    skipped     ${attested.map((d) => d.dataset_id).join(", ")} ${style.dim("(datasets that do not run cannot run continuously)")}`);
    lines.push(
      ...renderChecks(
        "    alert on    ",
        cv.alert_conditions.filter((c) => c.watched),
        style,
      ).map((line) => `${line} ${style.dim("(raises an alert; the run goes on)")}`),
    );
    lines.push(...renderUnwatched("    skipped     ", cv.alert_conditions, style));
  }
  return lines;
}

function renderRisks(e: PlanExplanation, style: Style): string[] {
  return e.risks.flatMap((risk) => {
    const facts = [risk.category, risk.probability ? `probability ${risk.probability}` : null, risk.impact ? `impact ${risk.impact}` : null].filter(Boolean).join(", ");
    const trigger = risk.trigger;
    const watch =
      trigger === null
        ? style.warn("no contingency.trigger: nothing to watch")
        : trigger.watched
          ? `${trigger.text} ${style.dim(`[${formatCheckKind(trigger)}]`)} watched ${formatRiskScope(risk)}`
          : `${trigger.text} ${style.dim(`[${formatCheckKind(trigger)}]`)}: prose, documents when an operator should act`;
    return [
      `  ${risk.risk_id}${facts ? `  ${facts}` : ""}`,
      `    trigger     ${watch}`,
      `    decision    ${risk.action ? `the run pauses, showing: ${risk.action} (never executed)` : "the run pauses for a decision (no contingency.action)"}`,
      `    responsible ${risk.responsible_party ? `${risk.responsible_party} (gets the incident)` : style.warn("nobody named")}`,
    ];
  });
}

function renderCompletion(e: PlanExplanation, style: Style): string[] {
  const c = e.completion;
  const steps = [
    ...c.regression_suite_ids.map((id) => `regression suite ${id}`),
    ...c.technical_success.map((t) =>
      t.dataset !== null
        ? `technical success: dataset ${formatDataset(t.dataset)}`
        : t.check !== null
          ? `technical success: ${checkText(t.check, style)}`
          : "technical success with no words",
    ),
    ...c.criteria.map((check) => `check: ${checkText(check, style)}`),
    ...c.validation_required.map((d) => `dataset ${formatDataset(d)}`),
    ...(c.complete_gate === null
      ? []
      : [`gate COMPLETE, signed on that evidence by ${c.complete_gate.approvers.join(", ") || style.warn("nobody named")}: bascule approve PLAN COMPLETE`]),
  ];
  if (steps.length === 0) return [];
  return ["  After the last phase's gate, in this order:", ...steps.map((step, i) => `    ${i + 1}. ${step}`), "  then the run is completed"];
}

function renderPostMigration(e: PlanExplanation, style: Style): string[] {
  const { monitoring_period: period, cleanup_tasks: tasks } = e.post_migration;
  const lines: string[] = [];
  if (period !== null && period.duration_hours === null) {
    lines.push(`  Monitoring  ${style.warn(formatMonitoringPeriod(period))}`);
    for (const b of period.business_success) if (b.check !== null) lines.push(`    not judged  ${checkText(b.check, style)}`);
  }
  if (period !== null && period.duration_hours !== null) {
    lines.push(`  Monitoring  ${formatMonitoringPeriod(period)}`);
    const watched = [...period.metrics, ...period.enhanced_monitoring.filter((m) => m.metric).map((m) => m.entry)];
    if (watched.length > 0) lines.push(`    watch     ${[...new Set(watched)].join(", ")} every interval; alerts ${formatAlertSensitivity(period)}`);
    for (const entry of period.enhanced_monitoring) if (entry.check !== null) lines.push(`    check     ${checkText(entry.check, style)} at the period's end`);
    for (const b of period.business_success) {
      const judged = b.measurement_period ? `judged at the end of ${b.measurement_period}` : "judged at the period's end";
      lines.push(`    business  ${b.check === null ? style.warn("no criterion") : checkText(b.check, style)}, ${judged}`);
    }
  }
  if (tasks.length > 0) lines.push("  Cleanup, due counted from completion");
  for (const task of tasks) {
    lines.push(`    ${titled(task.task_id, task.name)}: due ${formatCleanupDue(task)}${task.responsible_party ? `, ${task.responsible_party}` : ""}`);
    const attested = task.steps.filter((s) => !s.bound).map((s) => s.text);
    const bound = task.steps.filter((s) => s.bound).map((s) => s.text);
    if (attested.length > 0) lines.push(`      attest    ${attested.join("; ")}`);
    if (bound.length > 0) lines.push(`      runs      ${bound.join("; ")} ${style.dim("(bound)")}`);
    if (task.validation !== null) lines.push(`      validate  ${checkText(task.validation, style)}`);
    lines.push(`      done with bascule cleanup PLAN ${task.task_id}`);
  }
  return lines;
}

function renderUnwatched(label: string, checks: readonly WatchedCheck[], style: Style): string[] {
  const unwatched = checks.filter((c) => !c.watched);
  const pad = " ".repeat(label.length);
  const why = (c: WatchedCheck) => (c.kind === "reference" ? "a reference is answered once, not watched" : "attestation only: the run notes it and skips it");
  return unwatched.map((c, i) => `${i === 0 ? label : pad}${c.text} ${style.dim(`(${why(c)})`)}`);
}

function renderDatasets(label: string, datasets: readonly ExplainedDataset[]): string[] {
  return datasets.length === 0 ? [] : [`${label}${datasets.map(formatDataset).join(", ")}`];
}

function checkText(check: ExplainedCheck, style: Style): string {
  return `${check.text} ${style.dim(`[${formatCheckKind(check)}]`)}`;
}

/** First after the title: a plan pasted without its folder is mostly missing files, and says so. */
function renderMissingFiles(e: PlanExplanation, style: Style): string[][] {
  const described = e.missing_files === null ? undefined : describeMissingFiles(e.missing_files);
  if (described === undefined) return [];
  const lines = [style.heading("MISSING FILES"), `  ${style.alarm(described.summary)}`];
  for (const group of described.groups) lines.push(`  ${group.title}`, ...group.items.map((item) => `    ${item.name} ${style.dim(item.detail)}`));
  return [lines];
}

function renderChecks(label: string, checks: readonly ExplainedCheck[], style: Style): string[] {
  const pad = " ".repeat(label.length);
  return checks.map((check, i) => `${i === 0 ? label : pad}${check.text} ${style.dim(`[${formatCheckKind(check)}]`)}`);
}

function isLoud(kind: ExplainedStep["rollback"]["kind"]): boolean {
  return kind === "missing" || kind === "irreversible";
}

/** "STEP-1-1  Database Backup", or the id alone when there is no name. */
function titled(id: string, name: string | null): string {
  return name ? `${id}  ${name}` : id;
}
