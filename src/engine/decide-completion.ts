import { successCheckText } from "../plan/check-sites.js";
import { evaluateStage, type Site, type StageOutcome } from "./check-stage.js";
import { decideApprovals } from "./decide-gate.js";
import { decideMonitoringPeriod } from "./decide-monitoring-period.js";
import { decideSuites } from "./decide-suites.js";
import { findGateDefinition } from "./gate-definitions.js";
import type { JournalEvent } from "./journal-event.js";
import type { Decision, RunContext } from "./run-context.js";
import { completeGateId, type RunState } from "./run-state.js";

/**
 * After the last phase's gate (SEMANTICS 11.3), in this order: post-migration regression
 * suites, `technical_success`, the completion `criteria` and `validation_required`, the
 * `COMPLETE` gate, then the monitoring period; then the run is completed.
 */
export function decideCompletion(ctx: RunContext, state: RunState): Decision {
  if (state.completedAtMs === undefined) {
    const suites = decideSuites(ctx, state, "post_migration");
    if (suites !== undefined) return suites;
    const criteria = evaluateStage(ctx, state, { kind: "run" }, completionSites(ctx));
    if (criteria.kind !== "passed") return fromOutcome(criteria, (reason) => record({ kind: "run.finished", status: "failed", reason: `success criteria not met: ${reason}` }));
    const gate = decideCompleteGate(ctx, state);
    if (gate !== undefined) return gate;
    return record({ kind: "completion.reached" });
  }
  return decideMonitoringPeriod(ctx, state) ?? record({ kind: "run.finished", status: "completed" });
}

function completionSites(ctx: RunContext): Site[] {
  const criteria = ctx.plan.success_criteria;
  const complete = criteria?.migration_complete_definition;
  return [
    ...(criteria?.technical_success ?? []).map((c, i) =>
      c.test_dataset_id
        ? { site: `success_criteria.technical_success[${i}]`, text: c.test_dataset_id, field: "technical_success", datasetId: c.test_dataset_id }
        : { site: `success_criteria.technical_success[${i}]`, text: successCheckText(c) ?? `technical success ${i + 1}`, field: "technical_success" },
    ),
    ...(complete?.criteria ?? []).map((text, i) => ({ site: `success_criteria.migration_complete_definition.criteria[${i}]`, text, field: "criteria" })),
    ...(complete?.validation_required ?? []).map((id) => ({
      site: `success_criteria.migration_complete_definition.validation_required:${id}`,
      text: id,
      field: "validation_required",
      datasetId: id,
    })),
  ];
}

/** The final gate, signed on the evidence of every completion check (SEMANTICS 11.1). */
function decideCompleteGate(ctx: RunContext, state: RunState): Decision | undefined {
  const definition = findGateDefinition(ctx.plan, ctx.index, completeGateId);
  if (definition === undefined) return undefined;
  const status = state.gates.get(completeGateId)?.status ?? "pending";
  if (status === "passed") return undefined;
  if (status === "pending") return record({ kind: "gate.started", gateId: completeGateId, phaseId: "" });
  if (status === "failed") return { kind: "finish", status: "failed" };
  const outcome = decideApprovals(ctx, state, definition);
  if (outcome.kind === "passed") return record({ kind: "gate.passed", gateId: completeGateId });
  return fromOutcome(outcome, (reason) => record({ kind: "gate.failed", gateId: completeGateId, reason, response: "manual_decision" }));
}

function fromOutcome(outcome: StageOutcome, onFailed: (reason: string) => Decision): Decision {
  switch (outcome.kind) {
    case "decision":
      return outcome.decision;
    case "failed":
      return onFailed(outcome.reason);
    case "in-doubt":
      return onFailed(`interrupted while running ${outcome.actionId}`);
    case "passed":
      throw new Error("a passed stage has no decision");
  }
}

function record(event: JournalEvent): Decision {
  return { kind: "record", events: [event] };
}
