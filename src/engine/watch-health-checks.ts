import { parseDuration } from "../plan/values/duration.js";
import { backgroundIntervalMs, readBoundCheckAsMetric } from "./engine-metric.js";
import type { JournalEvent, Scope } from "./journal-event.js";
import { judgeWatchReadings, samplesOf } from "./measure-condition.js";
import type { Decision, RunContext } from "./run-context.js";
import type { RunState } from "./run-state.js";

const runScope: Scope = { kind: "run" };

/** What a health check's `failure_response` asks for, read from its words. */
export type HealthResponse = { readonly kind: "rollback"; readonly level: "step" | "phase" | "full" } | { readonly kind: "pause" } | { readonly kind: "notify" };

export function readHealthResponse(text: string | null | undefined): HealthResponse {
  const words = (text ?? "").toLowerCase();
  if (/roll\s*-?back|revert/.test(words)) {
    return { kind: "rollback", level: /\bfull\b|everything|all phases/.test(words) ? "full" : /\bstep\b/.test(words) ? "step" : "phase" };
  }
  if (/\b(pause|halt|stop|block|hold)\b/.test(words)) return { kind: "pause" };
  return { kind: "notify" };
}

/**
 * Runs the plan's health checks at their frequency while the run goes forward: a check whose
 * procedure is a command (`command: …`, or bound in the bindings' `checks`) is read like a
 * metric; a failing one follows its `failure_response` (roll back, pause, or just notify).
 */
export function watchHealthChecks(ctx: RunContext, state: RunState): { decision?: Decision; nextDueMs?: number } {
  // Nothing new fires while a trigger awaits its decision or a rollback runs; a trigger
  // someone decided to go on past is not watched again.
  if (state.rollback !== undefined || (state.trigger !== undefined && !state.trigger.acknowledged)) return {};
  const answered = state.trigger?.condition;
  let nextDueMs: number | undefined;
  for (const [i, check] of (ctx.plan.monitoring_and_observability?.health_checks ?? []).entries()) {
    const command = commandOf(ctx, check.check_procedure, check.check_name);
    if (command === undefined) continue;
    const name = check.check_name ?? `health check ${i + 1}`;
    if (name === answered) continue;
    const site = `monitoring_and_observability.health_checks[${i}]`;
    const interval = backgroundIntervalMs(Math.max(200, intervalOf(check.frequency) * state.timeScale), state.backgroundRoundMs);
    const read = readBoundCheckAsMetric(name, command, ctx.commandTimeoutMs ?? 60_000);
    const samples = samplesOf(state, runScope, site);
    const verdict = judgeWatchReadings(samples, read.metric, ctx.nowMs, interval);
    if (verdict.kind === "measure") {
      return { decision: { kind: "measure", request: { scope: runScope, site, purpose: "health", metric: read.metric, condition: { text: name, parsed: read.condition } } } };
    }
    const failed = verdict.kind === "fail" || (verdict.kind === "value" && !verdict.holds);
    const last = samples[samples.length - 1];
    if (failed && last !== undefined) {
      const response = readHealthResponse(check.failure_response);
      if (response.kind !== "notify") {
        const event: JournalEvent = {
          kind: "trigger.fired",
          level: response.kind === "rollback" ? response.level : "phase",
          condition: name,
          detail: `health check "${name}" failed${check.failure_response ? `; its failure response: ${check.failure_response}` : ""}`,
          needsApproval: response.kind === "pause",
        };
        return { decision: { kind: "record", events: [event] } };
      }
    }
    const due = (last?.atMs ?? ctx.nowMs) + interval;
    nextDueMs = nextDueMs === undefined ? due : Math.min(nextDueMs, due);
  }
  return { nextDueMs };
}

function commandOf(ctx: RunContext, procedure: string | null | undefined, name: string | null | undefined): string | undefined {
  const text = procedure ?? "";
  const explicit = /^\s*command\s*:(.*)$/s.exec(text);
  if (explicit?.[1]?.trim()) return explicit[1].trim();
  return ctx.vocabulary.boundChecks.get(text) ?? (name ? ctx.vocabulary.boundChecks.get(name) : undefined);
}

/** "every 5 minutes", "5 minutes", "hourly", "continuous": plan time between runs. */
export function intervalOf(frequency: string | null | undefined): number {
  const text = (frequency ?? "").toLowerCase().replace(/^every\s+/, "");
  if (/continu|real[- ]?time/.test(text)) return 30_000;
  if (/hourly/.test(text)) return 3_600_000;
  if (/daily/.test(text)) return 86_400_000;
  const parsed = parseDuration(/^\d/.test(text) ? text : `1 ${text}`);
  return parsed.kind === "ok" ? parsed.value.minMs : 300_000;
}
