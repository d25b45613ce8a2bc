import type { RunObserver } from "../../app/run/drive-run.js";
import { waitRemedies } from "../../app/run/describe-run-status.js";
import { renderWaitRemedies } from "../render-remedy.js";
import { type ActionRef, describeOutcome, type JournalEvent, type WaitingFor } from "../../app/run-service/run-vocabulary.js";

const ansi = { green: "\u001b[32m", red: "\u001b[31m", yellow: "\u001b[33m", dim: "\u001b[2m", bold: "\u001b[1m", reset: "\u001b[0m" };

/**
 * Live progress of a run as lines: phases, steps with their states and durations, each
 * command and the tail of its output. Works the same in a terminal and in a CI log.
 */
export function createRunProgressReporter(write: (text: string) => void, color: boolean, planPath: string, environment?: string): RunObserver {
  const paint = (code: string, s: string) => (color ? `${code}${s}${ansi.reset}` : s);
  const stepStarted = new Map<string, number>();
  let outputPending = "";
  const flushOutput = () => {
    if (outputPending === "") return;
    const lines = outputPending.split("\n").filter((l) => l !== "");
    for (const line of lines.slice(-20)) write(`${paint(ansi.dim, `      │ ${line}`)}\n`);
    outputPending = "";
  };
  return {
    onOutput(_place, _stream, text) {
      outputPending += text;
      if (outputPending.length > 16_384) outputPending = outputPending.slice(-16_384);
    },
    onRecord(record) {
      const event = record.event;
      const at = Date.parse(record.at);
      if (event.kind === "action.finished") flushOutput();
      const line = describe(event, at, stepStarted, planPath, environment);
      if (line === undefined) return;
      const toned =
        line.tone === "good" ? paint(ansi.green, line.text) : line.tone === "bad" ? paint(ansi.red, line.text) : line.tone === "wait" ? paint(ansi.yellow, line.text) : line.text;
      write(`${toned}\n`);
    },
  };
}

type Line = { text: string; tone?: "good" | "bad" | "wait" };

function describe(event: JournalEvent, at: number, started: Map<string, number>, planPath: string, environment: string | undefined): Line | undefined {
  switch (event.kind) {
    case "run.created":
      return { text: `run started by ${event.startedBy}` };
    case "run.resumed":
      return { text: `run resumed by ${event.by}${event.changedSteps.length ? ` (plan changed in steps not yet run: ${event.changedSteps.join(", ")})` : ""}` };
    case "lock.taken_over":
      return { text: `took over the lock from ${event.previous.host} pid ${event.previous.pid} (${event.reason})`, tone: "wait" };
    case "window.overridden":
      return { text: `outside the migration window (${event.window}); overridden by ${event.by}`, tone: "wait" };
    case "phase.started":
      return { text: `▶ ${event.phaseId}` };
    case "phase.completed":
      return { text: `✓ ${event.phaseId} completed`, tone: "good" };
    case "phase.failed":
      return { text: `✗ ${event.phaseId} failed: ${event.reason} → ${event.response}`, tone: "bad" };
    case "step.started":
      started.set(event.stepId, at);
      return { text: `  • ${event.stepId}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ""}` };
    case "step.succeeded":
      return { text: `  ✓ ${event.stepId} succeeded${elapsed(started.get(event.stepId), at)}`, tone: "good" };
    case "step.failed":
      return { text: `  ✗ ${event.stepId} failed: ${event.reason}`, tone: "bad" };
    case "step.in_doubt":
      return { text: `  ? ${event.stepId} is in doubt: it was interrupted while running`, tone: "wait" };
    case "step.resolved":
      return { text: `  ${event.stepId} resolved as ${event.as} by ${event.by}` };
    case "step.skipped":
      return { text: `  – ${event.stepId} skipped: ${event.reason}` };
    case "action.started":
      return { text: `    $ ${actionText(event.action)}` };
    case "action.finished":
      return event.succeeded ? undefined : { text: `    ✗ ${describeOutcome(event.outcome)}`, tone: "bad" };
    case "check.evaluated":
      return { text: `    ${event.verdict === "passed" ? "✓" : "✗"} ${event.text} (${event.via})`, tone: event.verdict === "passed" ? undefined : "bad" };
    case "observation.started":
      return { text: `    observing until ${event.deadline}`, tone: "wait" };
    case "gate.started":
      return { text: `  ◆ gate ${event.gateId}` };
    case "approval.recorded":
      return { text: `    ${event.decision === "approve" ? "approved" : "rejected"} by ${event.identity} as ${event.role}${event.comment ? `: ${event.comment}` : ""}` };
    case "gate.passed":
      return { text: `  ✓ gate ${event.gateId} passed${event.override ? ` (${event.override})` : ""}`, tone: "good" };
    case "gate.failed":
      return { text: `  ✗ gate ${event.gateId} failed: ${event.reason}`, tone: "bad" };
    case "rollback.started":
      return {
        text: `↩ ${event.level} rollback (${event.trigger}): ${event.plannedSteps.join(", ") || "nothing to undo"}${event.wall ? `; stops at ${event.wall}` : ""}`,
        tone: "wait",
      };
    case "rollback.step_undone":
      return { text: `  ↩ ${event.stepId} undone`, tone: "good" };
    case "rollback.step_not_undone":
      return { text: `  ✗ ${event.stepId} NOT undone: ${event.reason}`, tone: "bad" };
    case "rollback.finished":
      return {
        text: `↩ rollback ${event.outcome === "rolled_back" ? "done" : "FAILED"}: undone ${event.undone.join(", ") || "nothing"}; not undone ${event.notUndone.join(", ") || "nothing"}${event.wall ? `; stopped at wall ${event.wall}` : ""}`,
        tone: event.outcome === "rolled_back" ? "good" : "bad",
      };
    case "suite.started":
      return { text: `  ◇ regression suite ${event.suiteId} (${event.at.replace("after:", "after ")})${event.attempt > 1 ? `, attempt ${event.attempt}` : ""}` };
    case "suite.passed":
      return { text: `  ✓ regression suite ${event.suiteId} passed${event.override ? ` (${event.override})` : ""}`, tone: "good" };
    case "suite.failed":
      return { text: `  ✗ regression suite ${event.suiteId} failed: ${event.reason}`, tone: "bad" };
    case "trigger.fired":
      return { text: `⚠ ${event.detail}`, tone: "bad" };
    case "alert.raised":
      return { text: `⚠ alert: ${event.detail}`, tone: "wait" };
    case "completion.reached":
      return { text: "✓ every completion check passed: the migration is complete", tone: "good" };
    case "monitoring.started":
      return { text: `monitoring the migrated system until ${event.deadline}`, tone: "wait" };
    case "monitoring.finished":
      return {
        text: `monitoring period over: ${event.verdicts.map((v) => `${v.verdict === "passed" ? "✓" : "✗"} ${v.text}`).join("; ") || "nothing was watched"}`,
        tone: event.verdicts.every((v) => v.verdict === "passed") ? "good" : "bad",
      };
    case "cleanup.done":
      return { text: `cleanup ${event.taskId} done by ${event.by} (${event.verdict})` };
    case "run.paused":
      return { text: describeWait(event.waitingFor, planPath, environment), tone: "wait" };
    case "run.finished":
      return { text: `run ${event.status}${event.reason ? `: ${event.reason}` : ""}`, tone: event.status === "completed" ? "good" : "bad" };
    default:
      return undefined;
  }
}

function actionText(action: ActionRef): string {
  switch (action.kind) {
    case "command":
      return action.command;
    case "sql":
      return `SQL: ${action.sql}`;
    case "script":
      return `${action.path} (${action.role} script)`;
    case "dataset":
      return `dataset ${action.datasetId}: ${action.command}`;
    case "check":
    case "data":
      return action.command;
    case "suite":
      return `${action.command} (regression suite ${action.suiteId})`;
  }
}

export function describeWait(waiting: WaitingFor, planPath: string, environment?: string): string {
  const head =
    waiting.kind === "attestations"
      ? `paused: ${waiting.items.length === 1 ? "1 check needs" : `${waiting.items.length} checks need`} a person to attest`
      : waiting.kind === "approvals"
        ? `paused: gate ${waiting.gateId} needs approval from ${waiting.roles.join(", ")}`
        : waiting.kind === "decision"
          ? `${waiting.options.includes("proceed") ? "paused" : "blocked"}: ${waiting.phaseId === "" ? waiting.reason : `${waiting.phaseId} failed (${waiting.reason})`}; decide how to go on`
          : waiting.kind === "window"
            ? `paused: outside the migration window (${waiting.window})`
            : `paused: step ${waiting.stepId} is in doubt`;
  return [head, ...renderWaitRemedies(waiting, waitRemedies(waiting, environment), planPath).map((c) => `  ${c}`)].join("\n");
}

function elapsed(from: number | undefined, to: number): string {
  if (from === undefined) return "";
  const ms = to - from;
  return ms < 1000 ? ` (${ms} ms)` : ` (${(ms / 1000).toFixed(1)} s)`;
}
