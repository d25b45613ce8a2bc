import { randomBytes } from "node:crypto";
import type { DatasetDefinition, RunContext } from "../../engine/run-context.js";
import { foldJournal } from "../../engine/fold-journal.js";
import type { RunState } from "../../engine/run-state.js";
import type { Actor } from "../../ports/actor.js";
import type { Clock } from "../../ports/clock.js";
import type { CommandRunner } from "../../ports/command-runner.js";
import type { JournalEvent, RunCreated } from "../../engine/journal-event.js";
import type { LockHolder, RunChoice, RunSummary } from "../../ports/journal-store.js";
import type { SqlRunner } from "../../ports/sql-runner.js";
import type { MetricProvider } from "../../ports/metric-provider.js";
import { type Refusal, refusal } from "../run-service/refusal.js";
import { resolveEngineMetrics } from "./resolve-engine-metrics.js";
import { redactSecrets } from "../../adapters/shell/redact-secrets.js";
import { type DriveOutcome, driveRun, type Prompter, type RunObserver } from "./drive-run.js";
import { EffectExecutor } from "./effect-executor.js";
import { loadDatasets } from "./load-datasets.js";
import type { RunSession } from "./run-session.js";
import { chooseRun, type RunStart } from "./choose-run.js";
import { runPlanHash } from "./fingerprint-plan.js";
import { isRunOfPlan } from "./run-identity.js";
import { type PlanClaim, withPlanLock } from "./with-plan-lock.js";
import { writeCliShim } from "./write-cli-shim.js";
import { resolveSuiteRun, type SuiteRun } from "../../plan/regression-suite-run.js";
import { isExecutableInTree } from "../executable-in-tree.js";
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
  /** Who runs it, through which front end: the run's starter (who may not approve its gates), recorded with every event. */
  readonly actor: Actor;
  readonly ignoreWindow: boolean;
  readonly timeScale?: number;
  /** `bascule run --new`: start another run on purpose once the latest one has ended. */
  readonly forceNew?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly pid: number;
  readonly observer?: RunObserver;
  readonly prompter?: Prompter;
  readonly signal?: AbortSignal;
  /**
   * Something to record before driving, once the lock is held (a decision, a rollback), given
   * the run's state as journaled; a refusal leaves the store as it was.
   */
  readonly before?: (run: RunSummary, state: RunState) => readonly JournalEvent[] | Refusal;
  /** Only continue an existing run; never start one. */
  readonly existingOnly?: boolean;
  /** Continue the latest run whatever its status (a rollback after completion, a retry after one). */
  readonly anyStatus?: boolean;
}

export type RunPlanResult =
  | { readonly kind: "driven"; readonly run: RunSummary; readonly outcome: DriveOutcome; readonly created: boolean }
  /** The latest run had ended (completed, or rolled back to its end): nothing was run or written. */
  | { readonly kind: "ended"; readonly run: RunSummary; readonly state: RunState }
  /** Nothing was run or written; `holder` names who holds the plan's lock when that is why. */
  | (Refusal & { readonly holder?: LockHolder });

/**
 * `bascule run`: start the plan's run, or continue its unfinished one, and carry it as far as
 * it goes. Which run, if any, is decided inside the lock's claim; every refusal is decided
 * before anything is appended.
 */
export async function runPlan(input: RunPlanInput): Promise<RunPlanResult> {
  const { session, ports } = input;
  const now = () => new Date(ports.clock.now()).toISOString();
  const { identity } = session;
  const startOptions = {
    plan: identity.label,
    environment: identity.environment,
    forceNew: input.forceNew,
    existingOnly: input.existingOnly,
    anyStatus: input.anyStatus,
    strays: input.existingOnly ? [] : await findStrayRuns(session),
  };
  const choose = (_latest: RunSummary | undefined, runs: readonly RunSummary[]): RunChoice<Exclude<RunStart, { kind: "resume" | "create" }>> => {
    const start = chooseRun(
      runs.filter((run) => isRunOfPlan(run, identity)),
      startOptions,
    );
    if (start.kind === "resume") return { kind: "resume", runId: start.run.runId };
    if (start.kind === "create") {
      const run = { runId: newRunId(ports.clock.now()), planKey: session.planKey, planPath: session.planPath, startedAt: now(), startedBy: input.actor.name };
      return { kind: "create", run: identity.environment ? { ...run, environment: identity.environment } : run };
    }
    return { kind: "none", reason: start };
  };
  const result = await withPlanLock(session, { pid: input.pid, choose }, ports.clock, (claim, lockLost, untouched) => driveClaimedRun(input, claim, lockLost, untouched));
  if (result.kind === "lock-held") {
    const h = result.holder;
    return {
      ...refusal(
        "lock-held",
        `another run holds this plan's lock: run ${h.runId}, pid ${h.pid} on ${h.host}, since ${h.since} (last heartbeat ${h.heartbeat}); wait for it, or stop that process`,
      ),
      holder: h,
    };
  }
  if (result.kind !== "declined") return result;
  const { reason } = result;
  if (reason.kind === "refused") return reason;
  return { kind: "ended", run: reason.run, state: foldJournal(await session.store.read(reason.run.runId)) };
}

async function driveClaimedRun(input: RunPlanInput, claim: PlanClaim, lockLost: AbortSignal, untouched: () => void): Promise<RunPlanResult> {
  const { session, ports } = input;
  const { run, takenOver } = claim;
  const runId = run.runId;
  const now = () => new Date(ports.clock.now()).toISOString();
  const timeScale = input.timeScale ?? session.bindings.timeScale ?? 1;
  const tookOver: JournalEvent[] = takenOver ? [{ kind: "lock.taken_over", previous: takenOver.previous, reason: takenOver.reason }] : [];
  const records = claim.created ? [] : await session.store.read(runId);
  const shownUpTo = records.at(-1)?.seq ?? 0;
  if (claim.created) {
    await session.store.append(runId, [createdEvent(session, input.actor.name, input.pid, timeScale), ...tookOver], now(), "in_progress", { actor: input.actor });
  } else {
    const state = foldJournal(records);
    const changed = changedRunSteps(state, session.fingerprints);
    if (changed.length > 0) {
      untouched();
      return refusal("plan-changed", `the plan changed in steps that already ran (${changed.join(", ")}); restore them as they were, or roll back and start a new run`);
    }
    const recorded = input.before ? input.before(run, state) : [];
    if ("kind" in recorded) {
      untouched();
      return recorded;
    }
    const planHash = runPlanHash(session, state);
    const notYetRun = Object.keys(session.fingerprints).filter(
      (id) => state.fingerprints[id] !== session.fingerprints[id] && (state.steps.get(id)?.status ?? "pending") === "pending",
    );
    // A crash between creating the run and its first event leaves it without run.created.
    const created = state.planHash === "" ? [createdEvent(session, run.startedBy, input.pid, timeScale)] : [];
    await session.store.append(
      runId,
      [
        ...created,
        ...tookOver,
        {
          kind: "run.resumed",
          by: input.actor.name,
          host: session.host,
          pid: input.pid,
          planHash,
          changedSteps: notYetRun,
          fingerprints: session.fingerprints,
          // The plan as this session runs it is kept whenever it is not the one the run last ran.
          ...(state.planHash !== planHash && created.length === 0 ? { planText: session.document.text } : {}),
        },
        ...recorded,
      ],
      now(),
      undefined,
      { actor: input.actor },
    );
  }
  const { datasets } = loadDatasets(session.plan, session.planDir);
  const executor = new EffectExecutor({
    planDir: session.planDir,
    scriptsDir: session.plan.linkage?.automation_scripts_dir ?? undefined,
    bindings: session.bindings,
    secrets: session.secrets,
    commands: ports.commands,
    sql: ports.sql,
    clock: ports.clock,
    baseEnv: input.env,
    runId,
    link: {
      actor: input.actor.name,
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
    context: buildContext({ session, actor: input.actor.name, ignoreWindow: input.ignoreWindow }, datasets),
    clock: ports.clock,
    executor,
    metrics: ports.metrics(executor.environment({})),
    observer: input.observer,
    prompter: input.prompter,
    signal: input.signal ? AbortSignal.any([input.signal, lockLost]) : lockLost,
    showAfterSeq: shownUpTo,
    redact: (text) => redactSecrets(text, session.secrets),
    actor: input.actor,
  });
  return { kind: "driven", run: (await session.store.getRun(runId)) ?? run, outcome, created: claim.created };
}

export function buildContext(
  input: { readonly session: RunSession; readonly actor: string; readonly ignoreWindow: boolean },
  datasets: ReadonlyMap<string, DatasetDefinition>,
): Omit<RunContext, "nowMs"> {
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
    suiteRuns: resolveSuiteRuns(session, datasets),
  };
}

/** How each regression suite runs: a bound command, its location when executable in the plan's tree, its datasets, or a person. */
function resolveSuiteRuns(session: RunSession, datasets: ReadonlyMap<string, DatasetDefinition>): ReadonlyMap<string, SuiteRun> {
  const runs = new Map<string, SuiteRun>();
  for (const suite of session.plan.validation_strategy?.regression_validation ?? []) {
    runs.set(
      suite.regression_suite_id,
      resolveSuiteRun(suite, {
        boundChecks: session.vocabulary.boundChecks,
        isExecutableInTree: (path) => isExecutableInTree(session.planDir, path),
        isExecutableDataset: (id) => datasets.get(id)?.execution !== undefined,
      }),
    );
  }
  return runs;
}

function createdEvent(session: RunSession, startedBy: string, pid: number, timeScale: number): RunCreated {
  return {
    kind: "run.created",
    planPath: session.planPath,
    planHash: session.planHash,
    startedBy,
    host: session.host,
    pid,
    ...(session.environment ? { environment: session.environment } : {}),
    timeScale,
    fingerprints: session.fingerprints,
    planText: session.document.text,
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

/**
 * Unfinished runs started from this plan's file under another plan key: the file's metadata
 * names changed, or another plan took its place. Only the latest run of each key and
 * environment counts; an older one was left behind on purpose.
 */
async function findStrayRuns(session: RunSession): Promise<RunSummary[]> {
  const seen = new Set<string>();
  const strays: RunSummary[] = [];
  for (const run of await session.store.listRuns()) {
    const key = JSON.stringify([run.planKey, run.environment ?? "", run.legacy === true]);
    if (seen.has(key)) continue;
    seen.add(key);
    if (run.planPath === session.planPath && !isRunOfPlan(run, session.identity) && run.status !== "completed" && run.status !== "rolled_back") strays.push(run);
  }
  return strays;
}

/** A timestamp to read, and 8 random bytes so that no two runs, anywhere, share an id. */
export function newRunId(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, "").replace(/\..*$/, "");
  return `${stamp}-${randomBytes(8).toString("hex")}`;
}
