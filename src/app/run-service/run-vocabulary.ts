/**
 * The engine's words a front end renders: the journal's events, what a run waits for, how an
 * action ended, which commands are SQL. Front ends read them from here, never from the engine,
 * so what they may know of it is this list.
 */
export type { ActionRef, JournalEvent, WaitingFor } from "../../engine/journal-event.js";
export type { RunState } from "../../engine/run-state.js";
export { describeOutcome } from "../../engine/complete-effect.js";
export { isSqlCommand } from "../../engine/sql-command.js";
