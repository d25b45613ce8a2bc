import type { DateRange, ExplainedCheck, FailureResponse, HourRange } from "./plan-explanation.js";

// The parts of `bascule plan --format json` for the sections that join a run beside its phases
// (SEMANTICS 11.1 and 11.3). Same contract as plan-explanation.ts: fields are only added.

/** A test dataset a run names: it runs when its file has an `execution` block, else a person attests it. */
export interface ExplainedDataset {
  readonly dataset_id: string;
  /** False when no `execution` block is known for it (or its file is missing): a person attests it. */
  readonly runs: boolean;
}

/** A check a run watches in the background (continuous validation, a risk's trigger). */
export interface WatchedCheck extends ExplainedCheck {
  /** Read at every interval: a condition on a known metric or a check bound to a command. Else only a person could answer it, so the run cannot watch it. */
  readonly watched: boolean;
}

/** Where a strategy gate joins the order, read from its `location`. */
export type ExplainedAttachment =
  /** After prerequisites, before the first phase starts. */
  | { readonly kind: "start" }
  /** After the phase's own validation gate, before the phase completes. */
  | { readonly kind: "phase"; readonly phase_id: string }
  /** After the step succeeds, before the next one starts. */
  | { readonly kind: "step"; readonly step_id: string; readonly phase_id: string }
  /** The location names nothing (a lint error): the gate never runs. */
  | { readonly kind: "unresolved"; readonly reason: string };

export interface ExplainedStrategyGate {
  readonly gate_id: string;
  readonly name: string | null;
  readonly location: string | null;
  readonly attachment: ExplainedAttachment;
  /** `attachment` in words: "after PHASE-2's own gate", "after STEP-2-1 succeeds". */
  readonly attachment_text: string;
  readonly type: "automated" | "manual" | "hybrid" | null;
  readonly criteria: readonly ExplainedCriterion[];
  /** `manual` and `hybrid` wait for one sign-off (`bascule approve PLAN GATE_ID`); `automated` never waits: a criterion only a person could check fails it. */
  readonly sign_off_required: boolean;
  /** `failure_handling.response` in the run's words: `manual_review` is `manual_decision`. */
  readonly failure_response: FailureResponse;
  /** `default` when the gate names no response: the run then blocks. */
  readonly failure_response_source: "gate" | "default";
  /** What `rollback` undoes: what the gate is attached to. Null for other responses, and before anything has changed. */
  readonly rolls_back: { readonly kind: "step"; readonly step_id: string } | { readonly kind: "phase"; readonly phase_id: string } | null;
  /** `failure_handling.notification`: the channels told of a failure. */
  readonly notification: readonly string[];
  /** `failure_handling.escalation`, named in the failure's message. */
  readonly escalation: string | null;
}

/** One `criteria[]` entry of a strategy gate. */
export interface ExplainedCriterion {
  readonly criterion: string | null;
  /** `<measurement> <threshold>` when the threshold compares (`< 0.1%`), else the criterion's words; null when it has neither. */
  readonly check: ExplainedCheck | null;
  /** `test_dataset_id`, run after the check. */
  readonly dataset: ExplainedDataset | null;
}

export interface ExplainedContinuousValidation {
  readonly validation_id: string;
  readonly name: string | null;
  /** How often it runs, from the first phase's start until the run ends. */
  readonly frequency: string | null;
  /** A watched check that fails pauses the run before its next action for a decision; an unwatched one (attestation only) is noted and skipped. */
  readonly checks: readonly WatchedCheck[];
  /** Run at every interval when they run; attested ones cannot run continuously and are skipped. */
  readonly datasets: readonly ExplainedDataset[];
  /** When a watched one holds, the run raises an alert and goes on. */
  readonly alert_conditions: readonly WatchedCheck[];
}

export interface ExplainedRegressionSuite {
  readonly regression_suite_id: string;
  readonly name: string | null;
  readonly location: string | null;
  readonly execution_frequency: "pre_migration" | "post_migration" | "continuous" | null;
  /** Each time it runs, in run order, with what a failure then does; empty without an `execution_frequency`: it never runs. */
  readonly runs_at: readonly ExplainedSuiteOccasion[];
  readonly run: ExplainedSuiteRun;
  /** `run` in words, as a dry run says it. */
  readonly run_text: string;
  readonly critical_paths: readonly string[];
}

export type ExplainedSuiteOccasion =
  /** After prerequisites, before anything changes: a failure fails the run, with nothing to undo. */
  | { readonly at: "pre_migration" }
  /** After a phase's gate (a `continuous` suite): a failure fails the phase, and that gate's `failure_response` answers it. */
  | { readonly at: "after_gate"; readonly gate_id: string; readonly phase_id: string; readonly failure_response: FailureResponse }
  /** After the last gate, before completion: a failure pauses the run for a decision. */
  | { readonly at: "post_migration" };

/** How a suite runs, in the order it is looked for. */
export type ExplainedSuiteRun =
  /** The command bound to its id in the bindings' `checks`. */
  | { readonly kind: "command"; readonly command: string }
  /** Its `location`, an executable file in the plan's tree. */
  | { readonly kind: "script"; readonly path: string }
  /** Its datasets that run. */
  | { readonly kind: "datasets"; readonly dataset_ids: readonly string[] }
  /** Nothing to run: a person attests it. */
  | { readonly kind: "attest" };

export interface ExplainedRisk {
  readonly risk_id: string;
  readonly category: string | null;
  readonly description: string | null;
  readonly probability: string | null;
  readonly impact: string | null;
  /** `contingency.trigger`: watched when it is a condition on a known metric (or a bound check); prose documents when an operator should act. Null when there is none. */
  readonly trigger: WatchedCheck | null;
  /** The trigger is watched while one of these phases or steps is active; both empty: the whole run. */
  readonly affected_phases: readonly string[];
  readonly affected_steps: readonly string[];
  /** `contingency.action`: shown at the decision the realised risk pauses for; never executed. */
  readonly action: string | null;
  /** `contingency.responsible_party`: the realised risk's incident goes to them. */
  readonly responsible_party: string | null;
}

/** After the last phase's gate, in the order the fields come; then the run is completed. */
export interface ExplainedCompletion {
  /** First: the `post_migration` and `continuous` regression suites (see `regression_suites`). */
  readonly regression_suite_ids: readonly string[];
  /** Then `success_criteria.technical_success`: each its dataset when it names one, else its check. */
  readonly technical_success: readonly ExplainedSuccessCriterion[];
  /** Then `migration_complete_definition.criteria`. */
  readonly criteria: readonly ExplainedCheck[];
  /** Then `migration_complete_definition.validation_required`. */
  readonly validation_required: readonly ExplainedDataset[];
  /** Last, with `approval_required`: the gate `COMPLETE`, signed on that evidence (`bascule approve PLAN COMPLETE`); null without. */
  readonly complete_gate: { readonly gate_id: "COMPLETE"; readonly approvers: readonly string[] } | null;
}

/** A `technical_success` or `business_success` entry. */
export interface ExplainedSuccessCriterion {
  readonly criterion: string | null;
  readonly measurement: string | null;
  readonly target: string | null;
  /** `business_success` only: it is judged at the end of this period. */
  readonly measurement_period: string | null;
  /** `<measurement> <target>` when the target compares (`> 10%`), else the criterion's words; null when a dataset decides it or it has no words. */
  readonly check: ExplainedCheck | null;
  /** `technical_success` only: `test_dataset_id`, run instead of the check. */
  readonly dataset: ExplainedDataset | null;
}

export interface ExplainedPostMigration {
  /** Null when the plan has neither a `monitoring_period` nor `business_success`. */
  readonly monitoring_period: ExplainedMonitoringPeriod | null;
  readonly cleanup_tasks: readonly ExplainedCleanupTask[];
}

/** After completion the run stays open this long, watching; a full rollback stays possible until it ends. */
export interface ExplainedMonitoringPeriod {
  readonly duration: string | null;
  /** Null when there is no readable duration: the run then ends at completion, and nothing here is watched or judged. */
  readonly duration_hours: HourRange | null;
  /** `migration_monitoring` metrics, read at every interval against their thresholds. */
  readonly metrics: readonly string[];
  readonly alert_sensitivity: "high" | "normal" | null;
  /** `alert_sensitivity: high`: alerts on leaving the normal range, not only past the alert threshold. */
  readonly alerts_outside_normal_range: boolean;
  readonly enhanced_monitoring: readonly ExplainedEnhancedEntry[];
  /** Each judged at the end of its `measurement_period`. */
  readonly business_success: readonly ExplainedSuccessCriterion[];
}

/** One `enhanced_monitoring` entry: a metric name is watched at every interval; any other entry is a check. */
export interface ExplainedEnhancedEntry {
  readonly entry: string;
  readonly metric: boolean;
  /** For an entry that is no metric: the check, judged when the period ends. */
  readonly check: ExplainedCheck | null;
}

/** Done with `bascule cleanup PLAN TASK_ID`: its steps attested (or run when bound), then its validation checked. */
export interface ExplainedCleanupTask {
  readonly task_id: string;
  readonly name: string | null;
  readonly timing: string | null;
  /** `timing` counted from completion: due from `min`, overdue past `max` (as `bascule status` counts it); null when it cannot be read. */
  readonly due_after_hours: HourRange | null;
  /** When it falls due (`min`: the earliest projected finish plus the due time) and is overdue (`max`: the latest finish plus the overdue time); null when the timing cannot be read. */
  readonly due_date: DateRange | null;
  readonly responsible_party: string | null;
  /** `bound`: the bindings' `checks` give the step a command, which runs; else a person attests it. */
  readonly steps: readonly { readonly text: string; readonly bound: boolean }[];
  readonly validation: ExplainedCheck | null;
}
