import { hostname } from "node:os";
import { redactSecrets } from "../../adapters/shell/redact-secrets.js";
import { SecretMaskingCommandRunner } from "../../adapters/shell/secret-masking-command-runner.js";
import type { ReconcileResult } from "../../data/reconcile/reconcile-tables.js";
import type { Actor } from "../../ports/actor.js";
import { type ControlRequest, openDataControl } from "../data/data-control.js";
import { DataMigrationError } from "../data/data-migration-error.js";
import { joinRunJournal } from "../data/data-run-journal.js";
import { driveDataMigration } from "../data/drive-data-migration.js";
import { collectHealthSignals } from "../data/health-watch.js";
import { readAcceptanceRatio, reconcileDataMigration } from "../data/reconcile-data-migration.js";
import { type ResolvedDataMigration, resolveDataMigration } from "../data/resolve-data-migration.js";
import { rollbackDataMigration } from "../data/rollback-data-migration.js";
import type { DataRunResult } from "../data/run-data-migration.js";
import { maskMetricReadings } from "../run/redact-reading.js";
import { resolveEngineMetrics } from "../run/resolve-engine-metrics.js";
import { isRefusal, type Refusal, refusal } from "./refusal.js";
import type { Workspace } from "./workspace.js";

/** Differing keys kept in the run's journal as the reconciliation's evidence. */
const DIFFERENCES_JOURNALED = 100;

/**
 * The data actions of the run service: a plan's `data_migration.migrations[]` entry run,
 * reconciled, paused or undone on its systems. Inside a run (a step's command, named by the
 * workspace's BASCULE_RUN_ID) each joins the run's journal as the actor's.
 */

/** The migration `migrationId` names, resolved against the workspace's bindings. */
export async function openDataMigration(workspace: Workspace, migrationId: string): Promise<{ readonly kind: "migration"; readonly migration: ResolvedDataMigration } | Refusal> {
  return guard(async () => ({ kind: "migration", migration: await resolveDataMigration(workspace.session.plan, workspace.session.bindings, migrationId) }));
}

export interface DataRunHooks {
  /** Progress lines, secrets masked. */
  readonly say: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** Backfill the migration in keyset batches, resuming after the last committed one. */
export async function backfillData(
  workspace: Workspace,
  actor: Actor,
  migration: ResolvedDataMigration,
  hooks: DataRunHooks,
): Promise<(DataRunResult & { cancelledBy?: string }) | Refusal> {
  const { session, ports } = workspace;
  const control = await guard(() => openDataControl(migration.target, migration.migrationId));
  if (isRefusal(control)) return control;
  const journal = await joinRunJournal(workspace.env, ports.clock, actor);
  const parentPid = process.ppid;
  try {
    const env = commandEnv(workspace);
    const metrics = resolveEngineMetrics(session.plan, session.bindings);
    const signals = collectHealthSignals(session.plan, migration.entry, journal.stepId ?? workspace.env.BASCULE_STEP_ID, metrics, session.bindings.checks);
    const say = (line: string) => hooks.say(redactSecrets(line, session.secrets));
    const masked = (text: string) => redactSecrets(text, session.secrets);
    const result = await guard(() =>
      driveDataMigration({
        planDir: session.planDir,
        migration,
        control,
        journal,
        clock: ports.clock,
        // A health reading's error text is journaled as the pause's reason: masked like any output.
        health: { signals, provider: maskMetricReadings(ports.metrics(env), masked) },
        say,
        signal: hooks.signal,
        holder: `${hostname()}:${process.pid}`,
        // Inside a run, the engine is this command's parent (bash execs a lone command): when it
        // is killed, this backfill stops before its next batch instead of racing the resumed run.
        ...(journal.runId === undefined ? {} : { orphaned: () => process.ppid !== parentPid }),
        scripts: { runner: new SecretMaskingCommandRunner(ports.commands, session.secrets), env, onOutput: (_stream, text) => say(text.replace(/\n$/, "")) },
      }),
    );
    if (!isRefusal(result) && result.kind === "failed") return { ...result, message: masked(result.message) };
    return result;
  } finally {
    await control.close();
    await journal.close();
  }
}

/** Compare source and target by key, judge the match, and keep the verdict in the run's journal. */
export async function reconcileData(
  workspace: Workspace,
  actor: Actor,
  migration: ResolvedDataMigration,
): Promise<{ readonly kind: "reconciled"; readonly result: ReconcileResult } | Refusal> {
  const result = await guard(() => reconcileDataMigration(migration));
  if (isRefusal(result)) return result;
  const reconciled = result;
  const journal = await joinRunJournal(workspace.env, workspace.ports.clock, actor);
  try {
    await journal.record({
      kind: "data.reconciled",
      migrationId: migration.migrationId,
      passed: reconciled.passed,
      matchRatio: reconciled.match_ratio,
      acceptanceRatio: readAcceptanceRatio(migration),
      sourceRows: reconciled.source_rows,
      targetRows: reconciled.target_rows,
      differenceCount: reconciled.difference_count,
      differences: reconciled.differences.slice(0, DIFFERENCES_JOURNALED),
    });
  } finally {
    await journal.close();
  }
  return { kind: "reconciled", result: reconciled };
}

/** Pause, resume or cancel a backfill before its next batch: a row in the target database, signed by the actor. */
export async function requestDataControl(
  workspace: Workspace,
  actor: Actor,
  migration: ResolvedDataMigration,
  request: ControlRequest,
): Promise<{ readonly kind: "requested" } | Refusal> {
  const control = await guard(() => openDataControl(migration.target, migration.migrationId));
  if (isRefusal(control)) return control;
  try {
    await control.write(request, `${actor.name}@${hostname()}`, new Date(workspace.ports.clock.now()).toISOString());
  } finally {
    await control.close();
  }
  return { kind: "requested" };
}

export type DataRollbackResult =
  | { readonly kind: "rolled-back"; readonly method: string; readonly script: string; readonly checkpointsCleared: number }
  /** The rollback script failed: the data may be between states. */
  | { readonly kind: "rollback-failed"; readonly script: string; readonly message: string };

/** Put the migration's data back with its rollback script, then clear its checkpoints so a rerun starts over. */
export async function rollbackData(
  workspace: Workspace,
  actor: Actor,
  migration: ResolvedDataMigration,
  hooks: { readonly onOutput: (text: string) => void },
): Promise<DataRollbackResult | Refusal> {
  const { session, ports } = workspace;
  const result = await guard(() =>
    rollbackDataMigration({
      planDir: session.planDir,
      migration,
      scripts: { runner: new SecretMaskingCommandRunner(ports.commands, session.secrets), env: commandEnv(workspace), onOutput: (_stream, text) => hooks.onOutput(text) },
    }),
  );
  if (isRefusal(result)) return result;
  if (result.kind === "failed") return { kind: "rollback-failed", script: result.script, message: redactSecrets(result.message, session.secrets) };
  const journal = await joinRunJournal(workspace.env, ports.clock, actor);
  try {
    await journal.record({ kind: "data.rolled_back", migrationId: migration.migrationId, method: result.method, checkpointsCleared: result.checkpointsCleared });
  } finally {
    await journal.close();
  }
  return { kind: "rolled-back", method: result.method, script: result.script, checkpointsCleared: result.checkpointsCleared };
}

/** The environment a migration's own scripts get: the workspace's, the bindings' env, the systems' URLs. */
function commandEnv(workspace: Workspace): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(workspace.env)) if (value !== undefined) env[key] = value;
  Object.assign(env, workspace.session.bindings.env);
  return env;
}

/** A data migration that cannot be resolved or reached is the request's problem: a refusal, not a crash. */
async function guard<T>(work: () => Promise<T>): Promise<T | Refusal> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DataMigrationError) return refusal("bad-request", error.message);
    throw error;
  }
}
