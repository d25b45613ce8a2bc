import { formatPlanPath } from "../plan/plan-path.js";
import { criterionCheckText } from "../plan/strategy-criterion.js";
import { type GateAttachment, type IndexedStrategyGate, indexStrategyGates } from "../plan/strategy-gate-location.js";
import type { Plan } from "../plan/schema/plan-schema.js";
import { evaluateStage, type Site, type StageOutcome } from "./check-stage.js";
import { decideApprovals } from "./decide-gate.js";
import { findGateDefinition, strategyGateResponse } from "./gate-definitions.js";
import type { JournalEvent, Scope } from "./journal-event.js";
import type { Decision, RunContext } from "./run-context.js";
import type { RunState } from "./run-state.js";

// The plan is immutable for a run's context: its gates' attachments are read once.
const attachedGates = new WeakMap<Plan, IndexedStrategyGate[]>();

export function strategyGatesOf(ctx: Pick<RunContext, "plan" | "index">): readonly IndexedStrategyGate[] {
  let gates = attachedGates.get(ctx.plan);
  if (gates === undefined) {
    gates = indexStrategyGates(ctx.plan, ctx.index);
    attachedGates.set(ctx.plan, gates);
  }
  return gates;
}

/**
 * The next decision for the strategy gates attached at `where` (SEMANTICS 11.1), or
 * undefined when all of them passed. `phaseId` owns them ("" before the first phase).
 */
export function decideStrategyGates(ctx: RunContext, state: RunState, where: Exclude<GateAttachment, { kind: "unresolved" }>, phaseId: string): Decision | undefined {
  for (const entry of strategyGatesOf(ctx)) {
    if (!sameAttachment(entry.attachment, where)) continue;
    const gateId = entry.gate.gate_id;
    const status = state.gates.get(gateId)?.status ?? "pending";
    if (status === "passed") continue;
    if (status === "pending") return record({ kind: "gate.started", gateId, phaseId });
    // A failed gate's failure is answered before the run comes back here (decideFailure).
    if (status === "failed") return { kind: "finish", status: "failed" };
    const outcome = evaluateStrategyGate(ctx, state, entry);
    if (outcome.kind === "passed") return record({ kind: "gate.passed", gateId });
    if (outcome.kind === "decision") return outcome.decision;
    const reason = outcome.kind === "failed" ? outcome.reason : `interrupted while running ${outcome.actionId}`;
    return record({ kind: "gate.failed", gateId, reason, ...(phaseId === "" ? { response: strategyGateResponse(entry.gate) } : {}) });
  }
  return undefined;
}

function evaluateStrategyGate(ctx: RunContext, state: RunState, { gate, path }: IndexedStrategyGate): StageOutcome {
  const scope: Scope = { kind: "gate", gateId: gate.gate_id };
  const base = formatPlanPath(path);
  const sites: Site[] = [];
  (gate.criteria ?? []).forEach((criterion, i) => {
    const text = criterionCheckText(criterion);
    if (text !== undefined) sites.push({ site: `${base}.criteria[${i}]`, text, field: "criteria" });
    const datasetId = criterion.test_dataset_id;
    if (datasetId) sites.push({ site: `${base}.criteria[${i}].test_dataset_id`, text: datasetId, field: "test_dataset_id", datasetId });
  });
  const checks = evaluateStage(ctx, state, scope, sites);
  // An automated gate never waits for a person: what only a person could check fails it.
  if (gate.type === "automated" && checks.kind === "decision" && checks.decision.kind === "pause" && checks.decision.waitingFor.kind === "attestations") {
    const texts = checks.decision.waitingFor.items.map((item) => `"${item.text}"`).join(", ");
    return { kind: "failed", reason: `automated gate ${gate.gate_id} cannot check ${texts} without a person` };
  }
  if (checks.kind !== "passed") return checks;
  const definition = findGateDefinition(ctx.plan, ctx.index, gate.gate_id);
  if (definition === undefined || !definition.approvalRequired) return checks;
  return decideApprovals(ctx, state, definition);
}

function sameAttachment(a: GateAttachment, b: GateAttachment): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "phase" && b.kind === "phase") return a.phaseId === b.phaseId;
  if (a.kind === "step" && b.kind === "step") return a.stepId === b.stepId;
  return a.kind === "start";
}

function record(event: JournalEvent): Decision {
  return { kind: "record", events: [event] };
}
