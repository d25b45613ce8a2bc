import { dataMigrationsRunBy } from "../../plan/data-migration-commands.js";
import type { IndexedPhase, IndexedStep, PlanIndex } from "../../plan/plan-index.js";
import type { ValidationGate } from "../../plan/schema/plan-schema.js";
import type { LintRule } from "../lint-rule.js";

const moveAfterApproval = (what: string) => `move ${what} to a phase after a gate with approval_required: true and approvers`;

export const irreversibleStepApprovalRule: LintRule = {
  id: "irreversible-step-approval",
  description: "A step or data migration that cannot be rolled back runs only after a phase gate that a person approves.",
  category: "safety",
  severity: "error",
  check({ plan, index }, report) {
    index.phases.forEach((indexed, position) => {
      const approvedBefore = hasApprovalBefore(index, position);
      for (const { step, path } of indexed.steps) {
        if (step.rollback_procedure?.can_rollback !== false || approvedBefore) continue;
        report({
          path: [...path, "rollback_procedure", "can_rollback"],
          message: `step ${JSON.stringify(step.step_id)} cannot be rolled back, but no approval gate comes before it${describeOwnGate(indexed)}; ${moveAfterApproval("it")}`,
        });
      }
    });

    const anyApproval = index.phases.some(({ gate }) => isApprovalGate(gate));
    plan.data_migration?.migrations?.forEach((migration, i) => {
      if (migration.rollback?.can_rollback !== false) return;
      const path = ["data_migration", "migrations", i, "rollback", "can_rollback"];
      const id = JSON.stringify(migration.migration_id);
      const runner = findFirstRunner(index, migration.migration_id);
      if (runner === undefined) {
        if (anyApproval) return;
        report({
          path,
          severity: "warning",
          message: `data migration ${id} cannot be rolled back, but no gate in the plan requires approval; set approval_required: true with approvers on the gate of a phase that runs before it`,
        });
        return;
      }
      const position = index.phases.findIndex(({ phase }) => phase === runner.phase);
      if (hasApprovalBefore(index, position)) return;
      report({
        path,
        message: `data migration ${id} cannot be rolled back, but no approval gate comes before step ${JSON.stringify(runner.step.step_id)}, which runs it; ${moveAfterApproval("that step")}`,
      });
    });
  },
};

function isApprovalGate(gate: ValidationGate | undefined): boolean {
  return gate?.approval_required === true && (gate.approvers ?? []).some((name) => name.trim() !== "");
}

/** A phase's own gate runs after its steps, so only the phases before it count. */
function hasApprovalBefore(index: PlanIndex, position: number): boolean {
  return index.phases.slice(0, Math.max(position, 0)).some(({ gate }) => isApprovalGate(gate));
}

function describeOwnGate({ gate }: IndexedPhase): string {
  return isApprovalGate(gate) ? ` (its own phase's gate ${JSON.stringify(gate?.gate_id)} runs after it)` : "";
}

/** The first step that runs `bascule data run <id>` (SEMANTICS section 8): the point of no return. */
function findFirstRunner(index: PlanIndex, migrationId: string): IndexedStep | undefined {
  return index.steps.find(({ step }) =>
    dataMigrationsRunBy(step).includes(migrationId),
  );
}
