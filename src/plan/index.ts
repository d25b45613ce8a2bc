// `bascule/plan`: a migration-strategy plan read from text into a typed, positioned document.
// Pure: `readPlanFile` in `bascule` reads a file and hands its text to `parsePlanText`.

/** Parses YAML text into a `PlanDocument`, or says in a `SourceProblem` why it is no readable plan. */
export { parsePlanText, type PlanDocument } from "./plan-document.js";
/** Why a text could not be read as a plan at all (`code`, `message`, and where when known). */
export type { SourceProblem, SourceProblemCode } from "./source-problem.js";
/** Turns a file's bytes into text, refusing what is too large, binary or not UTF-8. */
export { decodePlanBytes, maxPlanBytes, type DecodedPlan } from "./decode-plan-bytes.js";
/** A schema finding on the raw data, with the path it concerns. */
export type { SchemaIssue } from "./validate-plan-data.js";
/** The typed plan and its parts, as the v1.0 schema defines them. */
export type {
  CriticalPathEntry,
  DataMigration,
  Milestone,
  MonitoredMetric,
  Phase,
  Plan,
  RollbackLevel,
  RollbackPoint,
  Step,
  ValidationGate,
} from "./schema/plan-schema.js";
/** Phases and steps in run order, with their gates and positions, built once from a plan. */
export { indexPlan, type IndexedPhase, type IndexedStep, type PlanIndex } from "./plan-index.js";
/** A path into the plan's data (`["migration_phases", 0, "steps"]`), and its `a[0].b` spelling. */
export { formatPlanPath, type PlanPath } from "./plan-path.js";
/** Where a value or key was written: 1-based line and column, and where it ends. */
export type { LocateTarget, SourcePosition } from "./position-index.js";
/** What a check string is (a metric condition, a reference to a step or gate, or an attestation), given what it may name. */
export {
  buildCheckVocabulary,
  classifyCheck,
  isAutomaticCheck,
  type BindingsVocabulary,
  type CheckKind,
  type CheckVocabulary,
  type ReferenceTarget,
} from "./check-kind.js";
/** Every check string of a plan with the field it sits in: what lint classifies and counts. */
export { collectCheckSites, type CheckField, type CheckSite } from "./check-sites.js";
/** The format as JSON Schema (draft 2020-12), as `bascule schema` prints it. */
export { buildPlanJsonSchema, type JsonSchema } from "./plan-json-schema.js";
/** Parsers of the plan's value strings (durations, conditions, thresholds, windows, dates, rate limits); each returns a `ParseResult`. */
export * from "./values/index.js";
