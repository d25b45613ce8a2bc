// `bascule`: the whole public API. The pure core is also importable by part (`bascule/plan`,
// `bascule/lint`, `bascule/planner`, `bascule/engine`); fakes are in `bascule/testing`.

export * from "./plan/index.js";
export * from "./lint/index.js";
export * from "./planner/index.js";
export * from "./engine/index.js";
/** How a failed phase or gate goes on: `block`, `rollback` or `manual_decision` (the same words in a plan's explanation and in its journal). */
export type { FailureResponse } from "./engine/index.js";

/** Reads and parses one plan file, turning every way it can be unreadable (missing, too large, binary, bad YAML) into a `SourceProblem`. */
export { readPlanFile, type PlanFile } from "./app/read-plan-file.js";
/** The plan's folder on disk, as lint sees it through `PlanFiles`: paths that escape the folder are `outside`. */
export { createNodePlanFiles } from "./adapters/node-fs/node-plan-files.js";
/** Every `migration-strategy*.yaml|yml` in a folder and below, skipping `node_modules` and dot folders, as `bascule lint DIR` finds them. */
export { findPlanFiles } from "./app/find-plan-files.js";
/**
 * `bascule lint` as a library call: lints each plan file against its own folder and bindings.
 * `LintRun` is the data every lint reporter (stylish, json, sarif, github) renders.
 */
export { internalErrorRule, lintFiles, type LintedFile, type LintFilesOptions, type LintRun } from "./app/lint-files.js";
/** `bascule plan` as a library call: reads a plan and its bindings, lints it, and explains it as far as it reads. */
export { explainPlanFile, type ExplainedPlanFile, type ExplainPlanFileOptions } from "./app/explain-plan-file.js";
/** `bascule run` as a library call, with real commands, SQL, metrics, the system clock and a SQLite state file. */
export { runPlanFile, type RunPlanFileOptions, type RunPlanFileResult } from "./app/run-plan-file.js";
/** Why a plan could not be opened for a run, and how far a run went. */
export type { SessionProblem } from "./app/run/run-session.js";
export type { RunPlanResult } from "./app/run/run-plan.js";
export type { DriveOutcome, Prompter, RunObserver } from "./app/run/drive-run.js";
export type { EffectPlace } from "./app/run/effect-executor.js";

/**
 * The run service: every operation on a plan's runs as a library call on an opened workspace,
 * the one the CLI (and every other front end) is a thin client of. Refusals carry a reason code
 * and remedies as data, for each front end to word in its own terms.
 */
export { openWorkspace, withWorkspace, type Workspace, type WorkspaceOpened, type WorkspaceRefusal, type WorkspaceRequest } from "./app/run-service/workspace.js";
export {
  approve,
  attest,
  decide,
  listRuns,
  readLogs,
  resolve,
  retry,
  rollback,
  runStatus,
  startOrContinueRun,
  type DriveHooks,
  type RunResult,
  type StartOptions,
} from "./app/run-service/run-service.js";
export type { RunQuestions } from "./app/run-service/answering-prompter.js";
export type { Refusal, RefusalReason } from "./app/run-service/refusal.js";
export type { Remedy } from "./app/run-service/remedy.js";
export type { Recorded } from "./app/run/record-signature.js";
export type { RunStatusReport, DataMigrationStatusReport } from "./app/run/describe-run-status.js";
export type { Actor, FrontEnd } from "./ports/actor.js";

/** The ports: what the core and the run reach the world through, for adapters and fakes of your own. */
export type { Clock } from "./ports/clock.js";
export { isSuccess, type CommandRequest, type CommandResult, type CommandRunner } from "./ports/command-runner.js";
export {
  JournalStoreError,
  type AcquireLockOptions,
  type AppendOptions,
  type ClaimRunOptions,
  type JournalStore,
  type JournalStoreErrorCode,
  type LockAttempt,
  type LockHolder,
  type LogChunk,
  type NewRun,
  type PlanSelector,
  planSelectorKeys,
  type RunChoice,
  type RunClaim,
  type RunStatus,
  type RunSummary,
} from "./ports/journal-store.js";
export { defaultMetricTimeoutMs, isMissingReading, type MetricProvider, type MetricQuery, type MetricReading, type MetricReadOptions } from "./ports/metric-provider.js";
export type { SqlResult, SqlRunner } from "./ports/sql-runner.js";
