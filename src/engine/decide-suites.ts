import { formatPlanPath } from "../plan/plan-path.js";
import { resolveSuiteRun, type SuiteRun } from "../plan/regression-suite-run.js";
import type { RegressionSuite } from "../plan/schema/plan-schema.js";
import { evaluateStage, type StageOutcome } from "./check-stage.js";
import { runActions, scriptRun } from "./decide-step.js";
import { formatScope, type JournalEvent, type Scope, type SuiteOccasion } from "./journal-event.js";
import type { Decision, RunContext } from "./run-context.js";
import { attemptKey, type RunState, suiteKey } from "./run-state.js";

/**
 * The next decision for the regression suites due at `at` (SEMANTICS 11.1), or undefined
 * when every one has passed: `pre_migration` and `post_migration` suites, and `continuous`
 * ones at both and after every phase gate.
 */
export function decideSuites(ctx: RunContext, state: RunState, at: SuiteOccasion): Decision | undefined {
  for (const [i, suite] of (ctx.plan.validation_strategy?.regression_validation ?? []).entries()) {
    if (!runsAt(suite, at)) continue;
    const suiteId = suite.regression_suite_id;
    const current = state.suites.get(suiteKey(suiteId, at));
    if (current?.status === "passed") continue;
    // A failed suite's failure is answered before the run comes back here (decideFailure).
    if (current?.status === "failed") return { kind: "finish", status: "failed" };
    if (current === undefined || current.status === "pending") return record({ kind: "suite.started", suiteId, at, attempt: (current?.attempt ?? 0) + 1 });
    const outcome = runSuite(ctx, state, suite, i, at, current.attempt);
    switch (outcome.kind) {
      case "passed":
        return record({ kind: "suite.passed", suiteId, at });
      case "failed":
        return record({ kind: "suite.failed", suiteId, at, reason: outcome.reason });
      case "in-doubt":
        // A suite bound as idempotent simply runs again; any other may have changed something.
        if (ctx.idempotentSteps.has(suiteId)) return record({ kind: "suite.started", suiteId, at, attempt: current.attempt + 1 });
        return { kind: "pause", waitingFor: { kind: "in-doubt", stepId: suiteId, actionId: outcome.actionId } };
      case "decision":
        return outcome.decision;
    }
  }
  return undefined;
}

function runsAt(suite: RegressionSuite, at: SuiteOccasion): boolean {
  const when = suite.execution_frequency;
  if (when === "continuous") return true;
  return when === at;
}

export function suiteRunOf(ctx: RunContext, suite: RegressionSuite): SuiteRun {
  return (
    ctx.suiteRuns?.get(suite.regression_suite_id) ??
    resolveSuiteRun(suite, {
      boundChecks: ctx.vocabulary.boundChecks,
      isExecutableInTree: () => false,
      isExecutableDataset: (id) => ctx.datasets.get(id)?.execution !== undefined,
    })
  );
}

function runSuite(ctx: RunContext, state: RunState, suite: RegressionSuite, i: number, at: SuiteOccasion, attempt: number): StageOutcome {
  const suiteId = suite.regression_suite_id;
  const scope: Scope = { kind: "suite", suiteId, at };
  const key = attemptKey(formatScope(scope), attempt);
  const path = formatPlanPath(["validation_strategy", "regression_validation", i]);
  const run = suiteRunOf(ctx, suite);
  switch (run.kind) {
    case "command":
      return runActions(state, scope, key, [
        { key: "suite", run: { kind: "shell", command: run.command, timeoutMs: ctx.commandTimeoutMs }, action: { kind: "suite", suiteId, command: run.command } },
      ]);
    case "script":
      return runActions(state, scope, key, [{ key: "suite", run: scriptRun(run.path, ctx), action: { kind: "suite", suiteId, command: run.path } }]);
    case "datasets":
      return evaluateStage(
        ctx,
        state,
        scope,
        run.datasetIds.map((id) => ({ site: `${path}.dataset:${id}`, text: id, field: "test_dataset_ids", datasetId: id })),
      );
    case "attest":
      // Nothing to run: a person attests the suite by its id, as a dataset is attested.
      return evaluateStage(ctx, state, scope, [{ site: `${path}.regression_suite_id`, text: suiteId, field: "regression_validation" }]);
  }
}

function record(event: JournalEvent): Decision {
  return { kind: "record", events: [event] };
}
