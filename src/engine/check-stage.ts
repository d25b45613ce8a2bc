import { classifyCheck, type ReferenceTarget } from "../plan/check-kind.js";
import { watchIntervalMs } from "./engine-metric.js";
import { currentAttempt } from "./fold-journal.js";
import { judgeReadings, samplesOf } from "./measure-condition.js";
import { type AwaitedAttestation, formatScope, type Scope } from "./journal-event.js";
import type { Decision, RunContext } from "./run-context.js";
import { attemptKey, type RunState } from "./run-state.js";

/** A check string at its place in the plan, or a dataset standing in for one. */
export interface Site {
  readonly site: string;
  readonly text: string;
  readonly field: string;
  /** Present for datasets: run its execution, or attest it by id. */
  readonly datasetId?: string;
}

export type StageOutcome =
  | { readonly kind: "passed" }
  | { readonly kind: "failed"; readonly reason: string }
  /** An action started and never recorded its end: the process died while it ran. */
  | { readonly kind: "in-doubt"; readonly actionId: string }
  | { readonly kind: "decision"; readonly decision: Decision };

/**
 * Evaluates a stage's checks in order: references from the journal, bound checks and
 * runnable datasets by running them, the rest by attestation. Everything automatic runs
 * before the run pauses, and the pause asks for every attestation the stage still needs.
 */
export function evaluateStage(ctx: RunContext, state: RunState, scope: Scope, sites: readonly Site[]): StageOutcome {
  const key = attemptKey(formatScope(scope), currentAttempt(state, scope));
  const results = state.sites.get(key);
  const attested = state.attestations.get(key);
  const awaited: AwaitedAttestation[] = [];
  for (const site of sites) {
    const result = results?.get(site.site);
    if (result !== undefined) {
      if (result.verdict === "failed") return { kind: "failed", reason: `check "${site.text}" failed (${result.via})` };
      continue;
    }
    const attestation = attested?.get(site.site);
    if (attestation !== undefined) {
      return record(scope, site, "attestation", attestation.verdict, `attested by ${attestation.by}`);
    }
    const automatic = decideAutomatically(ctx, state, scope, key, site);
    if (automatic !== undefined && automatic.kind !== "ask") return automatic;
    awaited.push({ scope, site: site.site, text: site.text, field: site.field, ...(automatic?.kind === "ask" ? { note: automatic.note } : {}) });
  }
  if (awaited.length > 0) return { kind: "decision", decision: { kind: "pause", waitingFor: { kind: "attestations", items: awaited } } };
  return { kind: "passed" };
}

function decideAutomatically(ctx: RunContext, state: RunState, scope: Scope, key: string, site: Site): StageOutcome | { kind: "ask"; note: string } | undefined {
  if (site.datasetId !== undefined) {
    const execution = ctx.datasets.get(site.datasetId)?.execution;
    if (execution === undefined) return undefined;
    return act(state, scope, key, site, { kind: "dataset", execution }, execution.command, "dataset");
  }
  const bound = ctx.vocabulary.boundChecks.get(site.text);
  if (bound !== undefined) return act(state, scope, key, site, { kind: "shell", command: bound, timeoutMs: ctx.commandTimeoutMs }, bound, "command");
  const kind = classifyCheck(site.text, ctx.vocabulary);
  if (kind.kind === "condition") {
    const metric = ctx.metrics.get(kind.condition.metricKey);
    if (metric === undefined) return undefined;
    const verdict = judgeReadings(samplesOf(state, scope, site.site), metric, ctx.nowMs, Number.POSITIVE_INFINITY, watchIntervalMs(state.timeScale));
    switch (verdict.kind) {
      case "measure":
        return {
          kind: "decision",
          decision: { kind: "measure", request: { scope, site: site.site, purpose: "check", metric, condition: { text: site.text, parsed: kind.condition } } },
        };
      case "wait":
        return { kind: "decision", decision: { kind: "wait", untilMs: verdict.untilMs } };
      case "value":
        return record(scope, site, "condition", verdict.holds ? "passed" : "failed", `${metric.name} read ${verdict.value}`);
      case "fail":
        return record(scope, site, "condition", "failed", verdict.reason);
      case "pause":
        return { kind: "ask", note: verdict.reason };
    }
  }
  if (kind.kind === "reference") {
    const holds = referenceHolds(state, kind.target);
    return record(
      scope,
      site,
      "reference",
      holds ? "passed" : "failed",
      holds ? undefined : `${kind.target.kind} ${kind.target.id} has not ${kind.outcome === "verified" ? "been verified" : "succeeded"}`,
    );
  }
  return undefined;
}

function act(state: RunState, scope: Scope, key: string, site: Site, run: import("./run-context.js").EffectRun, command: string, via: "command" | "dataset"): StageOutcome {
  // Checks only read, so one interrupted by a crash is simply run again, under a new id.
  const base = `${key}#check:${site.site}`;
  let actionId = base;
  for (let n = 2; state.actions.has(actionId); n++) actionId = `${base}#${n}`;
  return {
    kind: "decision",
    decision: {
      kind: "act",
      effect: {
        intent: {
          kind: "action.started",
          actionId,
          scope,
          action: site.datasetId !== undefined ? { kind: "dataset", datasetId: site.datasetId, command } : { kind: "check", site: site.site, command },
        },
        run,
        check: { site: site.site, text: site.text, via },
      },
    },
  };
}

function record(scope: Scope, site: Site, via: "reference" | "attestation" | "condition", verdict: "passed" | "failed", detail?: string): StageOutcome {
  return {
    kind: "decision",
    decision: {
      kind: "record",
      events: [{ kind: "check.evaluated", scope, site: site.site, text: site.text, via, verdict, ...(detail ? { detail } : {}) }],
    },
  };
}

/** A reference holds when the journal shows its target done: a step succeeded, a gate passed, … */
export function referenceHolds(state: RunState, target: ReferenceTarget): boolean {
  switch (target.kind) {
    case "step":
      return state.steps.get(target.id)?.status === "succeeded";
    case "gate":
      return state.gates.get(target.id)?.status === "passed";
    case "phase":
      return state.phases.get(target.id) === "completed";
    case "prerequisite": {
      const results = state.sites.get(attemptKey(formatScope({ kind: "prerequisite", prerequisiteId: target.id }), 1));
      return results !== undefined && [...results.values()].every((r) => r.verdict === "passed") && results.size > 0;
    }
  }
}
