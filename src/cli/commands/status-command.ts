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
