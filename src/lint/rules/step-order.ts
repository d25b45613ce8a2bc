import type { PlanPath } from "../../plan/plan-path.js";
import type { Phase } from "../../plan/schema/plan-schema.js";
import type { Finding } from "../diagnostic.js";
import type { LintRule } from "../lint-rule.js";

export const stepOrderRule: LintRule = {
  id: "step-order",
  description: "Step orders are unique within their phase and numbered 1, 2, 3, … without gaps; every step has one.",
  category: "ordering",
  severity: "error",
  check({ plan }, report) {
    (plan.migration_phases ?? []).forEach((phase, i) => checkPhaseSteps(phase, ["migration_phases", i], report));
  },
};

function checkPhaseSteps(phase: Phase, phasePath: PlanPath, report: (finding: Finding) => void): void {
  const phaseId = JSON.stringify(phase.phase_id);
  const firstWithOrder = new Map<number, { id: string; path: PlanPath }>();
  (phase.steps ?? []).forEach((step, i) => {
    const base: PlanPath = [...phasePath, "steps", i];
    const id = JSON.stringify(step.step_id);
    if (typeof step.order !== "number") {
      report({
        path: [...base, "step_id"],
        severity: "warning",
        message: `step ${id} has no order, so it runs after the ordered steps of phase ${phaseId} in file order; give it an "order"`,
      });
      return;
    }
    const earlier = firstWithOrder.get(step.order);
    if (earlier === undefined) firstWithOrder.set(step.order, { id: step.step_id, path: [...base, "order"] });
    else {
      report({
        path: [...base, "order"],
        message: `step ${id} has order ${step.order}, already used by step ${JSON.stringify(earlier.id)}; give each step of phase ${phaseId} its own order`,
      });
    }
  });

  const orders = [...firstWithOrder.keys()].sort((a, b) => a - b);
  orders.forEach((order, i) => {
    const previous = orders[i - 1];
    const path = firstWithOrder.get(order)?.path ?? phasePath;
    if (previous === undefined && order !== 1) {
      report({ path, severity: "warning", message: `step order in phase ${phaseId} starts at ${order}, not 1; number its steps from 1` });
    } else if (previous !== undefined && order !== previous + 1) {
      report({
        path,
        severity: "warning",
        message: `step order in phase ${phaseId} jumps from ${previous} to ${order}; number its steps 1, 2, 3, … without gaps`,
      });
    }
  });
}
