import { Command } from "@commander-js/extra-typings";
import { DataMigrationError } from "../../app/data/data-migration-error.js";
import { reconcileDataMigration } from "../../app/data/reconcile-data-migration.js";
import { type ResolvedDataMigration, resolveDataMigration } from "../../app/data/resolve-data-migration.js";
import { type DataRunResult, runDataMigration } from "../../app/data/run-data-migration.js";
import type { BackfillProgress } from "../../data/backfill/backfill-request.js";
import type { ReconcileResult } from "../../data/reconcile/reconcile-tables.js";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { openSessionOrExit, sessionOptions } from "../run/open-session.js";

/** Lines shown at most per second, so a fast backfill does not flood the terminal. */
const PROGRESS_INTERVAL_MS = 1_000;
const DIFFERENCES_SHOWN = 20;

/**
 * `bascule data run|reconcile PLAN MIGRATION_ID`: a `data_migration.migrations[]` entry run on
 * its own (not yet inside a run's journal), on SQLite systems bound in the bindings.
 */
export function dataCommand(io: CliIo, version: string, setExit: (code: number) => void) {
  const data = new Command("data").description("run or check a data migration of the plan (SQLite systems)");
  data
    .command("run")
    .description("copy or transform the source table into the target in keyset batches, resuming after the last committed batch")
    .argument("<plan>", "the migration-strategy.yaml")
    .argument("<migration-id>", "a data_migration.migrations[].migration_id")
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .option("--json", "print only a final summary object")
    .addHelpText(
      "after",
      "\nThe source table is source.tables[0], keyed by its primary key (or x-key_columns: [..] on the migration).\n" +
        "The transformation is execution_plan.execution_script, else transformation_logic.code_location: a .sql file\n" +
        "beside the plan, one statement bound by :batch_start and :batch_end (:batch_start_<column> etc. for a composite\n" +
        "key). With source and target in different files, the SQL reads the source as source.<table>.\n" +
        "Ctrl-C stops between batches; run the same command again to resume.\n" +
        "Exit codes: 0 completed, 1 a batch failed, 2 bad input, 3 cancelled.",
    )
    .action(async (plan, migrationId, options) => {
      const { planDir, migration } = resolveOrExit(io, plan, migrationId, options, version);
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once("SIGINT", stop);
      let result: DataRunResult;
      try {
        const printer = options.json === true ? undefined : createProgressPrinter(io);
        result = await guard(() => runDataMigration({ planDir, migration, signal: controller.signal, ...(printer === undefined ? {} : { onProgress: printer }) }));
      } finally {
        process.off("SIGINT", stop);
      }
      if (options.json === true) io.stdout(`${JSON.stringify(summarizeRun(result), null, 2)}\n`);
      else io.stdout(describeRunResult(result, plan));
      if (result.kind === "failed") throw new CliError(`data migration ${migrationId} failed: ${result.message}`, 1);
      setExit(result.kind === "completed" ? 0 : 3);
    });
  data
    .command("reconcile")
    .description("compare the source and target tables by key and judge the match against validation.reconciliation.acceptance_threshold")
    .argument("<plan>", "the migration-strategy.yaml")
    .argument("<migration-id>", "a data_migration.migrations[].migration_id")
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .option("--json", "print { passed, match_ratio, source_rows, target_rows, differences: [{ key, kind }], ... }")
    .addHelpText(
      "after",
      "\nCompares source.tables[0] and target.tables[0] by key, on the non-key columns both have (by name); the target's\n" +
        "primary key must have the source key's column names (or x-key_columns applies to both). The default threshold is 100%.\n" +
        "Exit codes: 0 passed, 1 failed, 2 bad input.",
    )
    .action(async (plan, migrationId, options) => {
      const { migration } = resolveOrExit(io, plan, migrationId, options, version);
      const result = await guard(() => reconcileDataMigration(migration));
      io.stdout(options.json === true ? `${JSON.stringify(result, null, 2)}\n` : describeReconcileResult(migrationId, result));
      setExit(result.passed ? 0 : 1);
    });
  // main.ts sets these on top-level commands only; a usage error here must not exit the process.
  for (const command of data.commands) command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  return data;
}

function resolveOrExit(io: CliIo, plan: string, migrationId: string, flags: { config?: string; env?: string }, version: string): { planDir: string; migration: ResolvedDataMigration } {
  // Nothing of a run is touched: no store is opened, nothing is created beside the plan.
  const session = openSessionOrExit(io, plan, flags, version, false);
  return { planDir: session.planDir, migration: guardSync(() => resolveDataMigration(session.plan, session.bindings, migrationId)) };
}

function guardSync<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof DataMigrationError) throw new CliError(error.message, 2);
    throw error;
  }
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DataMigrationError) throw new CliError(error.message, 2);
    throw error;
  }
}

function createProgressPrinter(io: CliIo): (progress: BackfillProgress) => void {
  let lastPrinted: number | undefined;
  return (progress) => {
    const now = Date.now();
    const finished = progress.rowsDone >= progress.rowsTotal;
    if (!finished && lastPrinted !== undefined && now - lastPrinted < PROGRESS_INTERVAL_MS) return;
    lastPrinted = now;
    io.stdout(`${describeProgress(progress)}\n`);
  };
}

/** `1200 / 5000 rows (24%), 850 rows/s, ETA 4s`. */
export function describeProgress(progress: BackfillProgress): string {
  const percent = progress.rowsTotal === 0 ? 100 : Math.min(100, Math.floor((progress.rowsDone * 100) / progress.rowsTotal));
  const eta = progress.etaMs === undefined ? "ETA unknown" : `ETA ${formatDuration(progress.etaMs)}`;
  return `${progress.rowsDone} / ${progress.rowsTotal} rows (${percent}%), ${Math.round(progress.rowsPerSecond)} rows/s, ${eta}`;
}

function formatDuration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}

function summarizeRun(result: DataRunResult): Record<string, unknown> {
  if (result.kind === "failed") return { migration_id: result.migrationId, outcome: "failed", error: result.message };
  return {
    migration_id: result.migrationId,
    outcome: result.kind,
    batches_run: result.batchesRun,
    rows_written: result.rowsWritten,
    rows_done: result.rowsDone,
    rows_total: result.rowsTotal,
    effective_workers: result.effectiveWorkers,
  };
}

function describeRunResult(result: DataRunResult, plan: string): string {
  const id = result.migrationId;
  switch (result.kind) {
    case "failed":
      return "";
    case "completed":
      return result.batchesRun === 0
        ? `data migration ${id}: nothing to do, all ${result.rowsDone} source rows were already migrated\n`
        : `data migration ${id} completed: ${result.batchesRun} batches, ${result.rowsWritten} rows written, ${result.rowsDone} / ${result.rowsTotal} source rows done\n`;
    case "cancelled":
      return (
        `data migration ${id} cancelled after ${result.batchesRun} batches (${result.rowsDone} / ${result.rowsTotal} source rows done); committed batches are kept.\n` +
        `To resume, run the same command again: bascule data run ${plan} ${id}\n`
      );
  }
}

function describeReconcileResult(migrationId: string, result: ReconcileResult): string {
  const ratio = `${(result.match_ratio * 100).toFixed(4).replace(/\.?0+$/, "")}%`;
  const lines = [
    `data migration ${migrationId}: ${result.passed ? "PASSED" : "FAILED"} reconciliation, ${ratio} of keys match`,
    `  source rows: ${result.source_rows}, target rows: ${result.target_rows}, differing keys: ${result.difference_count}`,
    `  compared columns: ${result.compared_columns.length === 0 ? "(keys only)" : result.compared_columns.join(", ")}`,
  ];
  const shown = result.differences.slice(0, DIFFERENCES_SHOWN);
  for (const difference of shown) lines.push(`  ${difference.kind.padEnd(7)} ${JSON.stringify(difference.key)}`);
  const more = result.difference_count - shown.length;
  if (more > 0) lines.push(`  … and ${more} more (use --json for up to ${result.differences.length})`);
  return `${lines.join("\n")}\n`;
}
