import { randomBytes } from "node:crypto";
import type { DatasetDefinition, RunContext } from "../../engine/run-context.js";
import { foldJournal } from "../../engine/fold-journal.js";
import type { RunState } from "../../engine/run-state.js";
import type { Clock } from "../../ports/clock.js";
import type { CommandRunner } from "../../ports/command-runner.js";
import type { LockHolder, RunSummary } from "../../ports/journal-store.js";
import type { SqlRunner } from "../../ports/sql-runner.js";
import type { MetricProvider } from "../../ports/metric-provider.js";
import { resolveEngineMetrics } from "./resolve-engine-metrics.js";
import { redactSecrets } from "../../adapters/shell/redact-secrets.js";
import { type DriveOutcome, driveRun, type Prompter, type RunObserver } from "./drive-run.js";
import { EffectExecutor } from "./effect-executor.js";
import { loadDatasets } from "./load-datasets.js";
import type { RunSession } from "./run-session.js";
import { withPlanLock } from "./with-plan-lock.js";
import { writeCliShim } from "./write-cli-shim.js";
import { dirname, join } from "node:path";

export interface RunPorts {
  readonly commands: CommandRunner;
  readonly sql: SqlRunner;
  readonly clock: Clock;
  /** Reads metrics; given the executor's environment for `command:` metrics. */
  readonly metrics: (environment: Readonly<Record<string, string>>) => MetricProvider;
  /** The argv that starts this CLI, put on commands' PATH as `bascule` (for `bascule data run`). */
  readonly selfCommand?: readonly string[];
}

export interface RunPlanInput {
  readonly session: RunSession;
  readonly ports: RunPorts;
  /** Who runs it: recorded as the run's starter, who may not approve its gates. */
  readonly actor: string;
  readonly ignoreWindow: boolean;
  readonly timeScale?: number;
  /** Start a new run even after one that ended with a failed rollback. */
  readonly forceNew?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly pid: number;
  readonly observer?: RunObserver;
  readonly prompter?: Prompter;
  readonly signal?: AbortSignal;
  /** Something to record before driving, once the lock is held (a decision, a rollback). */
  readonly before?: (run: RunSummary, state: RunState) => readonly import("../../engine/journal-event.js").JournalEvent[] | RunRefusal;
  /** Only continue an existing run; never start one. */
  readonly existingOnly?: boolean;
  /** Continue the latest run whatever its status (a rollback after completion, a retry after one). */
  readonly anyStatus?: boolean;
}

export type RunRefusal = { readonly kind: "refused"; readonly message: string; readonly exitCode: 1 | 2 | 3 | 4 };

export type RunPlanResult =
  | { readonly kind: "driven"; readonly run: RunSummary; readonly outcome: DriveOutcome; readonly created: boolean }
  | { readonly kind: "lock-held"; readonly holder: LockHolder }
  | RunRefusal;

/** `bascule run`: start the plan's run, or continue its unfinished one, and carry it as far as it goes. */
export async function runPlan(input: RunPlanInput): Promise<RunPlanResult> {
  const { session, ports } = input;
  const latest = (await session.store.listRuns(session.planKey))[0];
  const unfinished = latest !== undefined && (input.anyStatus || !["completed", "rolled_back"].includes(latest.status)) ? latest : undefined;
  if (unfinished === undefined && input.existingOnly) {
    return { kind: "refused", message: `no run of ${session.planKey} to continue; start one with \`bascule run\``, exitCode: 2 };
  }
  if (unfinished?.status === "rollback_failed" && !input.forceNew && input.before === undefined) {
    return {
      kind: "refused",
      message: `run ${unfinished.runId} ended with a failed rollback: the system may be between states. Check \`bascule status\`, repair by hand, then start afresh with \`bascule run --new\``,
      exitCode: 4,
    };
  }
  const resume = unfinished !== undefined && !(unfinished.status === "rollback_failed" && input.forceNew);
  const runId = resume ? unfinished.runId : newRunId(ports.clock.now());
  const holder: LockHolder = {
    host: session.host,
    pid: input.pid,
    runId,
    since: new Date(ports.clock.now()).toISOString(),
    heartbeat: new Date(ports.clock.now()).toISOString(),
  };
  return withPlanLock(session, holder, ports.clock, async (takenOver, lockLost) => {
    let run: RunSummary;
    const shownUpTo = resume ? ((await session.store.read(runId)).at(-1)?.seq ?? 0) : 0;
    const now = () => new Date(ports.clock.now()).toISOString();
    const timeScale = input.timeScale ?? session.bindings.timeScale ?? 1;
    if (resume) {
      run = unfinished;
      const state = foldJournal(await session.store.read(runId));
      const changed = changedRunSteps(state, session.fingerprints);
      if (changed.length > 0) {
        return {
          kind: "refused",
          message: `the plan changed in steps that already ran (${changed.join(", ")}); restore them as they were, or roll back and start a new run`,
          exitCode: 2,
        } as const;
      }
      const notYetRun = Object.keys(session.fingerprints).filter(
        (id) => state.fingerprints[id] !== session.fingerprints[id] && (state.steps.get(id)?.status ?? "pending") === "pending",
      );
      // A crash between creating the run and its first event leaves it without run.created.
      const created = state.planHash === "" ? [createdEvent(session, unfinished.startedBy, input.pid, timeScale)] : [];
      await session.store.append(runId, [
        ...created,
        ...(takenOver ? [{ kind: "lock.taken_over" as const, previous: takenOver.previous, reason: takenOver.reason }] : []),
        { kind: "run.resumed", by: input.actor, host: session.host, pid: input.pid, planHash: session.planHash, changedSteps: notYetRun, fingerprints: session.fingerprints },
      ], now());
    } else {
      run = await session.store.createRun({ runId, planKey: session.planKey, planPath: session.planPath, startedAt: now(), startedBy: input.actor });
      await session.store.append(runId, [
        createdEvent(session, input.actor, input.pid, timeScale),
        ...(takenOver ? [{ kind: "lock.taken_over" as const, previous: takenOver.previous, reason: takenOver.reason }] : []),
      ], now(), "in_progress");
    }
    if (input.before) {
      const state = foldJournal(await session.store.read(runId));
      const events = input.before(run, state);
      if ("kind" in events) return events;
      if (events.length > 0) await session.store.append(runId, events, now());
    }
    const { datasets } = loadDatasets(session.plan, session.planDir);
    const executor = new EffectExecutor({
      planDir: session.planDir,
      scriptsDir: session.plan.linkage?.automation_scripts_dir ?? undefined,
      bindings: session.bindings,
      secrets: session.secrets,
      commands: ports.commands,
      sql: ports.sql,
      baseEnv: input.env,
      runId,
      link: {
        planPath: session.planPath,
        statePath: session.statePath,
        ...(session.bindings.file ? { configPath: session.bindings.file } : {}),
        ...(session.environment ? { environment: session.environment } : {}),
        ...(ports.selfCommand ? { cliDir: writeCliShim(join(dirname(session.statePath), "bin"), ports.selfCommand) } : {}),
      },
    });
    const outcome = await driveRun({
      store: session.store,
      runId,
      context: buildContext(input, datasets),
      clock: ports.clock,
      executor,
      metrics: ports.metrics(executor.environment({})),
      observer: input.observer,
      prompter: input.prompter,
      signal: input.signal ? AbortSignal.any([input.signal, lockLost]) : lockLost,
      showAfterSeq: shownUpTo,
      redact: (text) => redactSecrets(text, session.secrets),
    });
    return { kind: "driven", run: (await session.store.getRun(runId)) ?? run, outcome, created: !resume };
  });
}

export function buildContext(input: Pick<RunPlanInput, "session" | "actor" | "ignoreWindow">, datasets: ReadonlyMap<string, DatasetDefinition>): Omit<RunContext, "nowMs"> {
  const { session } = input;
  const idempotent = new Set(session.bindings.idempotentSteps);
  for (const { step } of session.index.steps) if (step["x-idempotent"] === true) idempotent.add(step.step_id);
  return {
    plan: session.plan,
    index: session.index,
    vocabulary: session.vocabulary,
    datasets,
    idempotentSteps: idempotent,
    approval: session.bindings.approval,
    ignoreWindow: input.ignoreWindow,
    actor: input.actor,
    commandTimeoutMs: session.bindings.commandTimeoutMs,
    metrics: resolveEngineMetrics(session.plan, session.bindings),
  };
}

function createdEvent(session: RunSession, startedBy: string, pid: number, timeScale: number): import("../../engine/journal-event.js").RunCreated {
  return {
    kind: "run.created",
    planPath: session.planPath,
    planHash: session.planHash,
    startedBy,
    host: session.host,
    pid,
    timeScale,
    fingerprints: session.fingerprints,
  };
}

/** Steps that ran (or started) whose content is no longer what ran. */
function changedRunSteps(state: RunState, fingerprints: Readonly<Record<string, string>>): string[] {
  const changed: string[] = [];
  for (const [stepId, step] of state.steps) {
    if (step.status === "pending") continue;
    const then = state.fingerprints[stepId];
    if (then !== undefined && then !== fingerprints[stepId]) changed.push(stepId);
  }
  return changed;
}

function newRunId(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, "").replace(/\..*$/, "");
  return `${stamp}-${randomBytes(2).toString("hex")}`;
}
