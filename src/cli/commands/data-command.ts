import { Command } from "@commander-js/extra-typings";
import type { ControlRequest } from "../../app/data/data-control.js";
import type { ResolvedDataMigration } from "../../app/data/resolve-data-migration.js";
import type { DataRunResult } from "../../app/data/run-data-migration.js";
import { quoteShellCommand } from "../../app/quote-shell-argument.js";
import { openDataMigration, reconcileData, requestDataControl, rollbackData, backfillData } from "../../app/run-service/data-actions.js";
import { isRefusal, type Refusal } from "../../app/run-service/refusal.js";
import type { Workspace } from "../../app/run-service/workspace.js";
import type { ReconcileResult } from "../../data/reconcile/reconcile-tables.js";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { refusalError } from "../render-remedy.js";
import { cliActor, openWorkspaceOrExit, sessionOptions } from "../run/open-session.js";

const DIFFERENCES_SHOWN = 20;

// Commander cannot put an optional argument before a required one: one argument is the id, two are plan and id.
const planArguments = "<plan-or-migration-id> [migration-id]";
const argumentHelp =
  "\nWith one argument it is the migration id and the plan is $BASCULE_PLAN (set for a step's\ncommands by bascule run), else ./migration-strategy.yaml; with two, the plan comes first.\n" +
  "Inside a run (a step's command), the bindings and environment of the run are used and events join its journal.";

interface DataFlags {
  readonly config?: string;
  readonly env?: string;
  readonly json?: boolean;
}

/**
 * `bascule data run|reconcile|pause|resume|cancel|rollback [PLAN] MIGRATION_ID`: a
 * `data_migration.migrations[]` entry on the SQLite or PostgreSQL systems of the bindings.
 */
export function dataCommand(io: CliIo, version: string, setExit: (code: number) => void) {
  const data = new Command("data").description("run, check, pause or undo a data migration of the plan (SQLite and PostgreSQL systems)");
  data
    .command("run")
    .description("copy or transform the source table into the target in keyset batches, resuming after the last committed batch")
    .arguments(planArguments)
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .option("--json", "print only a final summary object")
    .addHelpText(
      "after",
      "\nThe source table is source.tables[0], keyed by its primary key (or key_columns under data_migrations.<id> in the\n" +
        "bindings, or x-key_columns on the migration). The transformation is execution_plan.execution_script, else\n" +
        "transformation_logic.code_location: a .sql file beside the plan, one statement bound by :batch_start and :batch_end\n" +
        "(:batch_start_<column> etc. for a composite key). SQLite: with source and target in different files the SQL reads\n" +
        "the source as source.<table>. PostgreSQL: source and target are one database. An execution_script that is not\n" +
        ".sql runs once as a command, with BASCULE_SOURCE_URL and BASCULE_TARGET_URL in its environment.\n" +
        "No batch starts while the step's alert_conditions hold or the migration's pre_migration_checks fail (when they\n" +
        "can be read), nor while paused (bascule data pause). Ctrl-C or bascule data cancel stops between batches; run the\n" +
        "same command again to resume.\n" +
        argumentHelp +
        "\nExit codes: 0 completed, 1 a batch failed, 2 bad input, 3 cancelled.",
    )
    .action(async (first, second, options) => {
      const { workspace, migration, planArgument } = await openTarget(io, version, first, second, options);
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      let result: Awaited<ReturnType<typeof backfillData>>;
      try {
        const say = options.json === true ? () => undefined : (line: string) => io.stdout(`${line}\n`);
        result = await backfillData(workspace, cliActor(io), migration, { say, signal: controller.signal });
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
      const ran = orExit(result, planArgument);
      if (options.json === true) io.stdout(`${JSON.stringify(summarizeRun(ran), null, 2)}\n`);
      else io.stdout(describeRunResult(ran, planArgument));
      if (ran.kind === "failed") throw new CliError(`data migration ${ran.migrationId} failed: ${ran.message}`, 1);
      if (ran.kind === "script") return setExit(ran.exitCode === 0 ? 0 : 1);
      setExit(ran.kind === "completed" ? 0 : 3);
    });
  data
    .command("reconcile")
    .description("compare the source and target tables by key and judge the match against validation.reconciliation.acceptance_threshold")
    .arguments(planArguments)
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .option("--json", "print { passed, match_ratio, source_rows, target_rows, differences: [{ key, kind, source_rows?, target_rows? }], ... }")
    .addHelpText(
      "after",
      "\nCompares source.tables[0] and target.tables[0] (or the bindings' source_query / target_query under\n" +
        "data_migrations.<id>) by key, on the non-key columns both have (by name); the target is keyed by its columns of the\n" +
        "source key's names, primary key or not (or key_columns applies to both). A key with more than one row on a side is a\n" +
        "duplicate, counted against the threshold like any differing key. The default threshold is 100%.\n" +
        argumentHelp +
        " There the verdict and the first differing keys are kept in the journal as evidence.\n" +
        "Exit codes: 0 passed, 1 failed, 2 bad input.",
    )
    .action(async (first, second, options) => {
      const { workspace, migration, planArgument } = await openTarget(io, version, first, second, options);
      const { result } = orExit(await reconcileData(workspace, cliActor(io), migration), planArgument);
      io.stdout(options.json === true ? `${JSON.stringify(result, null, 2)}\n` : describeReconcileResult(migration.migrationId, result));
      setExit(result.passed ? 0 : 1);
    });
  for (const [name, request, what] of [
    ["pause", "pause", "hold a running backfill before its next batch (committed batches stay)"],
    ["resume", "run", "let a paused backfill go on"],
    ["cancel", "cancel", "stop a running backfill before its next batch; running it again resumes"],
  ] as const) {
    data
      .command(name)
      .description(what)
      .arguments(planArguments)
      .option(...sessionOptions.config)
      .option(...sessionOptions.env)
      .option("--as <name>", "who asks (default: $BASCULE_ACTOR, else the login name)")
      .addHelpText("after", `\nThe request is kept in the target database (table bascule_data_control) and read before every batch.${argumentHelp}`)
      .action(async (first, second, options) => {
        const { workspace, migration, planArgument } = await openTarget(io, version, first, second, options);
        orExit(await requestDataControl(workspace, cliActor(io, options.as), migration, request), planArgument);
        io.stdout(`${describeControlRequest(migration.migrationId, request)}\n`);
        setExit(0);
      });
  }
  data
    .command("rollback")
    .description("put a migration's data back with its rollback.rollback_script, then clear its checkpoints so a rerun starts over")
    .arguments(planArguments)
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .addHelpText(
      "after",
      "\nA .sql rollback_script runs on the target system in one transaction; anything else runs as a command with\n" +
        "BASCULE_SOURCE_URL and BASCULE_TARGET_URL in its environment. A step that ran `bascule data run ID` runs this\n" +
        "when it is rolled back." +
        argumentHelp +
        "\nExit codes: 0 rolled back, 2 bad input or no rollback, 4 the script failed (nothing of a .sql script stays; a command may have done part).",
    )
    .action(async (first, second, options) => {
      const { workspace, migration, planArgument } = await openTarget(io, version, first, second, options);
      const result = orExit(await rollbackData(workspace, cliActor(io), migration, { onOutput: (text) => io.stdout(text) }), planArgument);
      if (result.kind === "rollback-failed") {
        // A failed rollback may leave the data between states: exit 4, as every failed rollback does.
        throw new CliError(`data migration ${migration.migrationId}: rollback_script ${result.script} failed: ${result.message}`, 4);
      }
      io.stdout(
        `data migration ${migration.migrationId} rolled back (${result.method}) with ${result.script}; ${result.checkpointsCleared} checkpoints cleared, so running it again starts over\n`,
      );
      setExit(0);
    });
  // main.ts sets these on top-level commands only; a usage error here must not exit the process.
  for (const command of data.commands) command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  return data;
}

async function openTarget(
  io: CliIo,
  version: string,
  first: string,
  second: string | undefined,
  flags: DataFlags,
): Promise<{ workspace: Workspace; migration: ResolvedDataMigration; planArgument: string }> {
  const [planArgument, migrationId] = second === undefined ? [io.env.BASCULE_PLAN ?? "migration-strategy.yaml", first] : [first, second];
  // A step's command inherits the run's bindings and environment unless it names its own.
  const config = flags.config ?? io.env.BASCULE_CONFIG;
  const environment = flags.env ?? io.env.BASCULE_ENV;
  // Nothing of a run is touched: no store is opened, nothing is created beside the plan.
  const workspace = await openWorkspaceOrExit(io, planArgument, { ...(config ? { config } : {}), ...(environment ? { env: environment } : {}) }, version, "no-store");
  const { migration } = orExit(await openDataMigration(workspace, migrationId), planArgument);
  return { workspace, migration, planArgument: second === undefined && io.env.BASCULE_PLAN === undefined ? "" : planArgument };
}

function orExit<T>(result: T | Refusal, plan: string): T {
  if (isRefusal(result)) throw refusalError(result, plan);
  return result;
}

function describeControlRequest(id: string, request: ControlRequest): string {
  return request === "pause"
    ? `data migration ${id}: pause requested; no new batch starts until ${quoteShellCommand(["bascule", "data", "resume", id])}`
    : request === "cancel"
      ? `data migration ${id}: cancel requested; the backfill stops before its next batch, and ${quoteShellCommand(["bascule", "data", "run", id])} resumes it`
      : `data migration ${id}: resume requested; the backfill goes on before its next batch`;
}

function summarizeRun(result: DataRunResult & { cancelledBy?: string }): Record<string, unknown> {
  if (result.kind === "failed") return { migration_id: result.migrationId, outcome: "failed", error: result.message };
  if (result.kind === "script")
    return { migration_id: result.migrationId, outcome: result.exitCode === 0 ? "completed" : "failed", script: result.script, exit_code: result.exitCode };
  return {
    migration_id: result.migrationId,
    outcome: result.kind,
    batches_run: result.batchesRun,
    rows_written: result.rowsWritten,
    rows_done: result.rowsDone,
    rows_total: result.rowsTotal,
    effective_workers: result.effectiveWorkers,
    ...(result.cancelledBy ? { cancelled_by: result.cancelledBy } : {}),
  };
}

function describeRunResult(result: DataRunResult & { cancelledBy?: string }, plan: string): string {
  const id = result.migrationId;
  const again = quoteShellCommand(["bascule", "data", "run", ...(plan === "" ? [] : [plan]), id]);
  switch (result.kind) {
    case "failed":
      return "";
    case "script":
      return `data migration ${id}: execution_script ${result.script} exited ${result.exitCode}\n`;
    case "completed":
      return result.batchesRun === 0
        ? `data migration ${id}: nothing to do, all ${result.rowsDone} source rows were already migrated\n`
        : `data migration ${id} completed: ${result.batchesRun} batches, ${result.rowsWritten} rows written, ${result.rowsDone} / ${result.rowsTotal} source rows done, ${result.effectiveWorkers} worker(s)\n`;
    case "cancelled":
      return (
        `data migration ${id} cancelled${result.cancelledBy ? ` by ${result.cancelledBy}` : ""} after ${result.batchesRun} batches (${result.rowsDone} / ${result.rowsTotal} source rows done); committed batches are kept.\n` +
        `To resume, run the same command again: ${again}\n`
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
  for (const difference of shown) {
    const rows = difference.kind === "duplicate" ? ` (${describeRows(difference.source_rows, "source")}, ${describeRows(difference.target_rows, "target")})` : "";
    lines.push(`  ${difference.kind.padEnd(7)} ${JSON.stringify(difference.key)}${rows}`);
  }
  const more = result.difference_count - shown.length;
  if (more > 0) lines.push(`  … and ${more} more (use --json for up to ${result.differences.length})`);
  return `${lines.join("\n")}\n`;
}

function describeRows(count: number, side: string): string {
  return `${count} ${side} row${count === 1 ? "" : "s"}`;
}
