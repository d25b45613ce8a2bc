import type { CheckVocabulary } from "../plan/check-kind.js";
import type { Plan } from "../plan/schema/plan-schema.js";
import { explainChecks } from "./explain-check.js";
import type { ExplainedRollbackLevel } from "./plan-explanation.js";

/** `rollback_strategy.rollback_levels`: what triggers each level and who decides. */
export function describeRollbackLevels(plan: Plan, vocabulary: CheckVocabulary): ExplainedRollbackLevel[] {
  return (plan.rollback_strategy?.rollback_levels ?? []).map((level) => ({
    level: level.level ?? null,
    description: level.description ?? null,
    trigger_conditions: explainChecks(level.trigger_conditions, vocabulary),
    decision_maker: level.decision_maker ?? null,
    approval_required: level.approval_required ?? false,
    automation_script: level.rollback_procedure?.automation_script ?? null,
    estimated_duration: level.rollback_procedure?.estimated_duration ?? null,
  }));
}
