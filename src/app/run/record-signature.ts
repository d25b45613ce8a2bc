import { gateEvidenceHash, validApprovals } from "../../engine/decide-gate.js";
import { findGateDefinition, gateIds } from "../../engine/gate-definitions.js";
import type { AwaitedAttestation, JournalEvent } from "../../engine/journal-event.js";
import type { RunState, SuiteRunState } from "../../engine/run-state.js";
import { didYouMean } from "../../lint/closest-match.js";
import type { Actor } from "../../ports/actor.js";
import type { Clock } from "../../ports/clock.js";
import { type Refusal, refusal } from "../run-service/refusal.js";
import { rolesForIdentity } from "../bindings/approver-identities.js";
import { readCurrentRun } from "./current-run.js";
import { runPlanHash } from "./fingerprint-plan.js";
import type { RunSession } from "./run-session.js";
import { buildContext } from "./run-plan.js";

export type Recorded = { readonly kind: "recorded"; readonly runId: string; readonly events: readonly JournalEvent[]; readonly notes: readonly string[] };

/** What a person's word is recorded through: the plan's session, the clock that stamps it, and who gives it. */
export interface Signer {
  readonly session: RunSession;
  readonly clock: Clock;
  readonly actor: Actor;
}

/** Sign a gate as one of its approver roles, or reject it: the approver is the actor. */
export async function recordApproval(signer: Signer, input: Omit<ApprovalInput, "identity">): Promise<Recorded | Refusal> {
  const { session } = signer;
  const current = await readWaitingRun(session);
  if (current.kind === "refused") return current;
  const { run, state } = current;
  const checked = checkApproval(session, state, { ...input, identity: signer.actor.name });
  if (checked.kind === "refused") return checked;
  const notes =
    runPlanHash(session, state) !== state.planHash ? ["the plan changed since the run last ran: this approval counts for the plan as it is now, once the run continues"] : [];
  return append(signer, run.runId, [checked.event], notes);
}

export interface ApprovalInput {
  readonly gateId: string;
  /** Who signs: the actor's name. */
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
export function checkApproval(session: RunSession, state: RunState, input: ApprovalInput): { kind: "approval"; event: JournalEvent } | Refusal {
  const gate = findGateDefinition(session.plan, session.index, input.gateId);
  if (gate === undefined) {
    return refusal("unknown-target", `the plan has no gate ${JSON.stringify(input.gateId)}${didYouMean(input.gateId, gateIds(session.plan, session.index))}`);
  }
  if (!gate.approvalRequired) return refusal("bad-request", `gate ${input.gateId} does not require approval`);
  const waiting = state.waitingFor;
  if (waiting?.kind !== "approvals" || waiting.gateId !== input.gateId) {
    return refusal("not-waiting", `gate ${input.gateId} is not waiting for approval (the run is ${describeWait(state)}); approvals are given once the gate's checks have run`);
  }
  const roles = gate.roles;
  const context = { ...buildContext({ session, actor: input.identity, ignoreWindow: false }, new Map()), nowMs: 0 };
  const valid = validApprovals(context, state, input.gateId, roles, gateEvidenceHash(state, gate.evidenceScope));
  const already = valid.find((a) => a.identity === input.identity && a.decision === "approve");
  if (already) return refusal("not-permitted", `${input.identity} already approved ${input.gateId} as ${already.role}; one person cannot fill two roles`);
  if (input.identity === state.startedBy && !session.bindings.approval.allowSelfApproval) {
    return refusal("not-permitted", `${input.identity} started this run and cannot approve its gates (set approval.allow_self_approval in the bindings to allow it)`);
  }
  const filled = new Set(valid.filter((a) => a.decision === "approve").map((a) => a.role));
  const mayFill = rolesForIdentity(session.bindings, input.identity, roles);
  let role = input.role;
  if (role !== undefined && !mayFill.includes(role)) {
    return refusal("not-permitted", `${input.identity} may not sign ${input.gateId} as ${JSON.stringify(role)}; roles ${input.identity} may fill: ${mayFill.join(", ") || "none"}`);
  }
  if (role === undefined) {
    const open = mayFill.filter((r) => !filled.has(r));
    if (mayFill.length === 0) {
      const first = roles[0];
      return refusal(
        "not-permitted",
        `${input.identity} is not an approver of ${input.gateId} (approvers: ${roles.join(", ")}); with no bindings, sign as the role's own name`,
        first === undefined ? [] : [{ kind: "sign-as-role", role: first }],
      );
    }
    if (open.length === 0) return refusal("not-permitted", `every role ${input.identity} may fill on ${input.gateId} is already signed`);
    if (open.length > 1) return refusal("ambiguous", `${input.identity} may sign ${input.gateId} as ${open.join(" or ")}; say which role`, [{ kind: "choose-role", roles: open }]);
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

/** A person (the actor) vouches that a check the run waits on holds (or does not). */
export async function recordAttestation(signer: Signer, input: { text: string; evidence?: string; failed: boolean }): Promise<Recorded | Refusal> {
  const current = await readWaitingRun(signer.session);
  if (current.kind === "refused") return current;
  const waiting = current.state.waitingFor;
  if (waiting?.kind !== "attestations") return refusal("not-waiting", `the run is not waiting for attestations (it is ${describeWait(current.state)})`);
  const matches = waiting.items.filter((item) => item.text === input.text);
  if (matches.length === 0) {
    const texts = waiting.items.map((i) => i.text);
    return refusal(
      "not-waiting",
      `the run is not waiting for ${JSON.stringify(input.text)}${didYouMean(input.text, texts)}; it waits for: ${texts.map((t) => JSON.stringify(t)).join(", ")}`,
    );
  }
  return append(signer, current.run.runId, attestationEvents(matches, { by: signer.actor.name, evidence: input.evidence, failed: input.failed }), []);
}

/** The attestation events for items a run waits on, as one person gives them. */
export function attestationEvents(
  items: readonly { readonly scope: AwaitedAttestation["scope"]; readonly site: AwaitedAttestation["site"]; readonly text: string }[],
  input: { readonly by: string; readonly evidence?: string; readonly failed: boolean },
): JournalEvent[] {
  return items.map((item) => ({
    kind: "attestation.recorded",
    scope: item.scope,
    site: item.site,
    text: item.text,
    by: input.by,
    verdict: input.failed ? "failed" : "passed",
    ...(input.evidence ? { evidence: input.evidence } : {}),
  }));
}

/** Say (as the actor) what became of a step that was interrupted while it ran. */
export async function recordResolution(signer: Signer, input: { stepId: string; as: "succeeded" | "failed" | "rerun" }): Promise<Recorded | Refusal> {
  const current = await readWaitingRun(signer.session);
  if (current.kind === "refused") return current;
  const suite = suiteInDoubt(current.state, input.stepId);
  if (suite !== undefined) return append(signer, current.run.runId, [suiteResolution(suite, input.as, signer.actor.name)], []);
  const step = current.state.steps.get(input.stepId);
  if (step?.status !== "in_doubt") {
    const reason = signer.session.index.stepsById.has(input.stepId) ? "not-waiting" : "unknown-target";
    return refusal(reason, `step ${input.stepId} is not in doubt (it is ${step?.status ?? "not started"}); only an interrupted step needs resolving`);
  }
  return append(signer, current.run.runId, [resolutionEvent(input.stepId, input.as, signer.actor.name)], []);
}

/** A regression suite the run waits on because it was interrupted while it ran. */
function suiteInDoubt(state: RunState, suiteId: string): SuiteRunState | undefined {
  const waiting = state.waitingFor;
  if (waiting?.kind !== "in-doubt" || waiting.stepId !== suiteId) return undefined;
  return [...state.suites.values()].find((s) => s.suiteId === suiteId && s.status === "running");
}

function suiteResolution(suite: SuiteRunState, as: "succeeded" | "failed" | "rerun", by: string): JournalEvent {
  if (as === "succeeded") return { kind: "suite.passed", suiteId: suite.suiteId, at: suite.at, override: `resolved as succeeded by ${by}` };
  if (as === "failed") return { kind: "suite.failed", suiteId: suite.suiteId, at: suite.at, reason: `resolved as failed by ${by}` };
  return { kind: "suite.started", suiteId: suite.suiteId, at: suite.at, attempt: suite.attempt + 1 };
}

export function resolutionEvent(stepId: string, as: "succeeded" | "failed" | "rerun", by: string): JournalEvent {
  return { kind: "step.resolved", stepId, as, by, automatic: false };
}

/** The decision events for `decide` and `retry`, checked against what the run allows now. */
export function decisionEvents(state: RunState, decision: "proceed" | "retry" | "rollback", by: string): readonly JournalEvent[] | Refusal {
  const awaiting = state.awaitingDecision;
  if (awaiting?.options.includes(decision)) return [{ kind: "decision.recorded", decision, by }];
  if (decision === "retry" && (state.status === "rolled_back" || state.status === "failed")) return [{ kind: "decision.recorded", decision, by }];
  const allowed = awaiting ? awaiting.options.join(", ") : "nothing";
  return refusal("not-waiting", `the run does not wait for a decision to ${decision} (it is ${describeWait(state)}; allowed now: ${allowed})`);
}

async function append(signer: Signer, runId: string, events: readonly JournalEvent[], notes: readonly string[]): Promise<Recorded> {
  await signer.session.store.append(runId, events, new Date(signer.clock.now()).toISOString(), undefined, { actor: signer.actor });
  return { kind: "recorded", runId, events, notes };
}

async function readWaitingRun(session: RunSession) {
  const current = await readCurrentRun(session);
  if (current.kind === "none") return current.refusal;
  if (current.run.status === "completed" || current.run.status === "rolled_back") {
    return refusal("run-ended", `run ${current.run.runId} has ended (${current.run.status}); nothing waits for this`);
  }
  return current;
}

function describeWait(state: RunState): string {
  if (state.status !== "paused") return state.status;
  return `paused for ${state.waitingFor?.kind ?? "nothing"}`;
}
