import type { ExplainedCheck, ExplainedPhase, FailureResponse, FullRollback, HourRange, PlanExplanation, RollbackMapEntry, StepUndo } from "../../planner/plan-explanation.js";

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
