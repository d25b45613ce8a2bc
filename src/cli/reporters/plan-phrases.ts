import type {
  ExplainedCheck,
  ExplainedCleanupTask,
  ExplainedDataset,
  ExplainedMonitoringPeriod,
  ExplainedPhase,
  ExplainedRisk,
  ExplainedStrategyGate,
  ExplainedSuiteOccasion,
  FailureResponse,
  FullRollback,
  HourRange,
  PlanExplanation,
  RollbackMapEntry,
  StepUndo,
} from "../../planner/plan-explanation.js";

/** The English shared by the text and markdown reports of `bascule plan`. */

/** 0.5 → "30m", 172 → "7d 4h"; a range as "2h-3h", low to high. */
export function formatHours(hours: HourRange | number): string {
  if (typeof hours !== "number") {
    // Slack can shrink as durations grow: show the range low to high either way.
    const [low, high] = [Math.min(hours.min, hours.max), Math.max(hours.min, hours.max)];
    return low === high ? formatHours(low) : `${formatHours(low)}-${formatHours(high)}`;
  }
  let minutes = Math.round(hours * 60);
  if (minutes === 0) return "0m";
  const parts: string[] = [];
  for (const [label, size] of [
    ["d", 1440],
    ["h", 60],
    ["m", 1],
  ] as const) {
    const count = Math.floor(minutes / size);
    if (count > 0) parts.push(`${count}${label}`);
    minutes -= count * size;
  }
  return parts.join(" ");
}

/** "172h (7d 4h)": hours for arithmetic, days for people. */
export function formatTotal(hours: HourRange): string {
  const plain = hours.min === hours.max ? `${trim(hours.min)}h` : `${trim(hours.min)}-${trim(hours.max)}h`;
  return hours.max >= 24 ? `${plain} (${formatHours(hours)})` : plain;
}

/** "2025-10-04T10:00:00.000Z" → "2025-10-04 10:00 UTC". */
export function formatDate(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function formatDateRange(range: { min: string; max: string }): string {
  return range.min === range.max ? formatDate(range.min) : `${formatDate(range.min)} to ${formatDate(range.max)}`;
}

export function describeStartSource(source: PlanExplanation["start"]["source"]): string {
  switch (source) {
    case "option":
      return "--start";
    case "created_date":
      return "metadata.created_date; change with --start";
    case "clock":
      return "now: the plan has no created_date; set one with --start";
  }
}

export function formatCheckKind(check: ExplainedCheck): string {
  if (check.kind === "condition") return check.automatic ? "condition" : "condition, metric not defined";
  if (check.kind === "reference") return `reference to ${check.target ?? "?"}`;
  return check.automatic ? "attestation, bound" : "attestation";
}

/** What undoing a step does, in one line. */
export function formatUndo(undo: StepUndo): string {
  switch (undo.kind) {
    case "script":
      return `${undo.step_id} (${undo.script})`;
    case "checklist":
      return `${undo.step_id} (checklist to attest: ${undo.checklist.join("; ")})`;
    case "irreversible":
      return `${undo.step_id} CANNOT be undone (can_rollback: false)`;
    case "missing":
      return `${undo.step_id} has NO rollback defined: it stays as it is`;
  }
}

/** A step's own rollback, as the first thing that happens when it fails. */
export function formatOwnRollback(undo: StepUndo): string {
  switch (undo.kind) {
    case "script":
      return `its rollback runs: ${undo.script}`;
    case "checklist":
      return `its rollback is a checklist to attest: ${undo.checklist.join("; ")}`;
    case "irreversible":
      return `NO ROLLBACK: ${undo.step_id} cannot be undone (can_rollback: false)`;
    case "missing":
      return `NO ROLLBACK: the plan defines none for ${undo.step_id}; it stays as it is`;
  }
}

export function formatUndoList(undo: readonly StepUndo[]): string {
  return undo.length === 0 ? "nothing more to undo" : undo.map(formatUndo).join(", then ");
}

/** What the gate's failure response does next, and what a phase rollback undoes, in which order. */
export function formatResponse(entry: RollbackMapEntry, phase: ExplainedPhase | undefined): string {
  const rollback = entry.phase_rollback;
  const phaseId = rollback.phase_id;
  const gateId = phase?.gate_id ?? null;
  const who =
    entry.failure_response_source === "gate"
      ? `${gateId ?? phaseId} says ${entry.failure_response}`
      : gateId === null
        ? `${phaseId} has no gate, so it blocks`
        : `${gateId} names no failure_response, so it blocks`;
  const order =
    rollback.order_source === "rollback_procedure"
      ? "in the order its rollback point names"
      : phase?.rollback_point == null
        ? `last first (${phaseId} has no rollback point)`
        : "last first (its rollback point names no step)";
  const undo = `${order}: ${formatUndoList(rollback.undo)}`;
  switch (entry.failure_response) {
    case "rollback":
      return `${who}: ${phaseId} rolls back by itself (exit 1), undoing ${undo}`;
    case "block":
      return `${who}: the run stops (exit 1) until retry or rollback; a rollback undoes ${undo}`;
    case "manual_decision":
      return `${who}: the run pauses (exit 3) for a decision (proceed, retry or rollback); a rollback undoes ${undo}`;
  }
}

/** A gate's failure response, with what it does. */
export function formatGateResponse(response: FailureResponse, source: "gate" | "default"): string {
  const meaning = {
    rollback: "the phase rolls back by itself (exit 1)",
    block: "the run stops (exit 1) until retry or rollback",
    manual_decision: "the run pauses (exit 3) for a decision: proceed, retry or rollback",
  }[response];
  return `${response}${source === "default" ? " (none given)" : ""}: ${meaning}`;
}

export function formatFullRollback(full: FullRollback): string {
  const phases = full.phases.map((p) => `${p.phase_id}: ${formatUndoList(p.undo)}`);
  const wall =
    full.wall === null
      ? []
      : [`WALL at ${full.wall.phase_id} (can_rollback_from_here: false): ${full.wall.phases_kept.join(", ")} ${full.wall.phases_kept.length === 1 ? "stays" : "stay"} as done`];
  const parts = [...phases, ...wall];
  return parts.length === 0 ? "nothing more (no earlier phase)" : `then ${parts.join("; then ")}`;
}

export function formatRollbackPoint(phase: ExplainedPhase): string {
  const point = phase.rollback_point;
  if (point === null) return "none: a phase rollback undoes its succeeded steps, last first";
  const parts = [
    point.wall ? "WALL: a full rollback stops here (can_rollback_from_here: false)" : undefined,
    point.rollback_procedure ? `"${point.rollback_procedure}"` : undefined,
    point.estimated_rollback_duration ? `about ${point.estimated_rollback_duration}` : undefined,
  ];
  return parts.filter((p) => p !== undefined).join(", ") || "given, with no procedure";
}

export function formatFailurePoint(entry: RollbackMapEntry): string {
  return entry.failure_at.kind === "step" ? entry.failure_at.step_id : `gate ${entry.failure_at.gate_id}`;
}

function trim(hours: number): string {
  return String(Math.round(hours * 100) / 100);
}

/** "DS-1" when it runs, "DS-1 (attested)" when a person must attest it. */
export function formatDataset(dataset: ExplainedDataset): string {
  return dataset.runs ? dataset.dataset_id : `${dataset.dataset_id} (attested)`;
}

/** Who signs a strategy gate: one sign-off for manual and hybrid, nobody for automated. */
export function formatSignOff(gate: ExplainedStrategyGate): string {
  if (gate.sign_off_required) return `one sign-off (${gate.type}): bascule approve PLAN ${gate.gate_id}`;
  return gate.type === "automated" ? "none: automated, never waits for a person (a check only a person could answer fails it)" : "none (no type given)";
}

/** A strategy gate's failure response, what it undoes, who is told. */
export function formatStrategyFailure(gate: ExplainedStrategyGate): string {
  const said = gate.failure_response === "manual_decision" ? "manual_review" : gate.failure_response;
  const undone =
    gate.rolls_back === null
      ? "nothing has changed yet, so nothing is undone"
      : `${gate.rolls_back.kind === "step" ? gate.rolls_back.step_id : gate.rolls_back.phase_id} rolls back by itself (exit 1)`;
  const meaning = {
    rollback: undone,
    block: "the run stops (exit 1) until retry or rollback",
    manual_decision: "the run pauses (exit 3) for a decision: proceed, retry or rollback",
  }[gate.failure_response];
  const told = gate.notification.length > 0 ? `; tells ${gate.notification.join(", ")}` : "";
  const escalation = gate.escalation ? `; escalation: ${gate.escalation}` : "";
  return `${said}${gate.failure_response_source === "default" ? " (none given)" : ""}: ${meaning}${told}${escalation}`;
}

/** When a regression suite runs, and what its failure does then. */
export function formatSuiteOccasion(occasion: ExplainedSuiteOccasion): string {
  switch (occasion.at) {
    case "pre_migration":
      return "after prerequisites, before anything changes; a failure fails the run with nothing to undo";
    case "after_gate":
      return `after ${occasion.gate_id}; a failure fails ${occasion.phase_id}, and ${occasion.gate_id}'s ${occasion.failure_response} answers it`;
    case "post_migration":
      return "after the last gate, before completion; a failure pauses the run (exit 3) for a decision";
  }
}

/** While what a risk's trigger is watched: its phases and steps, or the whole run. */
export function formatRiskScope(risk: ExplainedRisk): string {
  const named = [...risk.affected_phases, ...risk.affected_steps];
  if (named.length === 0) return "for the whole run";
  return `while ${named.join(" or ")} ${named.length === 1 ? "is" : "are"} active`;
}

/** When a cleanup task falls due, from completion, with the projected date. */
export function formatCleanupDue(task: ExplainedCleanupTask): string {
  if (task.timing === null) return "no timing given";
  if (task.due_date === null) return `"${task.timing}" (cannot be read as a time after completion)`;
  return `${task.timing} (from about ${formatDate(task.due_date.min)}, overdue after ${formatDate(task.due_date.max)}, if the run completes as projected)`;
}

/** The monitoring period's length, or why the run does not stay open. */
export function formatMonitoringPeriod(period: ExplainedMonitoringPeriod): string {
  if (period.duration_hours === null) {
    const why = period.duration === null ? "no duration" : `"${period.duration}" cannot be read as a duration`;
    return `${why}: the run ends at completion, so nothing here is watched or judged`;
  }
  return `${period.duration} after completion: the run stays open, watching; a full rollback stays possible until it ends`;
}

/** How the monitoring period alerts. */
export function formatAlertSensitivity(period: ExplainedMonitoringPeriod): string {
  return period.alerts_outside_normal_range ? "on leaving the normal range (alert_sensitivity: high)" : "past each alert threshold";
}
