import { Command, Option } from "@commander-js/extra-typings";
import { describeDryRun } from "../../app/run/describe-dry-run.js";
import { startOrContinueRun } from "../../app/run-service/run-service.js";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { createRunProgressReporter, describeWait } from "../reporters/run-progress-reporter.js";
import { exitCodeOf } from "../run/finish-run.js";
import { cliActor, openWorkspaceOrExit, sessionOptions } from "../run/open-session.js";
import { createTerminalQuestions } from "../run/terminal-prompter.js";

export function runCommand(io: CliIo, version: string, setExit: (code: number) => void) {
  return new Command("run")
    .description("run the plan: start a run, or continue its unfinished one; a run that ended is never run again")
    .argument("<plan>", "the migration-strategy.yaml to run")
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .option(...sessionOptions.state)
    .option(
      "--dry-run",
      "print everything that would run, in order, resolved, files the plan names but lacks listed first; run and write nothing (exit 0 once shown; other lint errors exit 1)",
    )
    .option("--ignore-window", "run outside the plan's migration window (the override is journaled)")
    .addOption(new Option("--time-scale <factor>", "compress every wait, e.g. 0.0001 (default: the bindings' time_scale, else 1)").argParser(parseScale))
    .option("--as <name>", "who runs it (default: BASCULE_ACTOR, else the login name)")
    .option("--new", "start another run on purpose once the last one ended (completed, rolled back, failed, or a failed rollback)")
    .addHelpText(
      "after",
      "\nA run that completed, or was rolled back to its end, is not run again: `bascule run` says so and writes nothing; `--new` starts another.\nExit codes: 0 completed, 1 failed (rolled back or blocked), 2 bad input, 3 paused for a person, 4 rollback failed.",
    )
    .action(async (plan, options) => {
      // A dry run opens no store: touching nothing includes not creating .bascule/.
      const workspace = await openWorkspaceOrExit(io, plan, options, version, options.dryRun ? "dry-run" : "strict");
      const { session } = workspace;
      if (options.dryRun) {
        io.stdout(`${describeDryRun(session, options.timeScale ?? session.bindings.timeScale ?? 1).join("\n")}\n`);
        setExit(0);
        return;
      }
      // Only a person at a terminal is asked; CI and pipes pause with exit 3 instead.
      const interactive = io.interactive === true && io.env.CI !== "true";
      // Ctrl-C stops after the command now running, which is left to finish rather than be
      // killed half-way; a second Ctrl-C leaves at once, and the journal shows that step in doubt.
      const controller = new AbortController();
      const stop = () => {
        if (controller.signal.aborted) process.exit(130);
        io.stderr("bascule: stopping after the current command (Ctrl-C again to leave now)\n");
        controller.abort();
      };
      process.on("SIGINT", stop);
      try {
        const result = await startOrContinueRun(
          workspace,
          cliActor(io, options.as),
          { ignoreWindow: options.ignoreWindow === true, timeScale: options.timeScale, fresh: options.new === true },
          {
            pid: process.pid,
            observer: createRunProgressReporter(io.stdout, io.color, plan, session.environment),
            questions: interactive ? createTerminalQuestions(process.stdin, process.stdout) : undefined,
            signal: controller.signal,
          },
        );
        // A blocked run says how to go on, every time it is asked to run.
        if (result.kind === "driven" && result.outcome.kind === "finished" && result.outcome.state.awaitingDecision) {
          io.stdout(`${describeWait({ kind: "decision", ...result.outcome.state.awaitingDecision }, plan, session.environment)}\n`);
        }
        setExit(exitCodeOf(result, io, { plan }));
      } finally {
        process.off("SIGINT", stop);
        await workspace.close();
      }
    });
}

function parseScale(value: string): number {
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale <= 0) throw new CliError(`--time-scale must be a number above 0, like 0.001; got ${JSON.stringify(value)}`, 2);
  return scale;
}
