import { approverRoles, gateEvidenceHash, validApprovals } from "../../engine/decide-gate.js";
import type { JournalEvent } from "../../engine/journal-event.js";
import type { RunState } from "../../engine/run-state.js";
import { didYouMean } from "../../lint/closest-match.js";
import { rolesForIdentity } from "../bindings/approver-identities.js";
import { readCurrentRun } from "./current-run.js";
import { runPlanHash } from "./fingerprint-plan.js";
import type { RunSession } from "./run-session.js";
import { buildContext } from "./run-plan.js";

export type Recorded = { readonly kind: "recorded"; readonly runId: string; readonly events: readonly JournalEvent[]; readonly notes: readonly string[] };
export type Refused = { readonly kind: "refused"; readonly message: string; readonly exitCode: 1 | 2 | 3 | 4 };

/** `bascule approve`: sign a gate as one of its approver roles, or reject it. */
export async function recordApproval(session: RunSession, input: ApprovalInput): Promise<Recorded | Refused> {
  const current = await readWaitingRun(session);
  if (current.kind === "refused") return current;
  const { run, state } = current;
  const checked = checkApproval(session, state, input);
  if (checked.kind === "refused") return checked;
  const notes = runPlanHash(session, state) !== state.planHash ? ["the plan changed since the run last ran: this approval counts for the plan as it is now, once the run continues"] : [];
  await session.store.append(run.runId, [checked.event], new Date().toISOString());
  return { kind: "recorded", runId: run.runId, events: [checked.event], notes };
}

export interface ApprovalInput {
  readonly gateId: string;
  readonly identity: string;
  readonly role?: string;
  readonly reject: boolean;
  readonly comment?: string;
}

/**
 * The approval event for a gate the run waits on, or why it cannot be given: the gate must
 * await approval, the identity must be bound to one of its open roles, must not have signed
 * another role, and must not be the run's starter unless the bindings allow it.
 */
export function checkApproval(session: RunSession, state: RunState, input: ApprovalInput): { kind: "approval"; event: JournalEvent } | Refused {
  const phase = session.index.gatePhases.get(input.gateId);
  const gate = phase?.gate;
  if (gate === undefined) {
    return refuse(`the plan has no gate ${JSON.stringify(input.gateId)}${didYouMean(input.gateId, session.index.gatePhases.keys())}`, 2);
  }
  if (gate.approval_required !== true) return refuse(`gate ${input.gateId} does not require approval`, 2);
  const waiting = state.waitingFor;
  if (waiting?.kind !== "approvals" || waiting.gateId !== input.gateId) {
    return refuse(`gate ${input.gateId} is not waiting for approval (the run is ${describeWait(state)}); approvals are given once the gate's checks have run`, 2);
  }
  const roles = approverRoles(gate);
  const context = { ...buildContext({ session, actor: input.identity, ignoreWindow: false }, new Map()), nowMs: 0 };
  const valid = validApprovals(context, state, input.gateId, roles, gateEvidenceHash(state, { kind: "gate", gateId: input.gateId }));
  const already = valid.find((a) => a.identity === input.identity && a.decision === "approve");
  if (already) return refuse(`${input.identity} already approved ${input.gateId} as ${already.role}; one person cannot fill two roles`, 2);
  if (input.identity === state.startedBy && !session.bindings.approval.allowSelfApproval) {
    return refuse(`${input.identity} started this run and cannot approve its gates (set approval.allow_self_approval in the bindings to allow it)`, 2);
  }
  const filled = new Set(valid.filter((a) => a.decision === "approve").map((a) => a.role));
  const mayFill = rolesForIdentity(session.bindings, input.identity, roles);
  let role = input.role;
  if (role !== undefined && !mayFill.includes(role)) {
    return refuse(`${input.identity} may not sign ${input.gateId} as ${JSON.stringify(role)}; roles ${input.identity} may fill: ${mayFill.join(", ") || "none"}`, 2);
  }
  if (role === undefined) {
    const open = mayFill.filter((r) => !filled.has(r));
    if (mayFill.length === 0) {
      return refuse(`${input.identity} is not an approver of ${input.gateId} (approvers: ${roles.join(", ")}); with no bindings, sign as the role's own name, e.g. --as ${JSON.stringify(roles[0] ?? "")}`, 2);
    }
    if (open.length === 0) return refuse(`every role ${input.identity} may fill on ${input.gateId} is already signed`, 2);
    if (open.length > 1) return refuse(`${input.identity} may sign ${input.gateId} as ${open.join(" or ")}; choose one with --role`, 2);
    role = open[0] as string;
  }
  return {
    kind: "approval",
    event: {
      kind: "approval.recorded",
      gateId: input.gateId,
      role,
      identity: input.identity,
      decision: input.reject ? "reject" : "approve",
      ...(input.comment ? { comment: input.comment } : {}),
      // Bound to the plan's content as the run continues with it: status written back is no change.
      planHash: runPlanHash(session, state),
      evidenceHash: waiting.evidenceHash,
    },
  };
}

/** `bascule attest`: a person vouches that a check the run waits on holds (or does not). */
export async function recordAttestation(
  session: RunSession,
  input: { text: string; by: string; evidence?: string; failed: boolean },
): Promise<Recorded | Refused> {
  const current = await readWaitingRun(session);
  if (current.kind === "refused") return current;
  const waiting = current.state.waitingFor;
  if (waiting?.kind !== "attestations") return refuse(`the run is not waiting for attestations (it is ${describeWait(current.state)})`, 2);
  const matches = waiting.items.filter((item) => item.text === input.text);
  if (matches.length === 0) {
    const texts = waiting.items.map((i) => i.text);
    return refuse(`the run is not waiting for ${JSON.stringify(input.text)}${didYouMean(input.text, texts)}; it waits for: ${texts.map((t) => JSON.stringify(t)).join(", ")}`, 2);
  }
  const events: JournalEvent[] = matches.map((item) => ({
    kind: "attestation.recorded",
    scope: item.scope,
    site: item.site,
    text: item.text,
    by: input.by,
    verdict: input.failed ? "failed" : "passed",
    ...(input.evidence ? { evidence: input.evidence } : {}),
  }));
  await session.store.append(current.run.runId, events, new Date().toISOString());
  return { kind: "recorded", runId: current.run.runId, events, notes: [] };
}

/** `bascule resolve`: say what became of a step that was interrupted while it ran. */
export async function recordResolution(
  session: RunSession,
  input: { stepId: string; as: "succeeded" | "failed" | "rerun"; by: string },
): Promise<Recorded | Refused> {
  const current = await readWaitingRun(session);
  if (current.kind === "refused") return current;
  const step = current.state.steps.get(input.stepId);
  if (step?.status !== "in_doubt") {
    return refuse(`step ${input.stepId} is not in doubt (it is ${step?.status ?? "not started"}); only an interrupted step needs resolving`, 2);
  }
  const events: JournalEvent[] = [{ kind: "step.resolved", stepId: input.stepId, as: input.as, by: input.by, automatic: false }];
  await session.store.append(current.run.runId, events, new Date().toISOString());
  return { kind: "recorded", runId: current.run.runId, events, notes: [] };
}

/** The decision events for `decide` and `retry`, checked against what the run allows now. */
export function decisionEvents(state: RunState, decision: "proceed" | "retry" | "rollback", by: string): readonly JournalEvent[] | Refused {
  const awaiting = state.awaitingDecision;
  if (awaiting?.options.includes(decision)) return [{ kind: "decision.recorded", decision, by }];
  if (decision === "retry" && (state.status === "rolled_back" || state.status === "failed")) return [{ kind: "decision.recorded", decision, by }];
  const allowed = awaiting ? awaiting.options.join(", ") : "nothing";
  return refuse(`the run does not wait for a decision to ${decision} (it is ${describeWait(state)}; allowed now: ${allowed})`, 2);
}

async function readWaitingRun(session: RunSession) {
  const current = await readCurrentRun(session);
  if (current.kind === "none") return refuse(current.message, 2);
  if (current.run.status === "completed" || current.run.status === "rolled_back") {
    return refuse(`run ${current.run.runId} has ended (${current.run.status}); nothing waits for this`, 2);
  }
  return current;
}

function describeWait(state: RunState): string {
  if (state.status !== "paused") return state.status;
  return `paused for ${state.waitingFor?.kind ?? "nothing"}`;
}

function refuse(message: string, exitCode: 1 | 2 | 3 | 4): Refused {
  return { kind: "refused", message, exitCode };
}
