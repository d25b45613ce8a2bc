import type { ExplainedCheck, ExplainedPhase, ExplainedStep, PlanExplanation } from "../../planner/plan-explanation.js";
import {
  describeStartSource,
  formatCheckKind,
  formatDate,
  formatDateRange,
  formatFailurePoint,
  formatFullRollback,
  formatHours,
  formatOwnRollback,
  formatResponse,
  formatRollbackPoint,
  formatTotal,
} from "./plan-phrases.js";
import type { PlanReporter } from "./plan-reporter.js";

const ansi = { bold: "\u001b[1m", dim: "\u001b[2m", red: "\u001b[31m", yellow: "\u001b[33m", reset: "\u001b[0m" };

type Paint = (text: string) => string;

/** For people at a terminal: one section per question an approver asks. */
export const planTextReporter: PlanReporter = (explanation, { color }) => {
  const paint = (code: string): Paint => (text) => (color ? `${code}${text}${ansi.reset}` : text);
  const style = { heading: paint(ansi.bold), dim: paint(ansi.dim), alarm: paint(ansi.red), warn: paint(ansi.yellow) };
  const e = explanation;
  const out: string[] = [];
  const title = [e.plan.version ? `version ${e.plan.version}` : undefined, e.plan.approach ?? undefined].filter(Boolean).join(", ");
  out.push(style.heading(`${e.plan.migration_name ?? "Migration plan"}${title ? ` (${title})` : ""}`));
  out.push(`Starts ${formatDate(e.start.date)} (${describeStartSource(e.start.source)})`, "");

  out.push(style.heading("ORDER"));
  for (const phase of e.order) out.push(...renderPhase(phase, style));

  out.push(style.heading("GATES"));
  if (e.gates.length === 0) out.push("  none: no phase has a validation_gate", "");
  for (const gate of e.gates) {
    out.push(`  ${gate.gate_id}  ${gate.name ?? ""} (after ${gate.phase_id})`);
    out.push(...renderChecks("    criteria   ", gate.criteria, style));
    if (gate.test_dataset_ids.length > 0) out.push(`    datasets   ${gate.test_dataset_ids.join(", ")}`);
    const approvers = gate.approvers.length > 0 ? gate.approvers.join(", ") : "nobody named";
    out.push(`    approvers  ${gate.approval_required ? `${approvers} (approval required)` : "no approval required"}`);
    const source = gate.failure_response_source === "default" ? " (none given: Bascule blocks)" : "";
    out.push(`    on failure ${gate.failure_response}${source}`, "");
  }

  out.push(style.heading("ROLLBACK MAP"));
  const gateOfPhase = new Map(e.order.map((p) => [p.phase_id, p.gate_id]));
  for (const entry of e.rollback_map) {
    out.push(`  ${formatFailurePoint(entry)} fails`);
    let n = 1;
    if (entry.own_rollback !== null) {
      const own = formatOwnRollback(entry.own_rollback);
      out.push(`    ${n++}. ${entry.own_rollback.kind === "script" || entry.own_rollback.kind === "checklist" ? own : style.alarm(own)}`);
    }
    out.push(`    ${n}. ${formatResponse(entry, gateOfPhase.get(entry.failure_at.phase_id) ?? null)}`);
    const full = formatFullRollback(entry.full_rollback);
    out.push(`    full rollback: ${entry.full_rollback.wall === null ? full : style.warn(full)}`);
  }
  if (e.rollback_levels.length > 0) {
    out.push("  Rollback levels (rollback_strategy)");
    for (const level of e.rollback_levels) {
      const approval = level.approval_required ? "approval required" : "no approval";
      out.push(`    ${level.level ?? "?"}: ${level.decision_maker ?? "nobody named"} decides, ${approval}${level.estimated_duration ? `, about ${level.estimated_duration}` : ""}`);
      out.push(...renderChecks("      when ", level.trigger_conditions, style));
    }
  }
  out.push("");

  out.push(style.heading("TIMELINE AND CRITICAL PATH"));
  out.push(
    e.critical_path.source === "run_order"
      ? "  From phase and step order (the plan has no execution_timeline.critical_path); longest durations"
      : "  From execution_timeline.critical_path; longest durations",
  );
  const width = Math.max(8, ...e.schedule.map((s) => s.step_id.length));
  out.push(style.dim(`    ${"step".padEnd(width)}  ${"duration".padEnd(18)}  ${"starts".padEnd(20)}  slack`));
  for (const s of e.schedule) {
    const duration = `${formatHours(s.duration_hours)}${s.observation ? " observation" : ""}`;
    const line = `    ${s.step_id.padEnd(width)}  ${duration.padEnd(18)}  ${formatDate(s.start_date.max).padEnd(20)}  ${formatHours(s.slack_hours)}${s.critical ? "  critical" : ""}`;
    out.push(line);
  }
  out.push(`  Critical path  ${e.critical_path.steps.join(" → ") || "none (no steps)"}`);
  out.push(`  Total          ${formatTotal(e.critical_path.duration_hours)}`);
  out.push(`  With buffer    ${e.buffer_percentage}% → ${formatTotal(e.duration_with_buffer_hours)}`);
  out.push(`  Finishes       ${formatDateRange(e.projected_finish)} (without buffer)`, "");

  out.push(style.heading("MILESTONES"));
  if (e.milestones.length === 0) out.push("  none (execution_timeline.milestones is empty)");
  for (const m of e.milestones) {
    const projected = m.projected_date === null ? "cannot be projected (no dependency on the timeline)" : `projected ${formatDate(m.projected_date)}`;
    const verdict = m.late === null ? "" : m.late ? style.alarm(" LATE") : " on time";
    out.push(`  ${m.milestone_id}  ${m.name ?? ""}: target ${m.target_date ?? "none"}, ${projected}${verdict}`);
    if (m.unresolved_dependencies.length > 0) out.push(`    ${style.warn(`unknown dependencies: ${m.unresolved_dependencies.join(", ")}`)}`);
  }
  out.push("");

  out.push(style.heading("CONSTRAINTS"));
  const w = e.constraints.migration_window;
  if (w === null) out.push("  Window     none given");
  else if (w.description === null) out.push(`  Window     "${w.text}" cannot be read: ${w.problem ?? ""}`);
  else {
    out.push(`  Window     ${w.text} = ${w.description}`);
    const verdict = w.start_inside ? "inside the window" : style.alarm("OUTSIDE the window");
    out.push(`             the start, ${formatDate(e.start.date)}, is ${verdict}`);
  }
  const downtime = e.constraints.downtime_allowed;
  const max = e.constraints.max_downtime_duration ? ` (max ${e.constraints.max_downtime_duration})` : "";
  out.push(`  Downtime   ${downtime === null ? "not stated" : downtime ? "allowed" : "not allowed"}${max}`);
  for (const [i, c] of e.constraints.business_constraints.entries()) out.push(`  ${i === 0 ? "Business  " : "          "} ${c}`);
  out.push("");

  const a = e.automation_coverage;
  out.push(style.heading("AUTOMATION"));
  out.push(
    `  ${a.automatic} of ${a.total} checks are automatic; ${a.attested} must be attested ` +
      `(${a.conditions} conditions, ${a.unresolved_conditions} on undefined metrics; ${a.references} references; ${a.attestations} attestations)`,
  );
  if (e.notes.length > 0) {
    out.push("", style.heading("NOTES"));
    for (const note of e.notes) out.push(`  - ${note.message}`);
  }
  return `${out.join("\n")}\n`;
};

function renderPhase(phase: ExplainedPhase, style: Record<"dim" | "alarm" | "warn", Paint>): string[] {
  const estimate = phase.duration_estimate ? ` (estimate: ${phase.duration_estimate})` : "";
  const lines = [`  ${phase.phase_id}  ${phase.name ?? ""}: ${formatHours(phase.duration_hours)}${estimate}`];
  lines.push(...renderChecks("    start when ", phase.start_condition, style));
  for (const step of phase.steps) lines.push(...renderStep(step, style));
  if (phase.steps.length === 0) lines.push(`    ${style.warn("no steps")}`);
  lines.push(`    gate        ${phase.gate_id ?? style.warn("none")}`);
  lines.push(`    rollback point  ${formatRollbackPoint(phase)}`, "");
  return lines;
}

function renderStep(step: ExplainedStep, style: Record<"dim" | "alarm" | "warn", Paint>): string[] {
  const duration = step.duration_hours === null ? style.warn("no duration") : `${formatHours(step.duration_hours)}${step.observation ? " observation" : ""}`;
  const facts = [duration, step.type, step.responsible_party].filter(Boolean).join(", ");
  const lines = [`    ${step.order ?? "-"}. ${step.step_id}  ${step.name ?? ""}: ${facts}`];
  const field = (label: string) => `       ${label.padEnd(9)} `;
  lines.push(...renderChecks(field("when"), step.preconditions, style));
  for (const command of step.run.commands) lines.push(`${field("runs")}$ ${command}`);
  if (step.run.automation_script !== null) {
    lines.push(
      step.run.automation_script_runs
        ? `${field("runs")}${step.run.automation_script}`
        : style.dim(`${field("not run")}${step.run.automation_script} (automation_script runs only when a step has no commands)`),
    );
  }
  if (step.run.commands.length === 0 && !step.run.automation_script_runs) lines.push(`${field("runs")}${style.warn("nothing")}`);
  for (const manual of step.run.manual_steps) lines.push(`${field("attest")}${manual}`);
  const validation = [step.validation.validation_script, ...step.validation.test_dataset_ids.map((d) => `dataset ${d}`)].filter(Boolean);
  if (validation.length > 0) lines.push(`${field("validate")}${validation.join(", ")}`);
  lines.push(...renderChecks(field("checks"), step.validation.checks, style));
  if (step.monitoring.metrics_to_watch.length > 0) lines.push(`${field("watch")}${step.monitoring.metrics_to_watch.join(", ")}`);
  lines.push(...renderChecks(field("alert on"), step.monitoring.alert_conditions, style));
  const undo = formatOwnRollback(step.rollback).replace(/^its rollback runs: /, "");
  lines.push(`${field("undo")}${step.rollback.kind === "script" || step.rollback.kind === "checklist" ? undo : style.alarm(undo)}`);
  return lines;
}

function renderChecks(label: string, checks: readonly ExplainedCheck[], style: Record<"dim", Paint>): string[] {
  const pad = " ".repeat(label.length);
  return checks.map((check, i) => `${i === 0 ? label : pad}${check.text} ${style.dim(`[${formatCheckKind(check)}]`)}`);
}
