import { foldJournal } from "../../engine/fold-journal.js";
import type { RunState } from "../../engine/run-state.js";
import type { RunSummary } from "../../ports/journal-store.js";
import type { RunSession } from "./run-session.js";

export type CurrentRun = { readonly kind: "run"; readonly run: RunSummary; readonly state: RunState } | { readonly kind: "none"; readonly message: string };

/** The plan's latest run and its state, as the journal has it. */
export async function readCurrentRun(session: RunSession, runId?: string): Promise<CurrentRun> {
  const run = runId ? await session.store.getRun(runId) : (await session.store.listRuns(session.planKey))[0];
  if (run === undefined) {
    return { kind: "none", message: runId ? `no run ${runId} in ${session.statePath}` : `no run of ${session.planKey} yet; start one with \`bascule run\`` };
  }
  return { kind: "run", run, state: foldJournal(await session.store.read(run.runId)) };
}
