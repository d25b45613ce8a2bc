import type { PlanIndex } from "../plan/plan-index.js";
import type { Plan, StrategyGate } from "../plan/schema/plan-schema.js";
import { approverRoles } from "./decide-gate.js";
import type { FailureResponse, Scope } from "./journal-event.js";
import { completeGateId } from "./run-state.js";

/** What signing a gate means, wherever the plan defines it: a phase's gate, a strategy gate, `COMPLETE`. */
export interface GateDefinition {
  readonly gateId: string;
  readonly kind: "phase" | "strategy" | "complete";
  readonly approvalRequired: boolean;
  readonly roles: readonly string[];
  /** Whose check verdicts an approver signs: a change to them voids the approval. */
  readonly evidenceScope: Scope;
}

export function findGateDefinition(plan: Plan, index: PlanIndex, gateId: string): GateDefinition | undefined {
  const phaseGate = index.gatePhases.get(gateId)?.gate;
  if (phaseGate !== undefined) {
    return { gateId, kind: "phase", approvalRequired: phaseGate.approval_required === true, roles: approverRoles(phaseGate), evidenceScope: { kind: "gate", gateId } };
  }
  const strategy = findStrategyGate(plan, gateId);
  if (strategy !== undefined) {
    // SEMANTICS 11.1: manual and hybrid gates need one sign-off; automated ones never wait for a person.
    return {
      gateId,
      kind: "strategy",
      approvalRequired: strategy.type === "manual" || strategy.type === "hybrid",
      roles: approverRoles({}),
      evidenceScope: { kind: "gate", gateId },
    };
  }
  const complete = plan.success_criteria?.migration_complete_definition;
  if (gateId === completeGateId && complete?.approval_required === true) {
    return { gateId, kind: "complete", approvalRequired: true, roles: approverRoles(complete), evidenceScope: { kind: "run" } };
  }
  return undefined;
}

/** Every gate id a person could be asked to sign, for did-you-mean. */
export function gateIds(plan: Plan, index: PlanIndex): string[] {
  const ids = [...index.gatePhases.keys(), ...(plan.validation_strategy?.validation_gates ?? []).map((g) => g.gate_id)];
  if (plan.success_criteria?.migration_complete_definition?.approval_required === true) ids.push(completeGateId);
  return ids;
}

export function findStrategyGate(plan: Plan, gateId: string): StrategyGate | undefined {
  return (plan.validation_strategy?.validation_gates ?? []).find((g) => g.gate_id === gateId);
}

/** A strategy gate's `failure_handling.response` in the engine's words (`manual_review` is a decision). */
export function strategyGateResponse(gate: StrategyGate): FailureResponse {
  switch (gate.failure_handling?.response) {
    case "rollback":
      return "rollback";
    case "manual_review":
      return "manual_decision";
    default:
      return "block";
  }
}
