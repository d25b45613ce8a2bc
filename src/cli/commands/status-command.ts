import { Command } from "@commander-js/extra-typings";
import type { DataMigrationStatusReport, RunStatusReport } from "../../app/run/describe-run-status.js";
import { runStatus } from "../../app/run-service/run-service.js";
import type { CliIo } from "../cli-io.js";
import { refusalError, renderWaitRemedies } from "../render-remedy.js";
import { openWorkspaceOrExit, sessionOptions } from "../run/open-session.js";

export function statusCommand(io: CliIo, version: string, setExit: (code: number) => void) {
  return new Command("status")
    .description("show the plan's latest run: phases, steps, gates and what it waits for")
    .argument("<plan>", "the migration-strategy.yaml")
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .option(...sessionOptions.state)
    .option("--run <id>", "a particular run (default: the latest)")
    .option("--json", "print the documented JSON shape")
    .action(async (plan, options) => {
      const workspace = await openWorkspaceOrExit(io, plan, options, version, "stored-plan-fallback");
      try {
        const status = await runStatus(workspace, options.run);
        if (status.kind === "refused") throw refusalError(status, plan);
        const report = withNextCommands(status.report, plan);
        io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderStatus(report));
        setExit(0);
      } finally {
        await workspace.close();
      }
    });
}

const marks: Record<string, string> = {
  pending: "·",
  running: "▶",
  succeeded: "✓",
  completed: "✓",
  passed: "✓",
  failed: "✗",
  rolled_back: "↩",
  rollback_failed: "✗↩",
  in_doubt: "?",
  skipped: "–",
  awaiting_approval: "…",
  due: "!",
  overdue: "‼",
  done: "✓",
};

/** One line per data migration: where it is, how fast, and why it waits when paused. */
export function describeDataLine(data: DataMigrationStatusReport): string {
  const percent = data.rows_total > 0 ? ` (${Math.min(100, Math.floor((data.rows_done * 100) / data.rows_total))}%)` : "";
  const pace = data.status === "running" && data.rows_per_second > 0 ? `, ${data.rows_per_second} rows/s${data.eta_seconds === undefined ? "" : `, ETA ${data.eta_seconds}s`}` : "";
  const why = data.paused_reason ? `: ${data.paused_reason}` : data.message ? `: ${data.message}` : "";
  const check = data.reconciliation
    ? `; reconciliation ${data.reconciliation.passed ? "passed" : "FAILED"} (${(data.reconciliation.match_ratio * 100).toFixed(4)}% match, ${data.reconciliation.difference_count} differing)`
    : "";
  return `${data.migration_id}${data.step_id ? ` (${data.step_id})` : ""} ${data.status}: ${data.rows_done}/${data.rows_total} rows${percent}${pace}${why}${check}`;
}

/** The report with the `bascule` commands that answer what the run waits for (`waiting_for.next`). */
export type CliStatusReport = Omit<RunStatusReport, "waiting_for"> & {
  readonly waiting_for?: NonNullable<RunStatusReport["waiting_for"]> & { readonly next: readonly string[] };
};

function withNextCommands(report: RunStatusReport, plan: string): CliStatusReport {
  const { waiting_for: waiting, ...rest } = report;
  if (waiting === undefined) return rest;
  return { ...rest, waiting_for: { ...waiting, next: renderWaitRemedies(waiting, waiting.remedies, plan) } };
}

function renderStatus(report: CliStatusReport): string {
  const lines = [`run ${report.run.id}: ${report.run.status}${report.run.reason ? ` (${report.run.reason})` : ""}, started ${report.run.started_at} by ${report.run.started_by}`];
  for (const phase of report.phases) {
    lines.push(`${marks[phase.status] ?? " "} ${phase.phase_id} ${phase.status}`);
    for (const step of phase.steps) {
      lines.push(`    ${marks[step.status] ?? " "} ${step.step_id} ${step.status}${step.attempt > 1 ? ` (attempt ${step.attempt})` : ""}${step.reason ? `: ${step.reason}` : ""}`);
    }
    if (phase.gate) {
      const signed = phase.gate.approvals.map((a) => `${a.role}: ${a.identity}`).join(", ");
      lines.push(`    ${marks[phase.gate.status] ?? " "} gate ${phase.gate.gate_id} ${phase.gate.status}${signed ? ` (signed ${signed})` : ""}`);
    }
  }
  lines.push(...describeWholePlanLines(report));
  for (const data of report.data_migrations ?? []) lines.push(`data ${describeDataLine(data)}`);
  if (report.rollback) {
    const r = report.rollback;
    lines.push(
      `rollback (${r.level}) ${r.outcome ?? "in progress"}: undone ${r.undone.join(", ") || "nothing"}; not undone ${r.not_undone.map((n) => `${n.step_id} (${n.reason})`).join(", ") || "nothing"}${r.wall ? `; wall at ${r.wall}` : ""}`,
    );
  }
  if (report.waiting_for) {
    lines.push(`waiting for ${report.waiting_for.kind}:`);
    for (const next of report.waiting_for.next) lines.push(`  ${next}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The sections of the plan beyond its phases (SEMANTICS 11.1, 11.3), one line per entry. */
function describeWholePlanLines(report: CliStatusReport): string[] {
  const lines: string[] = [];
  const signed = (approvals: readonly { role: string; identity: string }[]) =>
    approvals.length > 0 ? ` (signed ${approvals.map((a) => `${a.role}: ${a.identity}`).join(", ")})` : "";
  for (const gate of report.strategy_gates ?? []) {
    const where = gate.location ? `at ${JSON.stringify(gate.location)}: ${gate.attached_at.description}` : gate.attached_at.description;
    const why = gate.reason ? `: ${gate.reason}` : gate.override ? ` (${gate.override})` : "";
    lines.push(`${marks[gate.status] ?? " "} strategy gate ${gate.gate_id} ${gate.status}${signed(gate.approvals)}${why} [${where}]`);
  }
  for (const suite of report.regression_suites ?? []) {
    const why = suite.reason ? `: ${suite.reason}` : suite.override ? ` (${suite.override})` : "";
    lines.push(`${marks[suite.status] ?? " "} regression suite ${suite.suite_id} at ${suite.at} ${suite.status}${suite.attempt > 1 ? ` (attempt ${suite.attempt})` : ""}${why}`);
  }
  for (const risk of report.realised_risks ?? []) {
    const who = risk.responsible_party ? `; ${risk.responsible_party} responds` : "";
    lines.push(`✗ risk ${risk.risk_id} realised at ${risk.at}: ${risk.condition} (${risk.detail})${risk.action ? `; contingency: ${risk.action}` : ""}${who}`);
  }
  const complete = report.complete_gate;
  if (complete) {
    const why = complete.reason ? `: ${complete.reason}` : "";
    lines.push(`${marks[complete.status] ?? " "} gate ${complete.gate_id} ${complete.status}${signed(complete.approvals)}${why}; approvers: ${complete.approvers.join(", ")}`);
  }
  if (report.completion_reached_at) lines.push(`completion reached at ${report.completion_reached_at}`);
  const monitoring = report.monitoring;
  if (monitoring) {
    const verdicts = (monitoring.verdicts ?? []).map((v) => `${marks[v.verdict] ?? " "} ${v.text}${v.detail ? ` (${v.detail})` : ""}`);
    lines.push(
      `monitoring period from ${monitoring.started_at} until ${monitoring.until}: ${monitoring.over ? "over" : "under way"}${verdicts.length > 0 ? `; ${verdicts.join(", ")}` : ""}`,
    );
  }
  for (const task of report.cleanup_tasks ?? []) lines.push(describeCleanupLine(task));
  return lines;
}

function describeCleanupLine(task: NonNullable<CliStatusReport["cleanup_tasks"]>[number]): string {
  const head = `${marks[task.status] ?? " "} cleanup ${task.task_id} ${task.status}`;
  if (task.status === "done") return `${head} by ${task.done_by} at ${task.done_at}${task.evidence ? ` (evidence: ${task.evidence})` : ""}`;
  const when = task.due_at
    ? ` (due ${task.due_at}, overdue after ${task.overdue_at})`
    : task.timing_problem
      ? ` (${task.timing_problem})`
      : task.timing
        ? ` (${task.timing}, counted from completion)`
        : "";
  const failed = task.last_failure ? `; last try by ${task.last_failure.by} failed${task.last_failure.detail ? `: ${task.last_failure.detail}` : ""}` : "";
  return `${head}${when}${failed}`;
}
