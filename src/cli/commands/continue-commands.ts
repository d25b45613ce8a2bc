import { Argument, Command, Option } from "@commander-js/extra-typings";
import { decide as decideRun, retry as retryRun, rollback as rollbackRun, type RunResult } from "../../app/run-service/run-service.js";
import type { Workspace } from "../../app/run-service/workspace.js";
import type { CliIo } from "../cli-io.js";
import { createRunProgressReporter } from "../reporters/run-progress-reporter.js";
import { exitCodeOf } from "../run/finish-run.js";
import { cliActor, openWorkspaceOrExit, sessionOptions } from "../run/open-session.js";

/** `decide`, `retry` and `rollback`: record what to do about the run, then carry it out. */
export function continueCommands(io: CliIo, version: string, setExit: (code: number) => void) {
  const hooks = (workspace: Workspace, plan: string) => ({ pid: process.pid, observer: createRunProgressReporter(io.stdout, io.color, plan, workspace.session.environment) });
  const finish = async (workspace: Workspace, plan: string, work: Promise<RunResult>, options: { rolledBackOk?: boolean } = {}) => {
    try {
      setExit(exitCodeOf(await work, io, { ...options, plan }));
    } finally {
      await workspace.close();
    }
  };
  const decide = new Command("decide")
    .description("decide how a run paused on a failure goes on: proceed, retry or rollback")
    .argument("<plan>", "the migration-strategy.yaml")
    .addArgument(new Argument("<decision>", "what to do").choices(["proceed", "retry", "rollback"] as const))
    .option("--as <name>", "who decides (default: BASCULE_ACTOR, else the login name)")
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .option(...sessionOptions.state)
    .action(async (plan, decision, options) => {
      const workspace = await openWorkspaceOrExit(io, plan, options, version);
      await finish(workspace, plan, decideRun(workspace, cliActor(io, options.as), decision, hooks(workspace, plan)));
    });
  const retry = new Command("retry")
    .description("retry the failed step or gate of a blocked or rolled-back run, and go on")
    .argument("<plan>", "the migration-strategy.yaml")
    .option("--as <name>", "who retries (default: BASCULE_ACTOR, else the login name)")
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .option(...sessionOptions.state)
    .action(async (plan, options) => {
      const workspace = await openWorkspaceOrExit(io, plan, options, version);
      await finish(workspace, plan, retryRun(workspace, cliActor(io, options.as), hooks(workspace, plan)));
    });
  const rollback = new Command("rollback")
    .description("roll back now, without waiting on gates: the last step, the current phase, or everything")
    .argument("<plan>", "the migration-strategy.yaml")
    .addOption(new Option("--level <level>", "how far back").choices(["step", "phase", "full"] as const).makeOptionMandatory())
    .option("--as <name>", "who orders it (default: BASCULE_ACTOR, else the login name)")
    .option("--reason <text>", "why, for the journal")
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .option(...sessionOptions.state)
    .addHelpText("after", "\nExit codes: 0 rolled back, 2 nothing to roll back, 4 the rollback failed (the system may be between states).")
    .action(async (plan, options) => {
      // A rollback is most needed when the plan file broke mid-run: it then rolls back the plan the run kept.
      const workspace = await openWorkspaceOrExit(io, plan, options, version, "stored-plan-fallback");
      await finish(workspace, plan, rollbackRun(workspace, cliActor(io, options.as), { level: options.level, reason: options.reason }, hooks(workspace, plan)), {
        rolledBackOk: true,
      });
    });
  return [decide, retry, rollback];
}
