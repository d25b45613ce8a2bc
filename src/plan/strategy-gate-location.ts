import type { PlanIndex } from "./plan-index.js";
import type { PlanPath } from "./plan-path.js";
import type { Plan, StrategyGate } from "./schema/plan-schema.js";

/** Where a `validation_strategy.validation_gates[]` entry joins the run (SEMANTICS 11.1). */
export type GateAttachment =
  /** After prerequisites, before the first phase starts (`Before PHASE-1`). */
  | { readonly kind: "start" }
  /** After the phase's own validation gate, before the phase completes. */
  | { readonly kind: "phase"; readonly phaseId: string }
  /** After the step succeeds, before the next step starts. */
  | { readonly kind: "step"; readonly stepId: string; readonly phaseId: string }
  | { readonly kind: "unresolved"; readonly reason: string };

export interface IndexedStrategyGate {
  readonly gate: StrategyGate;
  readonly path: PlanPath;
  readonly attachment: GateAttachment;
}

/**
 * Reads a gate's `location`: a phase, step or gate id, also in prose (`After PHASE-2`,
 * `PHASE-2 / STEP-2-1`, `Phase 2` by order, `Before PHASE-3` = after the previous phase).
 */
export function resolveGateLocation(location: string | null | undefined, index: PlanIndex): GateAttachment {
  const text = (location ?? "").trim();
  if (text === "") return { kind: "unresolved", reason: "the gate has no location" };
  const before = /^before\s+/i.test(text);
  const rest = text.replace(/^(before|after|at|end of|following)\s+/i, "");
  // The most specific part wins: `PHASE-2 / STEP-2-1` is the step.
  const parts = rest
    .split(/\s*(?:\/|>|,|:|\bthen\b)\s*/i)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  for (const part of [...parts].reverse()) {
    const found = resolvePart(part, index);
    // A misspelled id must not quietly attach the gate to a wider place named before it.
    if (found === undefined && /\b[a-z][a-z0-9_]*-\d/i.test(part)) return { kind: "unresolved", reason: `"${part}" names no phase, step or gate of the plan` };
    if (found === undefined) continue;
    if (!before) return found;
    return beforeOf(found, index);
  }
  return { kind: "unresolved", reason: `"${text}" names no phase, step or gate of the plan` };
}

export function indexStrategyGates(plan: Plan, index: PlanIndex): IndexedStrategyGate[] {
  return (plan.validation_strategy?.validation_gates ?? []).map((gate, i) => ({
    gate,
    path: ["validation_strategy", "validation_gates", i],
    attachment: resolveGateLocation(gate.location, index),
  }));
}

function resolvePart(part: string, index: PlanIndex): GateAttachment | undefined {
  const step = findById(index.stepsById, part);
  if (step !== undefined) return { kind: "step", stepId: step.step.step_id, phaseId: step.phase.phase_id };
  const phase = findById(index.phasesById, part) ?? findById(index.gatePhases, part);
  if (phase !== undefined) return { kind: "phase", phaseId: phase.phase.phase_id };
  // `Phase 2`, `phase 2 gate`: by the phase's order, else its position.
  const ordinal = /^phase\s*#?\s*(\d+)\b/i.exec(part);
  if (ordinal?.[1] !== undefined) {
    const n = Number(ordinal[1]);
    const byOrder = index.phases.find((p) => p.phase.order === n) ?? index.phases[n - 1];
    if (byOrder !== undefined) return { kind: "phase", phaseId: byOrder.phase.phase_id };
  }
  return undefined;
}

function findById<T>(map: ReadonlyMap<string, T>, part: string): T | undefined {
  const exact = map.get(part);
  if (exact !== undefined) return exact;
  const word = part.replace(/\s+(gate|phase|step|passed|completed?)$/i, "").trim();
  for (const [id, value] of map) if (id.toLowerCase() === word.toLowerCase()) return value;
  return undefined;
}

/** `Before X`: after whatever runs just before X. */
function beforeOf(found: GateAttachment, index: PlanIndex): GateAttachment {
  if (found.kind === "phase") {
    const at = index.phases.findIndex((p) => p.phase.phase_id === found.phaseId);
    const previous = index.phases[at - 1];
    return previous === undefined ? { kind: "start" } : { kind: "phase", phaseId: previous.phase.phase_id };
  }
  if (found.kind === "step") {
    const step = index.stepsById.get(found.stepId);
    const previous = step === undefined ? undefined : index.steps[step.sequence - 1];
    if (previous === undefined) return { kind: "start" };
    // The step before, if in the same phase; else after the previous phase's gate.
    return previous.phase.phase_id === found.phaseId
      ? { kind: "step", stepId: previous.step.step_id, phaseId: found.phaseId }
      : { kind: "phase", phaseId: previous.phase.phase_id };
  }
  return found;
}

/** Words for an attachment: "after PHASE-2's gate", "after STEP-2-1 succeeds". */
export function describeAttachment(attachment: GateAttachment): string {
  switch (attachment.kind) {
    case "start":
      return "before the first phase starts";
    case "phase":
      return `after ${attachment.phaseId}'s own gate`;
    case "step":
      return `after ${attachment.stepId} succeeds`;
    case "unresolved":
      return attachment.reason;
  }
}
