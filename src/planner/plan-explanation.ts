import type {
  ExplainedCompletion,
  ExplainedContinuousValidation,
  ExplainedPostMigration,
  ExplainedRegressionSuite,
  ExplainedRisk,
  ExplainedStrategyGate,
} from "./run-sections-explanation.js";

/**
 * What `bascule plan` says about a plan, and the JSON contract of `bascule plan --format json`:
 * keys are snake_case like the plan's own, durations are hours as numbers, dates are ISO 8601
 * strings in UTC. Fields are only ever added, never renamed or removed.
 */
export interface PlanExplanation {
  readonly kind: "plan-explanation";
  readonly plan: PlanSummary;
  readonly start: ScheduleStart;
  /** Phases then steps in the order a run executes them (SEMANTICS section 4). */
  readonly order: readonly ExplainedPhase[];
  readonly gates: readonly ExplainedGate[];
  /** For a failure at each step and each gate: what is undone, in which order (SEMANTICS section 5). */
  readonly rollback_map: readonly RollbackMapEntry[];
  readonly rollback_levels: readonly ExplainedRollbackLevel[];
  readonly critical_path: ExplainedCriticalPath;
  /** `execution_timeline.contingency_time.buffer_percentage`, 0 when absent. */
  readonly buffer_percentage: number;
  /** The critical path's duration plus the buffer. */
  readonly duration_with_buffer_hours: HourRange;
  /** When the last activity finishes, from the start date. */
  readonly projected_finish: DateRange;
  /** Every activity with its CPM times, in a dependency-respecting order. */
  readonly schedule: readonly ScheduledEntry[];
  readonly milestones: readonly ProjectedMilestone[];
  readonly constraints: ExplainedConstraints;
  readonly automation_coverage: ExplainedAutomationCoverage;
  /** What the plan names and its folder lacks; null when the folder was not looked at. */
  readonly missing_files: ExplainedMissingFiles | null;
  /** Things an approver should know that are not errors: disagreeing estimates, missing durations. */
  readonly notes: readonly PlanNote[];
  /** `validation_strategy.validation_gates`: where each joins the order, what it checks, who signs, what a failure does (SEMANTICS 11.1). */
  readonly strategy_gates: readonly ExplainedStrategyGate[];
  /** `validation_strategy.continuous_validation`: watched from the first phase's start until the run ends (SEMANTICS 11.1). */
  readonly continuous_validation: readonly ExplainedContinuousValidation[];
  /** `validation_strategy.regression_validation`: when each suite runs, how, and what its failure does (SEMANTICS 11.1). */
  readonly regression_suites: readonly ExplainedRegressionSuite[];
  /** `risk_mitigation.migration_risks`: when each contingency trigger is watched, and what its decision shows (SEMANTICS 11.1). */
  readonly risks: readonly ExplainedRisk[];
  /** What runs after the last phase's gate, before the run is completed (SEMANTICS 11.3). */
  readonly completion: ExplainedCompletion;
  /** After completion: the monitoring period and the cleanup tasks (SEMANTICS 11.3). */
  readonly post_migration: ExplainedPostMigration;
}

export interface HourRange {
  readonly min: number;
  readonly max: number;
}

/** `min` is reached with every duration at its minimum, `max` with every one at its maximum. */
export interface DateRange {
  readonly min: string;
  readonly max: string;
}

export interface PlanSummary {
  readonly migration_name: string | null;
  readonly version: string | null;
  readonly approach: string | null;
  readonly created_date: string | null;
  readonly estimated_duration: string | null;
}

/** Where the timeline starts: `--start`, else the plan's `created_date`, else the clock. */
export interface ScheduleStart {
  readonly date: string;
  readonly source: "option" | "created_date" | "clock";
}

/** One check string, classified as SEMANTICS section 2 says. */
export interface ExplainedCheck {
  readonly text: string;
  readonly kind: "condition" | "reference" | "attestation";
  /** Decidable without a person: a condition on a known metric, a reference, a bound attestation. */
  readonly automatic: boolean;
  /** For a condition: the metric as written. */
  readonly metric?: string;
  /** For a reference: the id it waits for. */
  readonly target?: string;
}

export interface ExplainedPhase {
  readonly phase_id: string;
  readonly name: string | null;
  readonly order: number | null;
  readonly description: string | null;
  readonly duration_estimate: string | null;
  /** The sum of its steps' durations. */
  readonly duration_hours: HourRange;
  readonly start_condition: readonly ExplainedCheck[];
  readonly steps: readonly ExplainedStep[];
  readonly gate_id: string | null;
  readonly rollback_point: ExplainedRollbackPoint | null;
}

export interface ExplainedRollbackPoint {
  readonly can_rollback_from_here: boolean | null;
  readonly rollback_procedure: string | null;
  readonly estimated_rollback_duration: string | null;
  /** `can_rollback_from_here: false`: a full rollback stops here. */
  readonly wall: boolean;
}

export interface ExplainedStep {
  readonly step_id: string;
  readonly name: string | null;
  readonly order: number | null;
  readonly type: string | null;
  readonly responsible_party: string | null;
  readonly estimated_duration: string | null;
  /** Null when the step has no readable duration (it then counts 0 on the timeline). */
  readonly duration_hours: HourRange | null;
  /** The duration is an observation period ("3 days observation"): time spent watching. */
  readonly observation: boolean;
  readonly preconditions: readonly ExplainedCheck[];
  readonly run: StepRun;
  readonly validation: StepValidation;
  readonly monitoring: StepMonitoring;
  /** What undoing this step runs. */
  readonly rollback: StepUndo;
}

/** What a step executes: `commands` in order, or `automation_script` only when there are none. */
export interface StepRun {
  readonly method: string | null;
  readonly commands: readonly string[];
  readonly automation_script: string | null;
  readonly automation_script_runs: boolean;
  /** A checklist someone attests; never executed. */
  readonly manual_steps: readonly string[];
}

export interface StepValidation {
  readonly validation_script: string | null;
  readonly test_dataset_ids: readonly string[];
  /** `validation_checks` then `success_criteria`, in the order a run checks them. */
  readonly checks: readonly ExplainedCheck[];
}

export interface StepMonitoring {
  readonly metrics_to_watch: readonly string[];
  readonly alert_conditions: readonly ExplainedCheck[];
}

/** Undoing one step (SEMANTICS section 5). */
export type StepUndo =
  /** `rollback_script` runs; `checklist` is its `rollback_steps`, shown for the reader. */
  | { readonly kind: "script"; readonly step_id: string; readonly script: string; readonly checklist: readonly string[] }
  /** No script: `rollback_steps` are a checklist a person attests, never a guessed command. */
  | { readonly kind: "checklist"; readonly step_id: string; readonly checklist: readonly string[] }
  /** `can_rollback: false`: the step cannot be undone, and a run says so loudly. */
  | { readonly kind: "irreversible"; readonly step_id: string }
  /** The plan says nothing about undoing it: nothing runs, and the step stays as it is. */
  | { readonly kind: "missing"; readonly step_id: string };

export type FailureResponse = "block" | "rollback" | "manual_decision";

export interface ExplainedGate {
  readonly gate_id: string;
  readonly phase_id: string;
  readonly name: string | null;
  readonly criteria: readonly ExplainedCheck[];
  readonly test_dataset_ids: readonly string[];
  readonly approval_required: boolean;
  readonly approvers: readonly string[];
  readonly failure_response: FailureResponse;
  /** `default` when the gate names none: Bascule then blocks, never guesses a rollback. */
  readonly failure_response_source: "gate" | "default";
}

export type FailurePoint =
  | { readonly kind: "step"; readonly step_id: string; readonly phase_id: string }
  | { readonly kind: "gate"; readonly gate_id: string; readonly phase_id: string };

export interface RollbackMapEntry {
  readonly failure_at: FailurePoint;
  /** The failed step's own rollback, run first; null for a gate failure. */
  readonly own_rollback: StepUndo | null;
  readonly failure_response: FailureResponse;
  readonly failure_response_source: "gate" | "default";
  /** The run's exit code right after the failure: 1 for block and rollback, 3 for a decision. */
  readonly exit_code: 1 | 3;
  /** True when the phase rollback starts by itself (`failure_response: rollback`). */
  readonly rolls_back_automatically: boolean;
  readonly phase_rollback: PhaseRollback;
  /** A full rollback from here, when a rollback level calls for one. */
  readonly full_rollback: FullRollback;
}

export interface PhaseRollback {
  readonly phase_id: string;
  /** `rollback_procedure`: the step ids its rollback point names, in that order; `reverse`: succeeded steps, last first. */
  readonly order_source: "rollback_procedure" | "reverse";
  readonly rollback_procedure: string | null;
  readonly undo: readonly StepUndo[];
  readonly skipped: readonly SkippedUndo[];
}

export interface SkippedUndo {
  readonly step_id: string;
  /** `not-run`: it never ran; `own-rollback`: the failed step's own rollback already undid it; `not-named`: it ran but the rollback point's procedure leaves it out. */
  readonly reason: "not-run" | "own-rollback" | "not-named";
}

export interface FullRollback {
  /** After the failed phase's own rollback: earlier phases, last first. */
  readonly phases: readonly { readonly phase_id: string; readonly order_source: PhaseRollback["order_source"]; readonly undo: readonly StepUndo[] }[];
  /** The first phase a full rollback cannot cross, with the phases that stay as they are. */
  readonly wall: { readonly phase_id: string; readonly phases_kept: readonly string[] } | null;
}

export interface ExplainedRollbackLevel {
  readonly level: string | null;
  readonly description: string | null;
  readonly trigger_conditions: readonly ExplainedCheck[];
  readonly decision_maker: string | null;
  readonly approval_required: boolean;
  readonly automation_script: string | null;
  readonly estimated_duration: string | null;
}

export interface ExplainedCriticalPath {
  /** `execution_timeline`: built from `execution_timeline.critical_path`; `run_order`: from phase and step order. */
  readonly source: "execution_timeline" | "run_order";
  /** Activity ids (step ids) along the longest path with every duration at its maximum, in order. */
  readonly steps: readonly string[];
  readonly duration_hours: HourRange;
}

export interface ScheduledEntry {
  /** A step id, or the id of a critical-path entry that is no step. */
  readonly step_id: string;
  readonly kind: "step" | "entry";
  readonly phase_id: string | null;
  readonly name: string | null;
  readonly duration: string | null;
  readonly duration_hours: HourRange;
  readonly observation: boolean;
  readonly depends_on: readonly string[];
  readonly earliest_start_hours: HourRange;
  readonly latest_start_hours: HourRange;
  readonly slack_hours: HourRange;
  /** Zero slack with every duration at its maximum. */
  readonly critical: boolean;
  readonly start_date: DateRange;
  readonly finish_date: DateRange;
}

export interface ProjectedMilestone {
  readonly milestone_id: string;
  readonly name: string | null;
  readonly target_date: string | null;
  /** Start + the latest finish among its dependencies, every duration at its maximum; null when none resolves. */
  readonly projected_date: string | null;
  /** Projected after the target (a bare target date means the end of that day, UTC); null when either is unknown. */
  readonly late: boolean | null;
  readonly dependencies: readonly string[];
  /** Dependencies that name nothing on the timeline. */
  readonly unresolved_dependencies: readonly string[];
}

export interface ExplainedConstraints {
  readonly migration_window: ExplainedWindow | null;
  readonly downtime_allowed: boolean | null;
  readonly max_downtime_duration: string | null;
  readonly business_constraints: readonly string[];
}

export interface ExplainedWindow {
  readonly text: string;
  /** Null when the window could not be read; `problem` says why. */
  readonly description: string | null;
  readonly problem: string | null;
  /** Whether the start date falls inside the window; null when the window could not be read. */
  readonly start_inside: boolean | null;
}

/** As `bascule lint` counts it: every check string of the plan. */
export interface ExplainedAutomationCoverage {
  readonly total: number;
  readonly automatic: number;
  /** Checks a person (or an agent) must attest, unless bindings make them automatic. */
  readonly attested: number;
  readonly conditions: number;
  readonly references: number;
  readonly attestations: number;
  /** Attestations the bindings answer with a command. */
  readonly bound_attestations: number;
  readonly unresolved_conditions: number;
}

/** By kind, each file once, as `bascule lint` groups them. */
export interface ExplainedMissingFiles {
  /** Files and folders missing, over every kind. */
  readonly total: number;
  readonly scripts: readonly ExplainedMissingFile[];
  readonly datasets: readonly ExplainedMissingFile[];
  /** `linkage`'s documents and folders. */
  readonly linked_files: readonly ExplainedMissingFile[];
}

export interface ExplainedMissingFile {
  /** As the plan names it: a script path, a dataset id, a linked file or folder. */
  readonly name: string;
  /** Paths tried, relative to the plan's folder. */
  readonly looked: readonly string[];
  readonly folder: boolean;
  /** An existing name close enough to be the one meant. */
  readonly suggestion: string | null;
  /** Every place naming it, in the file's order. */
  readonly referenced_by: readonly { readonly owner: string; readonly path: string; readonly line: number; readonly column: number }[];
}

export type PlanNote =
  | { readonly kind: "missing-duration"; readonly subject: string; readonly message: string }
  | { readonly kind: "unreadable-duration"; readonly subject: string; readonly message: string }
  | { readonly kind: "estimate-mismatch"; readonly subject: string; readonly message: string }
  | { readonly kind: "unknown-dependency"; readonly subject: string; readonly message: string }
  | { readonly kind: "unreadable-date"; readonly subject: string; readonly message: string }
  /** A dependency that closes a cycle: the timeline leaves it out so a schedule exists at all. */
  | { readonly kind: "dependency-cycle"; readonly subject: string; readonly message: string };

export type {
  ExplainedAttachment,
  ExplainedCleanupTask,
  ExplainedCompletion,
  ExplainedContinuousValidation,
  ExplainedCriterion,
  ExplainedDataset,
  ExplainedEnhancedEntry,
  ExplainedMonitoringPeriod,
  ExplainedPostMigration,
  ExplainedRegressionSuite,
  ExplainedRisk,
  ExplainedStrategyGate,
  ExplainedSuccessCriterion,
  ExplainedSuiteRun,
  ExplainedSuiteOccasion,
  WatchedCheck,
} from "./run-sections-explanation.js";
