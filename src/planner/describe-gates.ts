import type { CheckVocabulary } from "../plan/check-kind.js";
import type { PlanIndex } from "../plan/plan-index.js";
import { explainChecks } from "./explain-check.js";
import type { ExplainedGate } from "./plan-explanation.js";

/** Each phase's validation gate: what it checks, who approves, what a failure does. */
export function describeGates(index: PlanIndex, vocabulary: CheckVocabulary): ExplainedGate[] {
  return index.phases.flatMap(({ phase, gate }) => {
    if (gate === undefined) return [];
    const stated = gate.failure_response ?? undefined;
    return [
      {
        gate_id: gate.gate_id,
        phase_id: phase.phase_id,
        name: gate.name ?? null,
        criteria: explainChecks(gate.criteria, vocabulary),
        test_dataset_ids: gate.test_dataset_ids ?? [],
        approval_required: gate.approval_required ?? false,
        approvers: gate.approvers ?? [],
        // Never guess a rollback: a gate that says nothing blocks.
        failure_response: stated ?? "block",
        failure_response_source: stated === undefined ? "default" : "gate",
      },
    ];
  });
}
