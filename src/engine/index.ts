// `bascule/engine`: a run as a pure fold over its journal and a function choosing what comes
// next. It never acts: the caller performs each effect and records how it ended.

/** The one thing to do next (record, act, measure, wait, pause or finish), from the run's context and its state. */
export { decideNext } from "./decide-next.js";
/** The run's state as the fold of its journal records; `RunStateFolder` folds them one at a time. */
export { foldJournal, RunStateFolder } from "./fold-journal.js";
/** The state of a run before its first event, and the shape the fold builds. */
export { createInitialRunState } from "./run-state.js";
export type * from "./run-state.js";
/** The events recording how an effect ended, and how a metric reading came out. */
export { completeEffect, type EffectResult } from "./complete-effect.js";
export { completeMeasure } from "./measure-condition.js";
/** Every event of a run's journal, and its parts; `formatScope` names a scope as status prints it. */
export { formatScope } from "./journal-event.js";
export type * from "./journal-event.js";
/** The events and state of a data migration run inside a step. */
export type { DataMigrationEvent, DataMigrationRunState, DataMigrationStatus } from "./data-migration-events.js";
/** What a decision depends on beyond the journal, and the decisions and effects it yields. */
export type * from "./run-context.js";
/** A metric as the engine reads and judges it. */
export type { EngineMetric } from "./engine-metric.js";
export type { MetricThresholds, MetricUnit, ReadingLevel } from "./metric-thresholds.js";
export type { MissingDataPolicy } from "./missing-data-policy.js";
/** One journal entry as a store returns it: its sequence number, time and event. */
export type { JournalRecord } from "../ports/journal-store.js";
