import { formatPlanPath } from "../plan/plan-path.js";
import type { MigrationRisk } from "../plan/schema/plan-schema.js";
import { backgroundIntervalMs, watchIntervalMs } from "./engine-metric.js";
import type { Scope } from "./journal-event.js";
import { judgeWatchReadings, samplesOf } from "./measure-condition.js";
import type { Decision, RunContext } from "./run-context.js";
import type { RunState } from "./run-state.js";
import { watchOf } from "./watch-triggers.js";

const runScope: Scope = { kind: "run" };

/**
 * Each risk's machine-readable `contingency.trigger`, watched while a phase or step it names
 * is active, or the whole run when it names none (SEMANTICS 11.1). When it holds the risk is
 * realised: journaled, and the run pauses for a decision that shows the contingency's action.
 */
export function watchRisks(ctx: RunContext, state: RunState): { decision?: Decision; nextDueMs?: number } {
  if (state.rollback !== undefined || (state.trigger !== undefined && !state.trigger.acknowledged)) return {};
  if (state.completedAtMs !== undefined) return {};
  const interval = backgroundIntervalMs(watchIntervalMs(state.timeScale), state.backgroundRoundMs);
  let nextDueMs: number | undefined;
  for (const [i, risk] of (ctx.plan.risk_mitigation?.migration_risks ?? []).entries()) {
    const text = risk.contingency?.trigger;
    if (!text || state.realisedRisks.has(risk.risk_id) || !isActive(risk, state)) continue;
    const watch = watchOf(ctx, text);
    if (watch === undefined) continue;
    const site = formatPlanPath(["risk_mitigation", "migration_risks", i, "contingency", "trigger"]);
    const samples = samplesOf(state, runScope, site);
    const verdict = judgeWatchReadings(samples, watch.metric, ctx.nowMs, interval);
    if (verdict.kind === "measure") {
      return { decision: { kind: "measure", request: { scope: runScope, site, purpose: "risk", metric: watch.metric, condition: { text, parsed: watch.condition } } } };
    }
    if (verdict.kind === "value" && verdict.holds) {
      const action = risk.contingency?.action ?? undefined;
      const responsibleParty = risk.contingency?.responsible_party ?? undefined;
      return {
        decision: {
          kind: "record",
          events: [
            {
              kind: "trigger.fired",
              level: "phase",
              condition: text,
              detail: `risk ${risk.risk_id} realised: "${text}" held (${watch.metric.name} read ${verdict.value})${action ? `; contingency: ${action}` : ""}`,
              needsApproval: true,
              ...(responsibleParty ? { decisionMaker: responsibleParty } : {}),
              source: { kind: "risk", riskId: risk.risk_id, ...(action ? { action } : {}), ...(responsibleParty ? { responsibleParty } : {}) },
            },
          ],
        },
      };
    }
    const last = samples[samples.length - 1];
    const due = verdict.kind === "wait" ? verdict.untilMs : (last?.atMs ?? ctx.nowMs) + interval;
    nextDueMs = nextDueMs === undefined ? due : Math.min(nextDueMs, due);
  }
  return nextDueMs === undefined ? {} : { nextDueMs };
}

function isActive(risk: MigrationRisk, state: RunState): boolean {
  const phases = risk.affected_phases ?? [];
  const steps = risk.affected_steps ?? [];
  if (phases.length === 0 && steps.length === 0) return true;
  return phases.some((id) => state.phases.get(id) === "running") || steps.some((id) => state.steps.get(id)?.status === "running");
}
