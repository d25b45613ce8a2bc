import { foldJournal } from "../../engine/fold-journal.js";
import type { RunState } from "../../engine/run-state.js";
import type { RunSummary } from "../../ports/journal-store.js";
import { type Refusal, refusal } from "../run-service/refusal.js";
import { describeRunElsewhere } from "./choose-run.js";
import { describeEnvironment, isRunOfEnvironment, isRunOfPlan, planSelector } from "./run-identity.js";
import type { RunSession } from "./run-session.js";

export type CurrentRun = { readonly kind: "run"; readonly run: RunSummary; readonly state: RunState } | { readonly kind: "none"; readonly refusal: Refusal };

/**
 * The plan's latest run for the session's environment (or the run `runId` names, if it is
 * one), and its state, as the journal has it. A run of another environment is never taken
 * for it: the message then names that run and how to address it.
 */
export async function readCurrentRun(session: RunSession, runId?: string): Promise<CurrentRun> {
  const { identity } = session;
  if (runId !== undefined && runId !== "") {
    const run = await session.store.getRun(runId);
    if (run === undefined) return none(refusal("no-run", `no run ${runId} in ${session.statePath}`));
    if (!isRunOfPlan(run, identity)) return none(refusal("no-run", `run ${runId} is not a run of ${identity.label}: it was started from ${run.planPath}`));
    if (!isRunOfEnvironment(run, identity.environment)) {
      const away = describeRunElsewhere(run);
      return none(refusal("run-elsewhere", `run ${runId} is not a run ${describeEnvironment(identity.environment)}; ${away.text}`, away.remedies));
    }
    return { kind: "run", run, state: foldJournal(await session.store.read(run.runId)) };
  }
  const listed = await readPlanRuns(session);
  const run = listed.runs[0];
  if (run === undefined) {
    const other = listed.elsewhere[0];
    if (other === undefined) {
      const environment = identity.environment ? { environment: identity.environment } : {};
      return none(
        refusal("no-run", `no run of ${identity.label}${identity.environment ? ` ${describeEnvironment(identity.environment)}` : ""} yet; start one`, [
          { kind: "run", ...environment },
        ]),
      );
    }
    const away = describeRunElsewhere(other);
    return none(refusal("run-elsewhere", `no run of ${identity.label} ${describeEnvironment(identity.environment)} yet; ${away.text}`, away.remedies));
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
export async function readRunHistory(session: RunSession): Promise<{ readonly kind: "runs"; readonly runs: readonly RunSummary[] } | Refusal> {
  const { runs, elsewhere } = await readPlanRuns(session);
  const other = elsewhere[0];
  if (runs.length > 0 || other === undefined) return { kind: "runs", runs };
  const away = describeRunElsewhere(other);
  return refusal("run-elsewhere", `no run of ${session.identity.label} ${describeEnvironment(session.identity.environment)}; ${away.text}`, away.remedies);
}

function none(refused: Refusal): CurrentRun {
  return { kind: "none", refusal: refused };
}
