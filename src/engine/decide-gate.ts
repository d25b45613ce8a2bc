import type { IndexedPhase } from "../plan/plan-index.js";
import { formatPlanPath } from "../plan/plan-path.js";
import { evaluateStage, type StageOutcome } from "./check-stage.js";
import { digestText } from "./evidence-hash.js";
import { currentAttempt } from "./fold-journal.js";
import { type ApprovalRecorded, formatScope, type Scope } from "./journal-event.js";
import type { RunContext } from "./run-context.js";
import { attemptKey, type RunState } from "./run-state.js";

/** The next decision for a phase's validation gate: criteria, datasets, then approvals. */
export function decideGate(ctx: RunContext, state: RunState, indexed: IndexedPhase): StageOutcome {
  const gate = indexed.gate;
  if (gate === undefined) return { kind: "passed" };
  const scope: Scope = { kind: "gate", gateId: gate.gate_id };
  const path = formatPlanPath([...indexed.path, "validation_gate"]);
  const checks = evaluateStage(ctx, state, scope, [
    ...(gate.criteria ?? []).map((text, i) => ({ site: `${path}.criteria[${i}]`, text, field: "criteria" })),
    ...(gate.test_dataset_ids ?? []).map((id) => ({ site: `${path}.dataset:${id}`, text: id, field: "test_dataset_ids", datasetId: id })),
  ]);
  if (checks.kind !== "passed" || gate.approval_required !== true) return checks;
  return decideApprovals(ctx, state, { gateId: gate.gate_id, roles: approverRoles(gate), evidenceScope: scope });
}

/** Once a gate's checks passed: a valid rejection fails it, enough valid approvals pass it, else the run waits for the rest. */
export function decideApprovals(
  ctx: RunContext,
  state: RunState,
  gate: { readonly gateId: string; readonly roles: readonly string[]; readonly evidenceScope: Scope },
): StageOutcome {
  const { gateId, roles } = gate;
  const evidenceHash = gateEvidenceHash(state, gate.evidenceScope);
  const valid = validApprovals(ctx, state, gateId, roles, evidenceHash);
  const rejection = valid.find((a) => a.decision === "reject");
  if (rejection) {
    const comment = rejection.comment ? `: ${rejection.comment}` : "";
    return { kind: "failed", reason: `${rejection.identity} (${rejection.role}) rejected gate ${gateId}${comment}` };
  }
  const signedRoles = new Set(valid.map((a) => a.role));
  const missing = roles.filter((role) => !signedRoles.has(role));
  const enough = ctx.approval.policy === "any" ? signedRoles.size > 0 || roles.length === 0 : missing.length === 0;
  if (enough) return { kind: "passed" };
  return {
    kind: "decision",
    decision: { kind: "pause", waitingFor: { kind: "approvals", gateId, roles: missing, policy: ctx.approval.policy, evidenceHash } },
  };
}

/** What an approver signs besides the plan: the verdicts the gate's checks reached. */
export function gateEvidenceHash(state: RunState, scope: Scope): string {
  const results = state.sites.get(attemptKey(formatScope(scope), currentAttempt(state, scope)));
  const lines = [...(results?.entries() ?? [])].map(([site, r]) => `${site}=${r.verdict}`).sort();
  return digestText(lines.join("\n"));
}

/**
 * Approvals that still count: for this plan and this evidence, by an identity other than
 * whoever started the run (unless allowed), each identity filling at most one listed role.
 */
export function validApprovals(ctx: RunContext, state: RunState, gateId: string, roles: readonly string[], evidenceHash: string): ApprovalRecorded[] {
  const approvals = state.gates.get(gateId)?.approvals ?? [];
  const usedIdentities = new Set<string>();
  const filledRoles = new Set<string>();
  const valid: ApprovalRecorded[] = [];
  for (const approval of approvals) {
    if (approval.planHash !== state.planHash || approval.evidenceHash !== evidenceHash) continue;
    if (!roles.includes(approval.role)) continue;
    if (approval.identity === state.startedBy && !ctx.approval.allowSelfApproval) continue;
    if (approval.decision === "reject") {
      valid.push(approval);
      continue;
    }
    if (usedIdentities.has(approval.identity) || filledRoles.has(approval.role)) continue;
    usedIdentities.add(approval.identity);
    filledRoles.add(approval.role);
    valid.push(approval);
  }
  return valid;
}

/** The roles that must sign a gate; one that requires approval but names nobody needs an "Approver". */
export function approverRoles(gate: { readonly approvers?: readonly string[] | null }): string[] {
  const roles = (gate.approvers ?? []).filter((r) => r.trim() !== "");
  return roles.length > 0 ? roles : ["Approver"];
}
