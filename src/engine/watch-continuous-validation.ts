import { formatPlanPath } from "../plan/plan-path.js";
import { backgroundIntervalMs, readBoundCheckAsMetric } from "./engine-metric.js";
import type { Scope } from "./journal-event.js";
import { judgeWatchReadings, samplesOf } from "./measure-condition.js";
import { alertOnCrossing } from "./raise-alert.js";
import type { Decision, RunContext } from "./run-context.js";
import type { RunState } from "./run-state.js";
import { intervalOf } from "./watch-health-checks.js";
import { watchOf } from "./watch-triggers.js";

const runScope: Scope = { kind: "run" };

/**
 * `validation_strategy.continuous_validation` at its frequency, from the first phase's start
 * until completion (SEMANTICS 11.1): automatic checks and executable datasets are read like
 * metrics; a failing one pauses the run for a decision; an alert condition that holds raises
 * an alert and the run goes on. Attestation-only checks cannot run continuously: lint warns.
 */
export function watchContinuousValidation(ctx: RunContext, state: RunState): { decision?: Decision; nextDueMs?: number } {
  if (state.rollback !== undefined || (state.trigger !== undefined && !state.trigger.acknowledged)) return {};
  if (state.completedAtMs !== undefined || state.phases.size === 0) return {};
  const answered = state.trigger?.condition;
  let nextDueMs: number | undefined;
  for (const [i, validation] of (ctx.plan.validation_strategy?.continuous_validation ?? []).entries()) {
    const base = formatPlanPath(["validation_strategy", "continuous_validation", i]);
    const interval = backgroundIntervalMs(Math.max(200, intervalOf(validation.frequency) * state.timeScale), state.backgroundRoundMs);
    const name = validation.validation_id;
    const checks = [
      ...(validation.checks ?? []).map((text, j) => ({ site: `${base}.checks[${j}]`, text, watch: watchOf(ctx, text) })),
      ...(validation.test_dataset_ids ?? []).map((id) => {
        const execution = ctx.datasets.get(id)?.execution;
        return {
          site: `${base}.dataset:${id}`,
          text: id,
          watch: execution ? readBoundCheckAsMetric(id, execution.command, execution.timeoutMs ?? ctx.commandTimeoutMs ?? 60_000) : undefined,
        };
      }),
    ];
    for (const { site, text, watch } of checks) {
      if (watch === undefined || text === answered) continue;
      const samples = samplesOf(state, runScope, site);
      const verdict = judgeWatchReadings(samples, watch.metric, ctx.nowMs, interval);
      if (verdict.kind === "measure") {
        return { decision: { kind: "measure", request: { scope: runScope, site, purpose: "continuous", metric: watch.metric, condition: { text, parsed: watch.condition } } } };
      }
      const failed = verdict.kind === "fail" || (verdict.kind === "value" && !verdict.holds);
      if (failed && samples.length > 0) {
        const why = verdict.kind === "value" ? `${watch.metric.name} read ${verdict.value}` : verdict.kind === "fail" ? verdict.reason : "";
        return {
          decision: {
            kind: "record",
            events: [
              {
                kind: "trigger.fired",
                level: "phase",
                condition: text,
                detail: `continuous validation ${name}: "${text}" failed${why ? ` (${why})` : ""}`,
                needsApproval: true,
                source: { kind: "continuous-validation", validationId: name },
              },
            ],
          },
        };
      }
      nextDueMs = earliest(nextDueMs, (samples[samples.length - 1]?.atMs ?? ctx.nowMs) + interval);
    }
    for (const [j, text] of (validation.alert_conditions ?? []).entries()) {
      const watch = watchOf(ctx, text);
      if (watch === undefined) continue;
      const site = `${base}.alert_conditions[${j}]`;
      const samples = samplesOf(state, runScope, site);
      const verdict = judgeWatchReadings(samples, watch.metric, ctx.nowMs, interval);
      if (verdict.kind === "measure") {
        return { decision: { kind: "measure", request: { scope: runScope, site, purpose: "continuous", metric: watch.metric, condition: { text, parsed: watch.condition } } } };
      }
      const alert = alertOnCrossing(state, samples, (sample) => (sample.holds === true ? "alert" : "normal"), {
        source: "continuous-validation",
        site,
        text,
        detail: `continuous validation ${name}: alert condition "${text}" holds${verdict.kind === "value" ? ` (${watch.metric.name} read ${verdict.value})` : ""}`,
      });
      if (alert !== undefined) return { decision: alert };
      nextDueMs = earliest(nextDueMs, (samples[samples.length - 1]?.atMs ?? ctx.nowMs) + interval);
    }
  }
  return nextDueMs === undefined ? {} : { nextDueMs };
}

function earliest(a: number | undefined, b: number): number {
  return a === undefined ? b : Math.min(a, b);
}
