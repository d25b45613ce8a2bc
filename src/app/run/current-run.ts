import { foldJournal } from "../../engine/fold-journal.js";
import type { RunState } from "../../engine/run-state.js";
import type { RunSummary } from "../../ports/journal-store.js";
import { quoteShellCommand } from "../quote-shell-argument.js";
import { describeRunElsewhere } from "./choose-run.js";
import { describeEnvironment, isRunOfEnvironment, isRunOfPlan, planSelector } from "./run-identity.js";
import type { RunSession } from "./run-session.js";

export type CurrentRun = { readonly kind: "run"; readonly run: RunSummary; readonly state: RunState } | { readonly kind: "none"; readonly message: string };

/**
 * The plan's latest run for the session's environment (or the run `runId` names, if it is
 * one), and its state, as the journal has it. A run of another environment is never taken
 * for it: the message then names that run and how to address it.
 */
export async function readCurrentRun(session: RunSession, runId?: string): Promise<CurrentRun> {
  const { identity } = session;
  if (runId !== undefined && runId !== "") {
    const run = await session.store.getRun(runId);
    if (run === undefined) return { kind: "none", message: `no run ${runId} in ${session.statePath}` };
    if (!isRunOfPlan(run, identity)) return { kind: "none", message: `run ${runId} is not a run of ${identity.label}: it was started from ${run.planPath}` };
    if (!isRunOfEnvironment(run, identity.environment)) {
      return { kind: "none", message: `run ${runId} is not a run ${describeEnvironment(identity.environment)}; ${describeRunElsewhere(run, identity.label)}` };
    }
    return { kind: "run", run, state: foldJournal(await session.store.read(run.runId)) };
  }
  const listed = await readPlanRuns(session);
  const run = listed.runs[0];
  if (run === undefined) {
    const other = listed.elsewhere[0];
    return {
      kind: "none",
      message:
        other === undefined
          ? `no run of ${identity.label}${identity.environment ? ` ${describeEnvironment(identity.environment)}` : ""} yet; start one with \`${quoteShellCommand(["bascule", "run", ...(identity.environment ? ["--env", identity.environment] : [])])}\``
          : `no run of ${identity.label} ${describeEnvironment(identity.environment)} yet; ${describeRunElsewhere(other, identity.label)}`,
    };
  }
  return { kind: "run", run, state: foldJournal(await session.store.read(run.runId)) };
}

/** The plan's runs for the session's environment, newest first, and those of other environments. */
export async function readPlanRuns(session: RunSession): Promise<{ readonly runs: readonly RunSummary[]; readonly elsewhere: readonly RunSummary[] }> {
  const { identity } = session;
  const all = (await session.store.listRuns(planSelector(identity))).filter((run) => isRunOfPlan(run, identity));
  return { runs: all.filter((run) => isRunOfEnvironment(run, identity.environment)), elsewhere: all.filter((run) => !isRunOfEnvironment(run, identity.environment)) };
}

/**
 * `bascule runs`: the plan's runs for the session's environment, newest first; refused, naming
 * the other runs, when it has none but another environment has.
 */
export async function readRunHistory(session: RunSession): Promise<{ readonly kind: "runs"; readonly runs: readonly RunSummary[] } | { readonly kind: "none"; readonly message: string }> {
  const { runs, elsewhere } = await readPlanRuns(session);
  const other = elsewhere[0];
  if (runs.length > 0 || other === undefined) return { kind: "runs", runs };
  return { kind: "none", message: `no run of ${session.identity.label} ${describeEnvironment(session.identity.environment)}; ${describeRunElsewhere(other, session.identity.label)}` };
}
