import { existsSync } from "node:fs";
import type { DataMigrationEvent } from "../../engine/data-migration-events.js";
import type { Actor } from "../../ports/actor.js";
import type { Clock } from "../../ports/clock.js";
import type { JournalStore } from "../../ports/journal-store.js";
import { openStateStore } from "../run/system-ports.js";

/** The run a step's `bascule data …` command belongs to, from the environment `bascule run` gives its commands. */
export interface RunLinkEnv {
  readonly BASCULE_RUN_ID?: string;
  readonly BASCULE_STATE?: string;
  readonly BASCULE_STEP_ID?: string;
}

/** A data event as a data command writes it: a reconciliation keeps its differences as `--json` lists them. */
export type DataJournalEvent = DataMigrationEvent;

/** Where a data command's events go: the run's journal when a step started it, nowhere otherwise. */
export interface DataJournal {
  readonly runId?: string;
  readonly stepId?: string;
  /** Progress is written without a sync of its own; what ends or pauses a backfill is synced. */
  record(event: DataJournalEvent, durable?: boolean): Promise<void>;
  close(): Promise<void>;
}

const detached: DataJournal = { record: async () => undefined, close: async () => undefined };

/**
 * Joins the run named by BASCULE_RUN_ID in the store at BASCULE_STATE. The journal numbers
 * events in one IMMEDIATE transaction, so these appends interleave safely with the engine's,
 * which folds the journal afresh when someone else wrote in between.
 */
export async function joinRunJournal(env: RunLinkEnv, clock: Clock, actor: Actor): Promise<DataJournal> {
  const runId = env.BASCULE_RUN_ID;
  const statePath = env.BASCULE_STATE;
  if (runId === undefined || runId === "" || statePath === undefined || !existsSync(statePath)) return detached;
  const store: JournalStore = openStateStore(statePath);
  if ((await store.getRun(runId)) === undefined) {
    await store.close();
    return detached;
  }
  const stepId = env.BASCULE_STEP_ID === undefined || env.BASCULE_STEP_ID === "" ? undefined : env.BASCULE_STEP_ID;
  return {
    runId,
    ...(stepId ? { stepId } : {}),
    async record(event, durable = true) {
      await store.append(runId, [stepId === undefined ? event : { ...event, stepId }], new Date(clock.now()).toISOString(), undefined, { durable, actor });
    },
    close: () => store.close(),
  };
}
