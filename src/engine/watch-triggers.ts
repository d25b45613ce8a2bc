import { formatPlanPath } from "../plan/plan-path.js";
import { parseCondition } from "../plan/values/condition.js";
import { backgroundIntervalMs, readBoundCheckAsMetric, watchIntervalMs } from "./engine-metric.js";
import type { Scope } from "./journal-event.js";
import { judgeWatchReadings, samplesOf } from "./measure-condition.js";
import type { Decision, RunContext } from "./run-context.js";
import type { RunState } from "./run-state.js";

const runScope: Scope = { kind: "run" };

/**
 * Watches the machine-checkable `trigger_conditions` of the plan's rollback levels while the
 * run goes forward (SEMANTICS section 5): a reading that is due comes first; a condition that
 * holds fires its level. Returns `undefined` when nothing needs doing now, plus when next.
 */
export function watchTriggers(ctx: RunContext, state: RunState): { decision?: Decision; nextDueMs?: number } {
  // Nothing new fires while a trigger awaits its decision or a rollback runs; a trigger
  // someone decided to go on past is not watched again.
  if (state.rollback !== undefined || (state.trigger !== undefined && !state.trigger.acknowledged)) return {};
  const answered = state.trigger?.condition;
  const interval = backgroundIntervalMs(watchIntervalMs(state.timeScale), state.backgroundRoundMs);
  let nextDueMs: number | undefined;
  const levels = ctx.plan.rollback_strategy?.rollback_levels ?? [];
  for (const [i, level] of levels.entries()) {
    if (!level.level) continue;
    for (const [j, text] of (level.trigger_conditions ?? []).entries()) {
      if (text === answered) continue;
      const watch = watchOf(ctx, text);
      if (watch === undefined) continue;
      const { metric, condition } = watch;
      const site = `${formatPlanPath(["rollback_strategy", "rollback_levels", i, "trigger_conditions", j])}`;
      const samples = samplesOf(state, runScope, site);
      const verdict = judgeWatchReadings(samples, metric, ctx.nowMs, interval);
      if (verdict.kind === "measure") {
        return { decision: { kind: "measure", request: { scope: runScope, site, purpose: "trigger", metric, condition: { text, parsed: condition } } } };
      }
      if (verdict.kind === "value" && verdict.holds) {
        const detail = metric.name === text ? `rollback trigger "${text}" held` : `rollback trigger "${text}" held (${metric.name} read ${verdict.value})`;
        return {
          decision: {
            kind: "record",
            events: [
              {
                kind: "trigger.fired",
                level: level.level,
                condition: text,
                detail,
                needsApproval: level.approval_required === true,
                ...(level.decision_maker ? { decisionMaker: level.decision_maker } : {}),
              },
            ],
          },
        };
      }
      // Missing readings never fire a rollback on their own; they are read again next time.
      const last = samples[samples.length - 1];
      const due = verdict.kind === "wait" ? verdict.untilMs : (last?.atMs ?? ctx.nowMs) + interval;
      nextDueMs = nextDueMs === undefined ? due : Math.min(nextDueMs, due);
    }
  }
  return { nextDueMs };
}

/** A condition the engine can watch: on a known metric, or prose bound to a command. */
export function watchOf(ctx: RunContext, text: string) {
  const bound = ctx.vocabulary.boundChecks.get(text);
  if (bound !== undefined) return readBoundCheckAsMetric(text, bound, ctx.commandTimeoutMs ?? 60_000);
  const parsed = parseCondition(text);
  const metric = parsed.kind === "ok" ? ctx.metrics.get(parsed.value.metricKey) : undefined;
  return parsed.kind === "ok" && metric !== undefined ? { metric, condition: parsed.value } : undefined;
}
