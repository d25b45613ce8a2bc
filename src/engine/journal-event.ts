/**
 * Everything that happens in a run, as appended to its journal. The run's state is a fold
 * over these (fold-journal.ts); an `action.started` is durable before its side effect
 * begins and an `action.finished` records how it ended.
 */
export type JournalEvent =
  | RunCreated
  | {
      readonly kind: "run.resumed";
      readonly by: string;
      readonly host: string;
      readonly pid: number;
      readonly planHash: string;
      readonly changedSteps: readonly string[];
      readonly fingerprints: Readonly<Record<string, string>>;
      /** The plan file's text, when it is not the one the run last ran (see `RunCreated.planText`). */
      readonly planText?: string;
    }
  | {
      readonly kind: "lock.taken_over";
      readonly previous: { readonly host: string; readonly pid: number; readonly runId: string; readonly since: string };
      readonly reason: "holder-gone" | "lease-expired";
    }
  | { readonly kind: "window.checked"; readonly window: string; readonly inside: boolean }
  | { readonly kind: "window.overridden"; readonly window: string; readonly by: string }
  | { readonly kind: "phase.started"; readonly phaseId: string }
  | { readonly kind: "phase.completed"; readonly phaseId: string }
  | { readonly kind: "step.started"; readonly stepId: string; readonly phaseId: string; readonly attempt: number }
  | { readonly kind: "step.succeeded"; readonly stepId: string }
  | { readonly kind: "step.failed"; readonly stepId: string; readonly reason: string }
  | { readonly kind: "step.in_doubt"; readonly stepId: string; readonly actionId: string }
  | { readonly kind: "step.resolved"; readonly stepId: string; readonly as: "succeeded" | "failed" | "rerun"; readonly by: string; readonly automatic: boolean }
  | { readonly kind: "step.skipped"; readonly stepId: string; readonly reason: string }
  | ActionStarted
  | ActionFinished
  | CheckEvaluated
  | AttestationRecorded
  | { readonly kind: "observation.started"; readonly stepId: string; readonly planMs: number; readonly deadline: string }
  | { readonly kind: "observation.finished"; readonly stepId: string }
  | { readonly kind: "gate.started"; readonly gateId: string; readonly phaseId: string }
  | ApprovalRecorded
  | { readonly kind: "gate.passed"; readonly gateId: string; readonly override?: string }
  | {
      readonly kind: "gate.failed";
      readonly gateId: string;
      readonly reason: string;
      /** For a gate outside any phase (before the first, or `COMPLETE`): what its failure handling says. */
      readonly response?: FailureResponse;
    }
  | { readonly kind: "phase.failed"; readonly phaseId: string; readonly reason: string; readonly response: FailureResponse }
  | { readonly kind: "decision.recorded"; readonly decision: "proceed" | "retry" | "rollback"; readonly by: string }
  | RollbackStarted
  | { readonly kind: "rollback.step_undone"; readonly stepId: string }
  | { readonly kind: "rollback.step_not_undone"; readonly stepId: string; readonly reason: string }
  | {
      readonly kind: "rollback.finished";
      readonly outcome: "rolled_back" | "rollback_failed";
      readonly undone: readonly string[];
      readonly notUndone: readonly string[];
      readonly wall?: string;
      readonly reason?: string;
    }
  | MetricSampled
  | DataMigrationEvent
  | {
      readonly kind: "trigger.fired";
      readonly level: "step" | "phase" | "full";
      readonly condition: string;
      readonly detail: string;
      readonly needsApproval: boolean;
      readonly decisionMaker?: string;
      /** What was watched, when not a rollback level's trigger: a health check, a continuous validation, a risk. */
      readonly source?: TriggerSource;
    }
  | SuiteEvent
  | AlertRaised
  | { readonly kind: "completion.reached" }
  | { readonly kind: "monitoring.started"; readonly planMs: number; readonly deadline: string }
  | { readonly kind: "monitoring.finished"; readonly verdicts: readonly MonitoringVerdict[] }
  | CleanupDone
  | { readonly kind: "run.paused"; readonly waitingFor: WaitingFor }
  | { readonly kind: "run.finished"; readonly status: "completed" | "failed" | "rolled_back" | "rollback_failed"; readonly reason?: string };

import type { DataMigrationEvent } from "./data-migration-events.js";

export type FailureResponse = "block" | "rollback" | "manual_decision";

/** What a fired trigger watched (absent: a rollback level's `trigger_conditions`). */
export type TriggerSource =
  | { readonly kind: "health-check"; readonly name: string }
  | { readonly kind: "continuous-validation"; readonly validationId: string }
  /** A risk's `contingency.trigger` held: the risk is realised. */
  | { readonly kind: "risk"; readonly riskId: string; readonly action?: string; readonly responsibleParty?: string };

/** When a regression suite runs (SEMANTICS 11.1): before anything changes, after a phase gate, before completion. */
export type SuiteOccasion = "pre_migration" | "post_migration" | `after:${string}`;

export type SuiteEvent =
  | { readonly kind: "suite.started"; readonly suiteId: string; readonly at: SuiteOccasion; readonly attempt: number }
  | { readonly kind: "suite.passed"; readonly suiteId: string; readonly at: SuiteOccasion; readonly override?: string }
  | { readonly kind: "suite.failed"; readonly suiteId: string; readonly at: SuiteOccasion; readonly reason: string };

/** Something crossed a line worth telling people about, and the run goes on. */
export interface AlertRaised {
  readonly kind: "alert.raised";
  readonly source: "continuous-validation" | "monitoring-period";
  /** The plan path of what was watched. */
  readonly site: string;
  readonly text: string;
  readonly detail: string;
  readonly level: "alert" | "critical";
  /** How many readings of `site` there were: one alert per crossing, not one per reading. */
  readonly sampleCount: number;
}

/** How one watched thing did over the post-migration monitoring period. */
export interface MonitoringVerdict {
  readonly site: string;
  readonly text: string;
  readonly kind: "metric" | "check" | "business_success";
  readonly verdict: Verdict;
  readonly detail?: string;
}

/** A `post_migration.cleanup_tasks[]` entry done with `bascule cleanup` (SEMANTICS 11.3). */
export interface CleanupDone {
  readonly kind: "cleanup.done";
  readonly taskId: string;
  readonly by: string;
  /** The validation's verdict: passed, or failed and the task stays open. */
  readonly verdict: Verdict;
  readonly detail?: string;
  readonly evidence?: string;
}

export interface RunCreated {
  readonly kind: "run.created";
  readonly planPath: string;
  readonly planHash: string;
  readonly startedBy: string;
  readonly host: string;
  readonly pid: number;
  readonly environment?: string;
  readonly timeScale: number;
  /** Content hash of every step, to refuse a resume after an already-run step changed. */
  readonly fingerprints: Readonly<Record<string, string>>;
  /** The plan file's text as the run starts: status, logs and rollback read it when the file no longer lints. */
  readonly planText?: string;
}

/** Who or what an action, check or attestation belongs to. */
export type Scope =
  | { readonly kind: "run" }
  | { readonly kind: "prerequisite"; readonly prerequisiteId: string }
  | { readonly kind: "phase"; readonly phaseId: string }
  | { readonly kind: "step"; readonly stepId: string }
  | { readonly kind: "gate"; readonly gateId: string }
  | { readonly kind: "suite"; readonly suiteId: string; readonly at: SuiteOccasion }
  /** The post-migration monitoring period's closing checks. */
  | { readonly kind: "monitoring" }
  | { readonly kind: "cleanup"; readonly taskId: string }
  | { readonly kind: "rollback"; readonly stepId?: string; readonly level?: string };

/** A side effect of the run: what it was, so a reader of the journal can tell without the plan. */
export type ActionRef =
  | { readonly kind: "command"; readonly index: number; readonly command: string }
  | { readonly kind: "sql"; readonly index: number; readonly sql: string }
  | { readonly kind: "script"; readonly role: "automation" | "validation" | "rollback" | "level"; readonly path: string }
  | { readonly kind: "dataset"; readonly datasetId: string; readonly command: string }
  | { readonly kind: "check"; readonly site: string; readonly command: string }
  | { readonly kind: "data"; readonly role: "reconcile" | "rollback"; readonly migrationId: string; readonly command: string }
  /** A regression suite's bound command, or its `location` script. */
  | { readonly kind: "suite"; readonly suiteId: string; readonly command: string };

export interface ActionStarted {
  readonly kind: "action.started";
  /** Unique in the run: scope, attempt and what runs. */
  readonly actionId: string;
  readonly scope: Scope;
  readonly action: ActionRef;
}

export type ActionOutcome =
  | { readonly kind: "exited"; readonly exitCode: number }
  | { readonly kind: "timed-out"; readonly timeoutMs: number }
  | { readonly kind: "killed"; readonly signal: string }
  | { readonly kind: "failed-to-start"; readonly message: string }
  | { readonly kind: "sql-error"; readonly message: string };

export interface ActionFinished {
  readonly kind: "action.finished";
  readonly actionId: string;
  readonly scope: Scope;
  readonly outcome: ActionOutcome;
  readonly succeeded: boolean;
  readonly durationMs: number;
  /** The end of the output, as evidence (secrets masked). */
  readonly outputTail: string;
}

export type Verdict = "passed" | "failed";

export interface CheckEvaluated {
  readonly kind: "check.evaluated";
  readonly scope: Scope;
  /** The plan path of the check string, or a dataset's site. */
  readonly site: string;
  readonly text: string;
  readonly via: "reference" | "command" | "attestation" | "dataset" | "condition";
  readonly verdict: Verdict;
  readonly detail?: string;
}

export interface AttestationRecorded {
  readonly kind: "attestation.recorded";
  readonly scope: Scope;
  readonly site: string;
  readonly text: string;
  readonly by: string;
  readonly verdict: Verdict;
  readonly evidence?: string;
}

export interface ApprovalRecorded {
  readonly kind: "approval.recorded";
  readonly gateId: string;
  readonly role: string;
  readonly identity: string;
  readonly decision: "approve" | "reject";
  readonly comment?: string;
  /** The plan and the gate's evidence the approver saw; a change to either voids the approval. */
  readonly planHash: string;
  readonly evidenceHash: string;
}

export interface RollbackStarted {
  readonly kind: "rollback.started";
  readonly level: "step" | "phase" | "full";
  readonly trigger: "failure" | "operator" | "decision" | "gate" | "metric";
  readonly reason: string;
  /** Steps to undo, in the order they will be undone. */
  readonly plannedSteps: readonly string[];
  /** A phase that cannot be rolled back from, where a full rollback stops. */
  readonly wall?: string;
  /** Steps at or behind the wall, whose change stays. */
  readonly behindWall?: readonly string[];
  readonly by?: string;
}

/** One reading of a metric, kept as evidence of what a check, an observation or a trigger saw. */
export interface MetricSampled {
  readonly kind: "metric.sampled";
  readonly scope: Scope;
  /** The check site, observation watch or trigger this reading was for. */
  readonly site: string;
  readonly purpose: SamplePurpose;
  readonly metric: string;
  readonly reading: import("../ports/metric-provider.js").MetricReading;
  /** Where the value stands against the metric's thresholds, when it has some. */
  readonly level?: "normal" | "alert" | "critical";
  /** Whether the condition read holds, for a value. */
  readonly holds?: boolean;
  readonly condition?: string;
  /** How long the reading took, in real milliseconds: background watches stretch their interval by it. */
  readonly readMs?: number;
}

/** Why a metric was read: background purposes (every one but check and observation) stretch their interval by their reading time. */
export type SamplePurpose = "check" | "observation" | "trigger" | "health" | "continuous" | "risk" | "monitoring";

/** What a paused run needs from a person before it can go on. */
export type WaitingFor =
  | { readonly kind: "window"; readonly window: string; readonly nextOpening?: string }
  | { readonly kind: "attestations"; readonly items: readonly AwaitedAttestation[] }
  | { readonly kind: "approvals"; readonly gateId: string; readonly roles: readonly string[]; readonly policy: "all" | "any"; readonly evidenceHash: string }
  | { readonly kind: "decision"; readonly phaseId: string; readonly reason: string; readonly options: readonly ("proceed" | "retry" | "rollback")[] }
  | { readonly kind: "in-doubt"; readonly stepId: string; readonly actionId: string };

export interface AwaitedAttestation {
  readonly scope: Scope;
  readonly site: string;
  readonly text: string;
  readonly field: string;
  /** Why a person is asked, when a machine could not decide (a metric with no data). */
  readonly note?: string;
}

/** A stable text key for a scope, used in action ids and maps. */
export function formatScope(scope: Scope): string {
  switch (scope.kind) {
    case "run":
      return "run";
    case "prerequisite":
      return `prerequisite:${scope.prerequisiteId}`;
    case "phase":
      return `phase:${scope.phaseId}`;
    case "step":
      return `step:${scope.stepId}`;
    case "gate":
      return `gate:${scope.gateId}`;
    case "suite":
      return `suite:${scope.suiteId}@${scope.at}`;
    case "monitoring":
      return "monitoring";
    case "cleanup":
      return `cleanup:${scope.taskId}`;
    case "rollback":
      return `rollback:${scope.stepId ?? scope.level ?? "run"}`;
  }
}
