import { Argument, Command, Option } from "@commander-js/extra-typings";
import { decisionEvents } from "../../app/run/record-signature.js";
import { runPlan } from "../../app/run/run-plan.js";
import type { RunSession } from "../../app/run/run-session.js";
import { planRollback } from "../../engine/plan-rollback.js";
import type { JournalEvent } from "../../engine/journal-event.js";
import type { RunState } from "../../engine/run-state.js";
import type { CliIo } from "../cli-io.js";
import { createRunProgressReporter } from "../reporters/run-progress-reporter.js";
import { exitCodeOf } from "../run/finish-run.js";
import { openSessionOrExit, openSessionOrStoredPlanOrExit, resolveActor, sessionOptions } from "../run/open-session.js";
import { createSystemPorts } from "../../app/run/system-ports.js";

type Before = (state: RunState, actor: string) => readonly JournalEvent[] | { kind: "refused"; message: string; exitCode: 1 | 2 | 3 | 4 };

/** `decide`, `retry` and `rollback`: record what to do about the run, then carry it out. */
export function continueCommands(io: CliIo, version: string, setExit: (code: number) => void) {
  const drive = async (session: RunSession, plan: string, actor: string, before: Before, options: { rolledBackOk?: boolean } = {}) => {
    try {
      const result = await runPlan({
        session,
        ports: createSystemPorts(session.planDir, session.bindings),
        actor,
        ignoreWindow: true,
        env: io.env,
        pid: process.pid,
        observer: createRunProgressReporter(io.stdout, io.color, plan),
        existingOnly: true,
        anyStatus: true,
        before: (_run, state) => before(state, actor),
      });
      setExit(exitCodeOf(result, io, { ...options, plan }));
    } finally {
      await session.store.close();
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
      const session = openSessionOrExit(io, plan, options, version);
      await drive(session, plan, resolveActor(io, options.as), (state, actor) => decisionEvents(state, decision, actor));
    });
  const retry = new Command("retry")
    .description("retry the failed step or gate of a blocked or rolled-back run, and go on")
    .argument("<plan>", "the migration-strategy.yaml")
    .option("--as <name>", "who retries (default: BASCULE_ACTOR, else the login name)")
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .option(...sessionOptions.state)
    .action(async (plan, options) => {
      const session = openSessionOrExit(io, plan, options, version);
      await drive(session, plan, resolveActor(io, options.as), (state, actor) => decisionEvents(state, "retry", actor));
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
      const session = await openSessionOrStoredPlanOrExit(io, plan, options, version);
      await drive(
        session,
        plan,
        resolveActor(io, options.as),
        (state, actor) => {
          if (state.rollback !== undefined && state.rollback.finished === undefined) return [];
          const planned = planRollback(options.level, session.index, state);
          if (planned.steps.length === 0) {
            const wall = planned.wall ? `; ${planned.wall} is a wall (can_rollback_from_here: false)` : "";
            return { kind: "refused", message: `nothing to roll back at level ${options.level}: no step whose change is in place${wall}`, exitCode: 2 };
          }
          return [
            {
              kind: "rollback.started",
              level: options.level,
              trigger: "operator",
              reason: options.reason ?? `${options.level} rollback ordered by ${actor}`,
              plannedSteps: planned.steps,
              by: actor,
              ...(planned.wall ? { wall: planned.wall, behindWall: planned.behindWall ?? [] } : {}),
            },
          ];
        },
        { rolledBackOk: true },
      );
    });
  return [decide, retry, rollback];
}
