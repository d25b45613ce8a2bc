import { Command } from "@commander-js/extra-typings";
import { listRuns, readLogs } from "../../app/run-service/run-service.js";
import type { CliIo } from "../cli-io.js";
import { refusalError } from "../render-remedy.js";
import { openWorkspaceOrExit, sessionOptions } from "../run/open-session.js";

/** `runs` and `logs`: what happened before. */
export function historyCommands(io: CliIo, version: string, setExit: (code: number) => void) {
  const runs = new Command("runs")
    .description("list the plan's runs, newest first")
    .argument("<plan>", "the migration-strategy.yaml")
    .option("--json", "print JSON")
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .option(...sessionOptions.state)
    .action(async (plan, options) => {
      const workspace = await openWorkspaceOrExit(io, plan, options, version, "stored-plan-fallback");
      try {
        const history = await listRuns(workspace);
        if (history.kind === "refused") throw refusalError(history, plan);
        const list = history.runs;
        if (options.json) io.stdout(`${JSON.stringify({ runs: list }, null, 2)}\n`);
        else if (list.length === 0) io.stdout("no runs yet\n");
        else for (const r of list) io.stdout(`${r.runId}  ${r.status.padEnd(15)} started ${r.startedAt} by ${r.startedBy}, updated ${r.updatedAt}\n`);
        setExit(0);
      } finally {
        await workspace.close();
      }
    });
  const logs = new Command("logs")
    .description("print the output of the latest run's commands, or of one step")
    .argument("<plan>", "the migration-strategy.yaml")
    .argument("[step]", "only this step")
    .option("--run <id>", "a particular run (default: the latest)")
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .option(...sessionOptions.state)
    .action(async (plan, step, options) => {
      const workspace = await openWorkspaceOrExit(io, plan, options, version, "stored-plan-fallback");
      try {
        const logged = await readLogs(workspace, { runId: options.run, stepId: step });
        if (logged.kind === "refused") throw refusalError(logged, plan);
        const { chunks } = logged;
        if (chunks.length === 0) io.stdout(step ? `no output recorded for ${step}\n` : "no output recorded\n");
        let last = "";
        for (const chunk of chunks) {
          const head = `${chunk.stepId} (attempt ${chunk.attempt})`;
          if (head !== last) io.stdout(`── ${head}\n`);
          last = head;
          io.stdout(chunk.text.endsWith("\n") ? chunk.text : `${chunk.text}\n`);
        }
        setExit(0);
      } finally {
        await workspace.close();
      }
    });
  return [runs, logs];
}
