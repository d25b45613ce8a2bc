import type { IndexedStep } from "../plan/plan-index.js";
import { formatPlanPath } from "../plan/plan-path.js";
import { parseDuration } from "../plan/values/duration.js";
import { evaluateStage, type Site, type StageOutcome } from "./check-stage.js";
import { describeOutcome } from "./complete-effect.js";
import { readBoundCheckAsMetric, watchIntervalMs } from "./engine-metric.js";
import { type AwaitedAttestation, formatScope, type Scope } from "./journal-event.js";
import { judgeReadings, samplesOf } from "./measure-condition.js";
import { normalizeMetricKey, parseCondition } from "../plan/values/condition.js";
import type { Decision, EffectRun, RunContext } from "./run-context.js";
import { attemptKey, type RunState } from "./run-state.js";
import { isSqlCommand, isSqlScript } from "./sql-command.js";
import { reconcileActions } from "./step-data-migrations.js";

/** The next decision for a step that has started, or its outcome when it has none left. */
export function decideStep(ctx: RunContext, state: RunState, indexed: IndexedStep): StageOutcome {
  const { step } = indexed;
  const scope: Scope = { kind: "step", stepId: step.step_id };
  const attempt = state.steps.get(step.step_id)?.attempt ?? 1;
  const key = attemptKey(formatScope(scope), attempt);
  const path = formatPlanPath(indexed.path);
  const sites = (field: string, texts: readonly string[] | null | undefined): Site[] => (texts ?? []).map((text, i) => ({ site: `${path}.${field}[${i}]`, text, field }));

  const stages: Array<() => StageOutcome> = [
    () => evaluateStage(ctx, state, scope, sites("preconditions", step.preconditions)),
    () => runActions(state, scope, key, executionActions(ctx, indexed)),
    () => evaluateStage(ctx, state, scope, sites("execution_details.manual_steps", step.execution_details?.manual_steps)),
    () => {
      const script = step.validation?.validation_script;
      return script
        ? runActions(state, scope, key, [{ key: "validation-script", run: scriptRun(script, ctx), action: { kind: "script", role: "validation", path: script } }])
        : passed;
    },
    () => runActions(state, scope, key, reconcileActions(ctx.plan, step, ctx.commandTimeoutMs)),
    () =>
      evaluateStage(
        ctx,
        state,
        scope,
        (step.validation?.test_dataset_ids ?? []).map((id) => ({ site: `${path}.dataset:${id}`, text: id, field: "test_dataset_ids", datasetId: id })),
      ),
    () =>
      evaluateStage(ctx, state, scope, [
        ...sites("validation.validation_checks", step.validation?.validation_checks),
        ...sites("validation.success_criteria", step.validation?.success_criteria),
      ]),
    () => observe(ctx, state, indexed),
  ];
  for (const stage of stages) {
    const outcome = stage();
    if (outcome.kind !== "passed") return outcome;
  }
  return passed;
}

const passed: StageOutcome = { kind: "passed" };

export interface PlannedAction {
  readonly key: string;
  readonly run: EffectRun;
  readonly action: import("./journal-event.js").ActionRef;
}

/** `commands` in order, SQL among them run on the bound database; else the automation script. */
function executionActions(ctx: RunContext, { step }: IndexedStep): PlannedAction[] {
  const commands = step.execution_details?.commands ?? [];
  if (commands.length > 0) {
    return commands.map((command, index) =>
      isSqlCommand(command)
        ? { key: `sql:${index}`, run: { kind: "sql", sql: command }, action: { kind: "sql", index, sql: command } }
        : {
            key: `command:${index}`,
            run: { kind: "shell", command, timeoutMs: ctx.commandTimeoutMs },
            action: { kind: "command", index, command },
          },
    );
  }
  const script = step.execution_details?.automation_script;
  return script ? [{ key: "automation-script", run: scriptRun(script, ctx), action: { kind: "script", role: "automation", path: script } }] : [];
}

export function scriptRun(path: string, ctx: RunContext): EffectRun {
  return isSqlScript(path) ? { kind: "script", path } : { kind: "script", path, timeoutMs: ctx.commandTimeoutMs };
}

/** Runs actions in order, stopping at the first that fails. */
export function runActions(state: RunState, scope: Scope, key: string, actions: readonly PlannedAction[]): StageOutcome {
  for (const planned of actions) {
    const actionId = `${key}#${planned.key}`;
    const entry = state.actions.get(actionId);
    if (entry === undefined) {
      return { kind: "decision", decision: { kind: "act", effect: { intent: { kind: "action.started", actionId, scope, action: planned.action }, run: planned.run } } };
    }
    if (entry.finished === undefined) return { kind: "in-doubt", actionId };
    if (!entry.finished.succeeded) return { kind: "failed", reason: describeFailure(planned, entry.finished.outcome) };
  }
  return passed;
}

function describeFailure(planned: PlannedAction, outcome: import("./journal-event.js").ActionOutcome): string {
  const what =
    planned.action.kind === "command"
      ? `command "${planned.action.command}"`
      : planned.action.kind === "sql"
        ? `SQL "${planned.action.sql}"`
        : planned.action.kind === "script"
          ? `${planned.action.role} script ${planned.action.path}`
          : planned.action.kind === "data"
            ? `"${planned.action.command}"`
            : "action";
  return `${what} ${describeOutcome(outcome)}`;
}

/**
 * A step with monitoring whose duration says "observation" is watched for that long: its
 * alert conditions and watched metrics are read every interval; an alert condition that
 * holds, or a metric reaching its critical threshold, fails the step.
 */
function observe(ctx: RunContext, state: RunState, indexed: IndexedStep): StageOutcome {
  const { step } = indexed;
  const duration = step.estimated_duration ? parseDuration(step.estimated_duration) : undefined;
  const watched = step.monitoring !== undefined && step.monitoring !== null;
  if (!watched || duration?.kind !== "ok" || !duration.value.observation) return passed;
  const observation = state.observations.get(step.step_id);
  if (observation === undefined) {
    const planMs = duration.value.maxMs;
    const deadline = new Date(ctx.nowMs + planMs * state.timeScale).toISOString();
    return record({ kind: "observation.started", stepId: step.step_id, planMs, deadline });
  }
  if (observation.finished) return passed;
  const scope: Scope = { kind: "step", stepId: step.step_id };
  const interval = watchIntervalMs(state.timeScale);
  const attested = state.attestations.get(attemptKey(formatScope(scope), state.steps.get(step.step_id)?.attempt ?? 1));
  const awaited: AwaitedAttestation[] = [];
  let due: Decision | undefined;
  let nextDue = observation.deadlineMs;
  // Every watch is judged before anything is read again: a failure seen in any reading wins,
  // and a reading that is always stale somewhere can never hold the observation past its deadline.
  for (const watch of watchesOf(ctx, indexed)) {
    const attestation = attested?.get(watch.site);
    if (attestation !== undefined) {
      if (attestation.verdict === "failed") return { kind: "failed", reason: `${attestation.by} attested that "${watch.text}" is not clear during observation` };
      continue;
    }
    const verdict = judgeReadings(samplesOf(state, scope, watch.site), watch.metric, ctx.nowMs, interval, interval);
    switch (verdict.kind) {
      case "measure":
        due ??= { kind: "measure", request: { scope, site: watch.site, purpose: "observation", metric: watch.metric, ...(watch.condition ? { condition: watch.condition } : {}) } };
        break;
      case "value":
        if (verdict.holds) return { kind: "failed", reason: `alert condition "${watch.text}" held during observation (${watch.metric.name} read ${verdict.value})` };
        if (verdict.level === "critical") return { kind: "failed", reason: `${watch.metric.name} read ${verdict.value}, past its critical threshold, during observation` };
        nextDue = Math.min(nextDue, ctx.nowMs + interval);
        break;
      case "wait":
        nextDue = Math.min(nextDue, verdict.untilMs);
        break;
      case "fail":
        return { kind: "failed", reason: `observation blind: ${verdict.reason}` };
      case "pause":
        awaited.push({ scope, site: watch.site, text: `${watch.text} is clear`, field: "alert_conditions", note: verdict.reason });
        break;
    }
  }
  if (awaited.length > 0) return { kind: "decision", decision: { kind: "pause", waitingFor: { kind: "attestations", items: awaited } } };
  if (ctx.nowMs >= observation.deadlineMs) return record({ kind: "observation.finished", stepId: step.step_id });
  if (due !== undefined) return { kind: "decision", decision: due };
  return { kind: "decision", decision: { kind: "wait", untilMs: Math.max(ctx.nowMs, Math.min(nextDue, observation.deadlineMs)), stepId: step.step_id } };
}

interface Watch {
  readonly site: string;
  readonly text: string;
  readonly metric: import("./engine-metric.js").EngineMetric;
  readonly condition?: { readonly text: string; readonly parsed: import("../plan/values/condition.js").Condition };
}

/** What an observation reads: alert conditions and watched metrics the engine can measure. */
function watchesOf(ctx: RunContext, { step, path }: IndexedStep): Watch[] {
  const base = formatPlanPath(path);
  const watches: Watch[] = [];
  (step.monitoring?.alert_conditions ?? []).forEach((text, i) => {
    const site = `${base}.monitoring.alert_conditions[${i}]`;
    const bound = ctx.vocabulary.boundChecks.get(text);
    if (bound !== undefined) {
      const read = readBoundCheckAsMetric(text, bound, ctx.commandTimeoutMs ?? 60_000);
      watches.push({ site, text, metric: read.metric, condition: { text, parsed: read.condition } });
      return;
    }
    const parsed = parseCondition(text);
    const metric = parsed.kind === "ok" ? ctx.metrics.get(parsed.value.metricKey) : undefined;
    if (parsed.kind === "ok" && metric) watches.push({ site, text, metric, condition: { text, parsed: parsed.value } });
  });
  (step.monitoring?.metrics_to_watch ?? []).forEach((name, i) => {
    const metric = ctx.metrics.get(normalizeMetricKey(name));
    if (metric?.thresholds) watches.push({ site: `${base}.monitoring.metrics_to_watch[${i}]`, text: `${name} below critical`, metric });
  });
  return watches;
}

function record(event: import("./journal-event.js").JournalEvent): StageOutcome {
  const decision: Decision = { kind: "record", events: [event] };
  return { kind: "decision", decision };
}
