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
      if (hasApprovalBefore(index, positionOf(index, runner.phase))) return;
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
  const first = firstApprovals.get(index) ?? index.phases.findIndex(({ gate }) => isApprovalGate(gate));
  firstApprovals.set(index, first);
  return first >= 0 && first < position;
}

// Found once per plan: each phase scanning the phases before it is quadratic in the phases.
const firstApprovals = new WeakMap<PlanIndex, number>();

function describeOwnGate({ gate }: IndexedPhase): string {
  return isApprovalGate(gate) ? ` (its own phase's gate ${JSON.stringify(gate?.gate_id)} runs after it)` : "";
}

/** The first step that runs `bascule data run <id>` (SEMANTICS section 8): the point of no return. */
function findFirstRunner(index: PlanIndex, migrationId: string): IndexedStep | undefined {
  let runners = firstRunners.get(index);
  if (runners === undefined) {
    runners = new Map();
    for (const indexed of index.steps) for (const id of dataMigrationsRunBy(indexed.step)) if (!runners.has(id)) runners.set(id, indexed);
    firstRunners.set(index, runners);
  }
  return runners.get(migrationId);
}

function positionOf(index: PlanIndex, phase: IndexedStep["phase"]): number {
  let positions = phasePositions.get(index);
  if (positions === undefined) {
    positions = new Map(index.phases.map((indexed, position) => [indexed.phase, position]));
    phasePositions.set(index, positions);
  }
  return positions.get(phase) ?? -1;
}

// Per plan, found once: one scan of every step (or phase) per data migration is quadratic.
const firstRunners = new WeakMap<PlanIndex, Map<string, IndexedStep>>();
const phasePositions = new WeakMap<PlanIndex, Map<IndexedStep["phase"], number>>();
