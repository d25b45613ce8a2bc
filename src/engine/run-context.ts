import type { CheckVocabulary } from "../plan/check-kind.js";
import type { PlanIndex } from "../plan/plan-index.js";
import type { Plan } from "../plan/schema/plan-schema.js";
import type { ActionStarted, JournalEvent, WaitingFor } from "./journal-event.js";

/** A test dataset as the engine needs it; runnable when it has an execution block. */
export interface DatasetDefinition {
  readonly id: string;
  readonly name?: string;
  readonly execution?: DatasetExecution;
}

export interface DatasetExecution {
  /** A shell command, or `test_file` run as a script. */
  readonly command: string;
  readonly setupScript?: string;
  readonly teardownScript?: string;
  readonly timeoutMs?: number;
}

/** Everything outside the journal that a decision depends on, gathered by the app layer. */
export interface RunContext {
  readonly plan: Plan;
  readonly index: PlanIndex;
  readonly vocabulary: CheckVocabulary;
  /** Dataset id → definition; an id absent here is attested. */
  readonly datasets: ReadonlyMap<string, DatasetDefinition>;
  /** Steps safe to re-run after a crash: the bindings' list and steps with `x-idempotent: true`. */
  readonly idempotentSteps: ReadonlySet<string>;
  readonly approval: { readonly policy: "all" | "any"; readonly allowSelfApproval: boolean };
  /** The clock's time when deciding; the core never reads a clock itself. */
  readonly nowMs: number;
  readonly ignoreWindow: boolean;
  /** Who runs this session of the run (for journaled overrides). */
  readonly actor: string;
  /** Command timeout from the bindings, when set. */
  readonly commandTimeoutMs?: number;
  /** How each regression suite runs, resolved by the app layer (it knows which files are executable); absent: from the bindings and datasets alone. */
  readonly suiteRuns?: ReadonlyMap<string, import("../plan/regression-suite-run.js").SuiteRun>;
  /** Metrics the engine can read, by `normalizeMetricKey` of their name. */
  readonly metrics: ReadonlyMap<string, import("./engine-metric.js").EngineMetric>;
}

/** What runs for an action: the driver maps each to a port. */
export type EffectRun =
  | { readonly kind: "shell"; readonly command: string; readonly timeoutMs?: number }
  | { readonly kind: "script"; readonly path: string; readonly timeoutMs?: number }
  | { readonly kind: "sql"; readonly sql: string }
  | { readonly kind: "dataset"; readonly execution: DatasetExecution };

export interface Effect {
  /** Appended, and durable, before the effect starts. */
  readonly intent: ActionStarted;
  readonly run: EffectRun;
  /** Set when the action decides a check: its exit status is the check's verdict. */
  readonly check?: { readonly site: string; readonly text: string; readonly via: "command" | "dataset" };
}

/** The one thing to do next. */
export type Decision =
  | { readonly kind: "record"; readonly events: readonly JournalEvent[] }
  | { readonly kind: "act"; readonly effect: Effect }
  | { readonly kind: "wait"; readonly untilMs: number; readonly stepId?: string }
  | { readonly kind: "measure"; readonly request: MeasureRequest }
  | { readonly kind: "pause"; readonly waitingFor: WaitingFor }
  | { readonly kind: "finish"; readonly status: "completed" | "failed" | "rolled_back" | "rollback_failed" };

/** A metric reading the engine wants, and what it is for; reading has no side effect. */
export interface MeasureRequest {
  readonly scope: import("./journal-event.js").Scope;
  readonly site: string;
  readonly purpose: import("./journal-event.js").SamplePurpose;
  readonly metric: import("./engine-metric.js").EngineMetric;
  /** The condition read, when the reading decides one. */
  readonly condition?: { readonly text: string; readonly parsed: import("../plan/values/condition.js").Condition };
}
