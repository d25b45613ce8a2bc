import { Command } from "@commander-js/extra-typings";
import { type CleanupRecorded, performCleanupTask } from "../../app/run-service/run-service.js";
import type { CliIo } from "../cli-io.js";
import { refusalError } from "../render-remedy.js";
import { cliActor, openWorkspaceOrExit, sessionOptions } from "../run/open-session.js";

/** `bascule cleanup`: do a post-migration cleanup task of a completed run, and record it in the run's journal. */
export function cleanupCommand(io: CliIo, version: string, setExit: (code: number) => void) {
  return new Command("cleanup")
    .description("do a post_migration cleanup task once the run has reached completion: run its bound steps, attest the others, check its validation")
    .argument("<plan>", "the migration-strategy.yaml")
    .argument("<task>", "the cleanup task id, e.g. CLEANUP-001")
    .option("--as <name>", "who does it (default: BASCULE_ACTOR, else the login name)")
    .option("--evidence <text>", "what shows it was done: a link, a file, a note; kept in the journal")
    .option("--failed", "the task was tried and did not succeed: nothing runs, it is recorded as failed and stays open")
    .option("--json", "print the documented JSON shape")
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .option(...sessionOptions.state)
    .addHelpText(
      "after",
      "\nSteps bound to a command in the bindings' `checks` run (their output is kept: `bascule logs PLAN cleanup:TASK`);\n" +
        "the others are attested by whoever runs this. The validation runs when bound, is read from its metric when it is\n" +
        "a condition, else is attested. `bascule status` lists each task as pending, due, overdue or done.\n" +
        "Example:\n" +
        '  bascule cleanup migration-strategy.yaml CLEANUP-001 --as "DBA Lead" --evidence "old column dropped, see CHG-1234"\n' +
        "Exit codes: 0 done, 1 a step or the validation failed (the task stays open), 2 bad input, an unknown task, or a run\n" +
        "that has not reached completion.",
    )
    .action(async (plan, task, options) => {
      const workspace = await openWorkspaceOrExit(io, plan, options, version);
      try {
        // Command output goes beside the report, never into the JSON.
        const show = options.json ? io.stderr : io.stdout;
        const result = await performCleanupTask(
          workspace,
          cliActor(io, options.as),
          { taskId: task, evidence: options.evidence, failed: options.failed === true },
          (_stream, text) => show(text),
        );
        if (result.kind === "refused") throw refusalError(result, plan);
        for (const note of result.notes) io.stderr(`note: ${note}\n`);
        io.stdout(options.json ? `${JSON.stringify(describeCleanupJson(result), null, 2)}\n` : renderCleanup(result));
        setExit(result.verdict === "passed" ? 0 : 1);
      } finally {
        await workspace.close();
      }
    });
}

/** `bascule cleanup --json`: a documented, stable shape. */
function describeCleanupJson(result: CleanupRecorded) {
  return {
    run_id: result.runId,
    task_id: result.taskId,
    by: result.by,
    verdict: result.verdict,
    ...(result.detail ? { detail: result.detail } : {}),
    items: result.items,
    notes: result.notes,
  };
}

const marks: Record<string, string> = { passed: "✓", failed: "✗" };

function renderCleanup(result: CleanupRecorded): string {
  const lines = result.items.map(
    (item) =>
      `  ${item.verdict ? marks[item.verdict] : "·"} ${item.part} ${JSON.stringify(item.text)}: ${item.via === "skipped" ? "not reached" : `${item.via} ${item.verdict}`}${item.detail ? ` (${item.detail})` : ""}`,
  );
  const outcome =
    result.verdict === "passed" ? `cleanup task ${result.taskId} done by ${result.by}` : `cleanup task ${result.taskId} FAILED: ${result.detail ?? "no detail"}; it stays open`;
  return `${[...lines, `${outcome} (recorded in run ${result.runId})`].join("\n")}\n`;
}
