import { redactSecrets } from "../../adapters/shell/redact-secrets.js";
import { referenceHolds } from "../../engine/check-stage.js";
import { completeEffect, describeOutcome } from "../../engine/complete-effect.js";
import type { JournalEvent, Scope, Verdict } from "../../engine/journal-event.js";
import { completeMeasure } from "../../engine/measure-condition.js";
import { describeMissingReading } from "../../engine/missing-data-policy.js";
import type { Effect } from "../../engine/run-context.js";
import type { RunState } from "../../engine/run-state.js";
import { didYouMean } from "../../lint/closest-match.js";
import { classifyCheck } from "../../plan/check-kind.js";
import type { CleanupTask } from "../../plan/schema/plan-schema.js";
import type { Actor } from "../../ports/actor.js";
import type { RunSummary } from "../../ports/journal-store.js";
import { readCurrentRun } from "../run/current-run.js";
import { describeCleanupTask } from "../run/describe-whole-plan-status.js";
import { EffectExecutor, type OutputSink } from "../run/effect-executor.js";
import { maskMetricReadings } from "../run/redact-reading.js";
import { resolveEngineMetrics } from "../run/resolve-engine-metrics.js";
import { StepLogBuffer } from "../run/step-log-buffer.js";
import { type Refusal, refusal } from "./refusal.js";
import type { Workspace } from "./workspace.js";

export interface CleanupRequest {
  /** A `post_migration.cleanup_tasks[].task_id` of the plan. */
  readonly taskId: string;
  /** What shows the task was done: kept with each attestation and with the record. */
  readonly evidence?: string;
  /** The task was tried and did not succeed: nothing runs, and it is recorded as failed (it stays open). */
  readonly failed?: boolean;
}

/** How one of the task's `steps`, or its `validation`, was settled. */
export interface CleanupItem {
  readonly part: "step" | "validation";
  readonly text: string;
  /** `skipped`: not reached, an earlier item failed. */
  readonly via: "command" | "condition" | "reference" | "attestation" | "skipped";
  readonly verdict?: Verdict;
  readonly detail?: string;
}

export interface CleanupRecorded {
  readonly kind: "cleanup-recorded";
  readonly runId: string;
  readonly taskId: string;
  readonly by: string;
  readonly verdict: Verdict;
  readonly detail?: string;
  readonly items: readonly CleanupItem[];
  readonly notes: readonly string[];
}

/**
 * `bascule cleanup` (SEMANTICS 11.3): a cleanup task of the plan's latest run, once that run
 * reached completion. Steps bound to a command in the bindings' `checks` run, the others are
 * the actor's word; the `validation` runs when bound, reads its metric when it is a condition,
 * else is attested; then one `cleanup.done` records the verdict. `onOutput` gets the commands'
 * output, masked, which is also kept as the run's log under `cleanup:TASK_ID`.
 */
export async function performCleanupTask(workspace: Workspace, actor: Actor, request: CleanupRequest, onOutput?: OutputSink): Promise<CleanupRecorded | Refusal> {
  const { session } = workspace;
  const tasks = session.plan.post_migration?.cleanup_tasks ?? [];
  const position = tasks.findIndex((t) => t.task_id === request.taskId);
  const task = tasks[position];
  if (task === undefined) {
    const ids = tasks.map((t) => t.task_id);
    const listed = ids.length === 0 ? "; it lists no post_migration.cleanup_tasks" : `; its cleanup tasks: ${ids.join(", ")}`;
    return refusal("unknown-target", `the plan has no cleanup task ${JSON.stringify(request.taskId)}${didYouMean(request.taskId, ids)}${listed}`);
  }
  const current = await readCurrentRun(session);
  if (current.kind === "none") return current.refusal;
  const { run, state } = current;
  const refused = refuseCleanup(run, state, task, workspace);
  if (refused !== undefined) return refused;
  const nowMs = workspace.ports.clock.now();
  const notes = noteTiming(task, state, nowMs);
  const journal = new CleanupJournal(workspace, run.runId, actor);
  if (request.failed === true) {
    const detail = `reported as not done by ${actor.name}`;
    await journal.append([cleanupDone(task, actor, "failed", detail, request.evidence)]);
    return { kind: "cleanup-recorded", runId: run.runId, taskId: task.task_id, by: actor.name, verdict: "failed", detail, items: [], notes };
  }
  const settle = new CleanupSettler(workspace, state, task, position, journal, actor, request.evidence, onOutput);
  const items = await settle.all();
  const failure = items.find((item) => item.verdict === "failed");
  const detail = failure ? `${failure.part} ${JSON.stringify(failure.text)} failed${failure.detail ? `: ${failure.detail}` : ""}` : undefined;
  const verdict: Verdict = failure ? "failed" : "passed";
  await journal.append([cleanupDone(task, actor, verdict, detail, request.evidence)]);
  return { kind: "cleanup-recorded", runId: run.runId, taskId: task.task_id, by: actor.name, verdict, ...(detail ? { detail } : {}), items, notes };
}

function refuseCleanup(run: RunSummary, state: RunState, task: CleanupTask, workspace: Workspace): Refusal | undefined {
  if (state.status === "rolled_back" || state.status === "rollback_failed") {
    return refusal("run-ended", `run ${run.runId} was rolled back (${state.status}); its cleanup tasks no longer apply`);
  }
  if (state.completedAtMs === undefined) {
    const environment = workspace.session.environment ? { environment: workspace.session.environment } : {};
    const live = state.status === "in_progress" || state.status === "paused";
    return refusal(
      "not-waiting",
      `run ${run.runId} has not reached completion (it is ${state.status}); cleanup task ${task.task_id} falls due only after every completion stage has passed`,
      live ? [{ kind: "run", ...environment }] : [{ kind: "status", ...environment }],
    );
  }
  const done = state.cleanups.get(task.task_id);
  if (done?.verdict === "passed") {
    return refusal("not-waiting", `cleanup task ${task.task_id} was done by ${done.by} at ${new Date(done.atMs).toISOString()}; a task is not done twice`);
  }
  return undefined;
}

function noteTiming(task: CleanupTask, state: RunState, nowMs: number): string[] {
  const status = describeCleanupTask(task, state, nowMs);
  if (status.timing_problem) return [status.timing_problem];
  if (status.status === "pending" && status.due_at) return [`${task.task_id} is not due until ${status.due_at} (${task.timing}): done early`];
  return [];
}

function cleanupDone(task: CleanupTask, actor: Actor, verdict: Verdict, detail: string | undefined, evidence: string | undefined): JournalEvent {
  return { kind: "cleanup.done", taskId: task.task_id, by: actor.name, verdict, ...(detail ? { detail } : {}), ...(evidence ? { evidence } : {}) };
}

/** Appends to the run's journal as the actor, in the order things happened: an action's start is durable before it runs. */
class CleanupJournal {
  private pending: JournalEvent[] = [];

  constructor(
    private readonly workspace: Workspace,
    readonly runId: string,
    private readonly actor: Actor,
  ) {}

  /** Kept to go with the next append. */
  add(events: readonly JournalEvent[]): void {
    this.pending.push(...events);
  }

  async append(events: readonly JournalEvent[]): Promise<void> {
    const batch = [...this.pending, ...events];
    this.pending = [];
    const at = new Date(this.workspace.ports.clock.now()).toISOString();
    await this.workspace.session.store.append(this.runId, batch, at, undefined, { actor: this.actor });
  }
}

/** Settles a task's steps, then its validation, stopping at the first that fails. */
class CleanupSettler {
  private readonly scope: Scope;
  private readonly executor: EffectExecutor;
  private readonly logs: StepLogBuffer;
  private readonly attempt: number;
  private readonly base: string;

  constructor(
    private readonly workspace: Workspace,
    private readonly state: RunState,
    private readonly task: CleanupTask,
    position: number,
    private readonly journal: CleanupJournal,
    private readonly actor: Actor,
    private readonly evidence: string | undefined,
    private readonly onOutput: OutputSink | undefined,
  ) {
    const { session, ports } = workspace;
    this.scope = { kind: "cleanup", taskId: task.task_id };
    this.base = `post_migration.cleanup_tasks[${position}]`;
    this.attempt = nextAttempt(state, task.task_id);
    this.logs = new StepLogBuffer(session.store, journal.runId, ports.clock);
    this.executor = new EffectExecutor({
      planDir: session.planDir,
      scriptsDir: session.plan.linkage?.automation_scripts_dir ?? undefined,
      bindings: session.bindings,
      secrets: session.secrets,
      commands: ports.commands,
      sql: ports.sql,
      clock: ports.clock,
      baseEnv: workspace.env,
      runId: journal.runId,
      link: {
        actor: actor.name,
        planPath: session.planPath,
        statePath: session.statePath,
        ...(session.bindings.file ? { configPath: session.bindings.file } : {}),
        ...(session.environment ? { environment: session.environment } : {}),
      },
    });
  }

  async all(): Promise<CleanupItem[]> {
    const items: CleanupItem[] = [];
    const todo: { part: CleanupItem["part"]; text: string; site: string }[] = [
      ...(this.task.steps ?? []).map((text, j) => ({ part: "step" as const, text, site: `${this.base}.steps[${j}]` })),
      ...(this.task.validation ? [{ part: "validation" as const, text: this.task.validation, site: `${this.base}.validation` }] : []),
    ];
    for (const item of todo) {
      if (items.some((done) => done.verdict === "failed")) {
        items.push({ part: item.part, text: item.text, via: "skipped" });
        continue;
      }
      items.push(item.part === "step" ? await this.step(item.text, item.site) : await this.validation(item.text, item.site));
    }
    await this.logs.flush();
    return items;
  }

  private async step(text: string, site: string): Promise<CleanupItem> {
    const command = this.workspace.session.bindings.checks.get(text);
    return command === undefined ? this.attest("step", text, site) : this.run("step", text, site, command);
  }

  private async validation(text: string, site: string): Promise<CleanupItem> {
    const { session } = this.workspace;
    const command = session.bindings.checks.get(text);
    if (command !== undefined) return this.run("validation", text, site, command);
    const kind = classifyCheck(text, session.vocabulary);
    if (kind.kind === "reference") {
      const holds = referenceHolds(this.state, kind.target);
      const detail = holds ? undefined : `${kind.target.kind} ${kind.target.id} has not ${kind.outcome === "verified" ? "been verified" : "succeeded"}`;
      this.evaluated(site, text, "reference", holds ? "passed" : "failed", detail);
      return { part: "validation", text, via: "reference", verdict: holds ? "passed" : "failed", ...(detail ? { detail } : {}) };
    }
    const metric = kind.kind === "condition" ? resolveEngineMetrics(session.plan, session.bindings).get(kind.condition.metricKey) : undefined;
    if (kind.kind !== "condition" || metric === undefined) return this.attest("validation", text, site);
    // A condition on a metric the run can read: one reading decides it; no number is no pass.
    const provider = maskMetricReadings(this.workspace.ports.metrics(this.executor.environment({})), (t) => redactSecrets(t, session.secrets));
    const startedMs = this.workspace.ports.clock.now();
    const reading = await provider.read(metric.query, { timeoutMs: metric.timeoutMs });
    const request = { scope: this.scope, site, purpose: "check" as const, metric, condition: { text, parsed: kind.condition } };
    const sampled = completeMeasure(request, reading, this.workspace.ports.clock.now() - startedMs);
    this.journal.add(sampled);
    const holds = sampled.some((e) => e.kind === "metric.sampled" && e.holds === true);
    const detail = reading.kind === "value" ? `${metric.name} read ${reading.value}` : `${metric.name} gave no number (${describeMissingReading(reading)})`;
    this.evaluated(site, text, "condition", holds ? "passed" : "failed", detail);
    return { part: "validation", text, via: "condition", verdict: holds ? "passed" : "failed", detail };
  }

  private attest(part: CleanupItem["part"], text: string, site: string): CleanupItem {
    this.journal.add([
      { kind: "attestation.recorded", scope: this.scope, site, text, by: this.actor.name, verdict: "passed", ...(this.evidence ? { evidence: this.evidence } : {}) },
    ]);
    return { part, text, via: "attestation", verdict: "passed" };
  }

  private async run(part: CleanupItem["part"], text: string, site: string, command: string): Promise<CleanupItem> {
    const effect: Effect = {
      intent: {
        kind: "action.started",
        actionId: `cleanup:${this.task.task_id}#${this.attempt}#check:${site}`,
        scope: this.scope,
        action: { kind: "check", site, command },
      },
      run: { kind: "shell", command, timeoutMs: this.workspace.session.bindings.commandTimeoutMs },
      check: { site, text, via: "command" },
    };
    await this.journal.append([effect.intent]);
    const logId = `cleanup:${this.task.task_id}`;
    const result = await this.executor.run(effect, {}, (stream, chunk) => {
      this.logs.add(logId, this.attempt, stream, chunk, this.workspace.ports.clock.now());
      this.onOutput?.(stream, chunk);
    });
    this.journal.add(completeEffect(effect, result));
    const passed = result.outcome.kind === "exited" && result.outcome.exitCode === 0;
    return { part, text, via: "command", verdict: passed ? "passed" : "failed", ...(passed ? {} : { detail: `\`${command}\` ${describeOutcome(result.outcome)}` }) };
  }

  private evaluated(site: string, text: string, via: "reference" | "condition", verdict: Verdict, detail?: string): void {
    this.journal.add([{ kind: "check.evaluated", scope: this.scope, site, text, via, verdict, ...(detail ? { detail } : {}) }]);
  }
}

/** Tries of a task are told apart in action ids and logs: one more than the last that ran a command. */
function nextAttempt(state: RunState, taskId: string): number {
  const prefix = `cleanup:${taskId}#`;
  let last = 0;
  for (const id of state.actions.keys()) if (id.startsWith(prefix)) last = Math.max(last, Number.parseInt(id.slice(prefix.length), 10) || 0);
  return last + 1;
}
