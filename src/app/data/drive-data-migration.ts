import type { BackfillProgress } from "../../data/backfill/backfill-request.js";
import { formatDuration } from "../../plan/values/duration.js";
import type { Clock } from "../../ports/clock.js";
import type { MetricProvider } from "../../ports/metric-provider.js";
import { quoteShellCommand } from "../quote-shell-argument.js";
import type { DataControl } from "./data-control.js";
import type { DataJournal } from "./data-run-journal.js";
import { judgeHealth, type HealthSignal } from "./health-watch.js";
import { type DataRunResult, runDataMigration, type RunDataMigrationOptions } from "./run-data-migration.js";

export interface DriveDataMigrationOptions extends Omit<RunDataMigrationOptions, "beforeBatch" | "onProgress"> {
  readonly control: DataControl;
  readonly journal: DataJournal;
  readonly health?: { readonly signals: readonly HealthSignal[]; readonly provider: MetricProvider };
  /** Lines for the terminal: progress at most once per `progressEveryMs`, every pause and resume. */
  readonly say: (line: string) => void;
  /** How often a paused backfill looks again, and the shortest time between progress lines. @default 1000 */
  readonly pollMs?: number;
  readonly progressEveryMs?: number;
  readonly clock: Clock;
  /** Who runs it (`host:pid`), for the migration's one running slot. */
  readonly holder: string;
  /** True once the run that started this command is gone: it then stops before its next batch. */
  readonly orphaned?: () => boolean;
}

/** A holder silent for this long has died; its slot may be taken. Batches are far shorter. */
export const DATA_LEASE_MS = 60_000;
const HEARTBEAT_EVERY_MS = 5_000;

/**
 * Runs a migration's backfill under its operator switch and health signals, and tells the run's
 * journal (when a step started it) and the terminal how it goes: progress, pauses, the end.
 */
export async function driveDataMigration(options: DriveDataMigrationOptions): Promise<DataRunResult & { cancelledBy?: string }> {
  const { control, migration } = options;
  const migrationId = migration.migrationId;
  const { clock } = options;
  const now = () => clock.now();
  const pollMs = options.pollMs ?? 1000;
  const progressEveryMs = options.progressEveryMs ?? 1000;
  // A new `data run` is itself the request to go: an old cancel must not stop it at once.
  if ((await control.read()).request === "cancel") await control.write("run", "bascule data run", new Date(now()).toISOString());
  // One walker per migration: a second one (a step re-run while an orphan still works) waits its turn.
  for (let said = false; ; said = true) {
    const claim = await control.claim(options.holder, now(), DATA_LEASE_MS);
    if (claim.kind === "claimed") break;
    if (!said) options.say(`data migration ${migrationId} is being run by ${claim.holder} (last heard ${claim.heartbeat}); waiting for it to finish`);
    if (options.signal?.aborted === true) return { kind: "cancelled", migrationId, batchesRun: 0, rowsWritten: 0, rowsDone: 0, rowsTotal: 0, effectiveWorkers: 0 };
    await clock.sleep(pollMs, options.signal);
  }
  try {
    return await walkUnderControl(options, clock, pollMs, progressEveryMs);
  } finally {
    await control.release(options.holder).catch(() => undefined);
  }
}

/** The backfill itself, each batch behind the operator's switch, the health signals and the heartbeat. */
async function walkUnderControl(options: DriveDataMigrationOptions, clock: Clock, pollMs: number, progressEveryMs: number): Promise<DataRunResult & { cancelledBy?: string }> {
  const now = () => clock.now();
  const { control, journal, migration } = options;
  const migrationId = migration.migrationId;
  let lastBeat = now();
  let paused: { since: number; reason: string } | undefined;
  let cancelledBy: string | undefined;
  let lastHealthAt = -Infinity;
  let lastReason: string | undefined;

  const beforeBatch = async (signal?: AbortSignal): Promise<"continue" | "stop"> => {
    for (;;) {
      if (signal?.aborted === true) return "stop";
      if (options.orphaned?.() === true) {
        cancelledBy = "the end of the run that started it";
        return "stop";
      }
      if (now() - lastBeat >= HEARTBEAT_EVERY_MS) {
        lastBeat = now();
        await control.heartbeat(options.holder, lastBeat);
      }
      const switchState = await control.read();
      if (switchState.request === "cancel") {
        cancelledBy = switchState.by ?? "an operator";
        return "stop";
      }
      let reason: string | undefined;
      if (switchState.request === "pause") {
        reason = `paused by ${switchState.by ?? "an operator"}; ${quoteShellCommand(["bascule", "data", "resume", migrationId])} goes on`;
      } else if (options.health !== undefined && options.health.signals.length > 0) {
        // Health is read at most once per poll interval while healthy, so batches are not slowed.
        if (paused !== undefined || now() - lastHealthAt >= pollMs) {
          const verdict = await judgeHealth(options.health.signals, options.health.provider, signal);
          lastHealthAt = now();
          lastReason = verdict.healthy ? undefined : `health: ${verdict.reason}`;
        }
        reason = lastReason;
      }
      if (reason === undefined) {
        if (paused !== undefined) {
          const pausedMs = now() - paused.since;
          paused = undefined;
          options.say(`data migration ${migrationId} resumed after ${Math.round(pausedMs / 1000)}s`);
          await journal.record({ kind: "data.resumed", migrationId, pausedMs });
        }
        return "continue";
      }
      if (paused?.reason !== reason) {
        paused = { since: paused?.since ?? now(), reason };
        options.say(`data migration ${migrationId} paused: ${reason}`);
        await journal.record({ kind: "data.paused", migrationId, reason });
      }
      await clock.sleep(pollMs, signal);
    }
  };

  let lastShown = -Infinity;
  let latest: BackfillProgress | undefined;
  const onProgress = (progress: BackfillProgress): void => {
    latest = progress;
    const done = progress.rowsDone >= progress.rowsTotal;
    if (!done && now() - lastShown < progressEveryMs) return;
    lastShown = now();
    options.say(`data migration ${migrationId}: ${describeProgress(progress)}`);
    void journal
      .record(
        {
          kind: "data.progress",
          migrationId,
          rowsDone: progress.rowsDone,
          rowsTotal: progress.rowsTotal,
          batchesDone: progress.batchesDone,
          rowsPerSecond: progress.rowsPerSecond,
          ...(progress.etaMs === undefined ? {} : { etaMs: progress.etaMs }),
          batchSize: progress.batchSize ?? 0,
          workers: progress.workers ?? 1,
        },
        false,
      )
      .catch(() => undefined);
  };

  const result = await runDataMigration({ ...options, beforeBatch, onProgress });
  await journal.record(finishedEvent(result, latest, cancelledBy));
  return cancelledBy === undefined ? result : { ...result, cancelledBy };
}

function finishedEvent(result: DataRunResult, latest: BackfillProgress | undefined, cancelledBy: string | undefined) {
  const base = { kind: "data.finished" as const, migrationId: result.migrationId };
  switch (result.kind) {
    case "failed":
      return {
        ...base,
        outcome: "failed" as const,
        rowsDone: latest?.rowsDone ?? 0,
        rowsTotal: latest?.rowsTotal ?? 0,
        batchesRun: 0,
        rowsWritten: 0,
        workers: 0,
        message: result.message,
      };
    case "script":
      return {
        ...base,
        outcome: result.exitCode === 0 ? ("completed" as const) : ("failed" as const),
        rowsDone: 0,
        rowsTotal: 0,
        batchesRun: 0,
        rowsWritten: 0,
        workers: 1,
        message: `execution_script ${result.script} exited ${result.exitCode}`,
      };
    default:
      return {
        ...base,
        outcome: result.kind,
        rowsDone: result.rowsDone,
        rowsTotal: result.rowsTotal,
        batchesRun: result.batchesRun,
        rowsWritten: result.rowsWritten,
        workers: result.effectiveWorkers,
        ...(result.kind === "cancelled" ? { message: `cancelled by ${cancelledBy ?? "a stop signal"}; committed batches are kept` } : {}),
      };
  }
}

/** `1200 / 5000 rows (24%), 850 rows/s, ETA 4s`. */
export function describeProgress(progress: BackfillProgress): string {
  const percent = progress.rowsTotal === 0 ? 100 : Math.min(100, Math.floor((progress.rowsDone * 100) / progress.rowsTotal));
  const eta = progress.etaMs === undefined ? "ETA unknown" : `ETA ${formatDuration(Math.ceil(progress.etaMs / 1000) * 1000)}`;
  const batch = progress.batchSize === undefined ? "" : `, batch ${progress.batchSize}`;
  return `${progress.rowsDone} / ${progress.rowsTotal} rows (${percent}%), ${Math.round(progress.rowsPerSecond)} rows/s, ${eta}${batch}`;
}
