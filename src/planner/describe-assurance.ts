import type { CheckVocabulary } from "../plan/check-kind.js";
import type { PlanIndex } from "../plan/plan-index.js";
import { describeSuiteRun, resolveSuiteRun, type SuiteRun } from "../plan/regression-suite-run.js";
import type { Plan, RegressionSuite, StrategyGate } from "../plan/schema/plan-schema.js";
import { criterionCheckText } from "../plan/strategy-criterion.js";
import { describeAttachment, type GateAttachment, indexStrategyGates } from "../plan/strategy-gate-location.js";
import { explainCheck, explainWatchedCheck } from "./explain-check.js";
import type {
  ExplainedAttachment,
  ExplainedContinuousValidation,
  ExplainedDataset,
  ExplainedRegressionSuite,
  ExplainedRisk,
  ExplainedStrategyGate,
  ExplainedSuiteRun,
  FailureResponse,
  PlanExplanation,
  ExplainedSuiteOccasion,
} from "./plan-explanation.js";

/** What the explanation knows beyond the plan: the checks' vocabulary and which files run (the planner reads none). */
export interface RunSectionLookup {
  readonly vocabulary: CheckVocabulary;
  /** Whether a dataset runs: its file is there and has an `execution` block. */
  readonly isExecutableDataset: (datasetId: string) => boolean;
  /** Whether a path, relative to the plan's folder, is an executable file inside its tree. */
  readonly isExecutableInTree: (path: string) => boolean;
}

/** The sections that add checks to the order (SEMANTICS 11.1): strategy gates, continuous validation, regression suites, risks. */
export function describeAssurance(
  plan: Plan,
  index: PlanIndex,
  lookup: RunSectionLookup,
): Pick<PlanExplanation, "strategy_gates" | "continuous_validation" | "regression_suites" | "risks"> {
  const { vocabulary } = lookup;
  const dataset = (id: string): ExplainedDataset => ({ dataset_id: id, runs: lookup.isExecutableDataset(id) });
  const strategy = plan.validation_strategy;
  return {
    strategy_gates: indexStrategyGates(plan, index).map(({ gate, attachment }) => describeStrategyGate(gate, attachment, lookup)),
    continuous_validation: (strategy?.continuous_validation ?? []).map(
      (cv): ExplainedContinuousValidation => ({
        validation_id: cv.validation_id,
        name: cv.name ?? null,
        frequency: cv.frequency ?? null,
        checks: (cv.checks ?? []).map((text) => explainWatchedCheck(text, vocabulary)),
        datasets: (cv.test_dataset_ids ?? []).map(dataset),
        alert_conditions: (cv.alert_conditions ?? []).map((text) => explainWatchedCheck(text, vocabulary)),
      }),
    ),
    regression_suites: (strategy?.regression_validation ?? []).map((suite) => describeSuite(suite, index, lookup)),
    risks: (plan.risk_mitigation?.migration_risks ?? []).map(
      (risk): ExplainedRisk => ({
        risk_id: risk.risk_id,
        category: risk.category ?? null,
        description: risk.description ?? null,
        probability: risk.probability ?? null,
        impact: risk.impact ?? null,
        trigger: risk.contingency?.trigger?.trim() ? explainWatchedCheck(risk.contingency.trigger, vocabulary) : null,
        affected_phases: risk.affected_phases ?? [],
        affected_steps: risk.affected_steps ?? [],
        action: risk.contingency?.action ?? null,
        responsible_party: risk.contingency?.responsible_party ?? null,
      }),
    ),
  };
}

function describeStrategyGate(gate: StrategyGate, attachment: GateAttachment, lookup: RunSectionLookup): ExplainedStrategyGate {
  const stated = gate.failure_handling?.response ?? undefined;
  // `manual_review` is a decision, as a phase gate's `manual_decision` is.
  const response: FailureResponse = stated === "manual_review" ? "manual_decision" : (stated ?? "block");
  return {
    gate_id: gate.gate_id,
    name: gate.name ?? null,
    location: gate.location ?? null,
    attachment: toExplainedAttachment(attachment),
    attachment_text: describeAttachment(attachment),
    type: gate.type ?? null,
    criteria: (gate.criteria ?? []).map((criterion) => {
      const text = criterionCheckText(criterion);
      const datasetId = criterion.test_dataset_id?.trim();
      return {
        criterion: criterion.criterion ?? null,
        check: text === undefined ? null : explainCheck(text, lookup.vocabulary),
        dataset: datasetId ? { dataset_id: datasetId, runs: lookup.isExecutableDataset(datasetId) } : null,
      };
    }),
    sign_off_required: gate.type === "manual" || gate.type === "hybrid",
    failure_response: response,
    failure_response_source: stated === undefined ? "default" : "gate",
    rolls_back:
      response !== "rollback"
        ? null
        : attachment.kind === "step"
          ? { kind: "step", step_id: attachment.stepId }
          : attachment.kind === "phase"
            ? { kind: "phase", phase_id: attachment.phaseId }
            : null,
    notification: gate.failure_handling?.notification ?? [],
    escalation: gate.failure_handling?.escalation ?? null,
  };
}

function toExplainedAttachment(attachment: GateAttachment): ExplainedAttachment {
  switch (attachment.kind) {
    case "start":
      return { kind: "start" };
    case "phase":
      return { kind: "phase", phase_id: attachment.phaseId };
    case "step":
      return { kind: "step", step_id: attachment.stepId, phase_id: attachment.phaseId };
    case "unresolved":
      return { kind: "unresolved", reason: attachment.reason };
  }
}

function describeSuite(suite: RegressionSuite, index: PlanIndex, lookup: RunSectionLookup): ExplainedRegressionSuite {
  const run = resolveSuiteRun(suite, {
    boundChecks: lookup.vocabulary.boundChecks,
    isExecutableInTree: lookup.isExecutableInTree,
    isExecutableDataset: lookup.isExecutableDataset,
  });
  return {
    regression_suite_id: suite.regression_suite_id,
    name: suite.name ?? null,
    location: suite.location ?? null,
    execution_frequency: suite.execution_frequency ?? null,
    runs_at: suiteOccasions(suite, index),
    run: toExplainedSuiteRun(run),
    run_text: describeSuiteRun(run),
    critical_paths: suite.critical_paths ?? [],
  };
}

/** `continuous` suites run at both ends and after every phase gate; a suite without a frequency never runs. */
function suiteOccasions(suite: RegressionSuite, index: PlanIndex): ExplainedSuiteOccasion[] {
  switch (suite.execution_frequency) {
    case "pre_migration":
      return [{ at: "pre_migration" }];
    case "post_migration":
      return [{ at: "post_migration" }];
    case "continuous":
      return [
        { at: "pre_migration" },
        ...index.phases.flatMap(({ phase, gate }): ExplainedSuiteOccasion[] =>
          gate === undefined ? [] : [{ at: "after_gate", gate_id: gate.gate_id, phase_id: phase.phase_id, failure_response: gate.failure_response ?? "block" }],
        ),
        { at: "post_migration" },
      ];
    default:
      return [];
  }
}

function toExplainedSuiteRun(run: SuiteRun): ExplainedSuiteRun {
  return run.kind === "datasets" ? { kind: "datasets", dataset_ids: run.datasetIds } : run;
}
