import type { PlanPath } from "../../plan/plan-path.js";
import type { LintRule } from "../lint-rule.js";

export const phaseOrderRule: LintRule = {
  id: "phase-order",
  description: "Phase orders are unique and numbered 1, 2, 3, … without gaps; every phase has one.",
  category: "ordering",
  severity: "error",
  check({ plan }, report) {
    const firstWithOrder = new Map<number, { id: string; path: PlanPath }>();
    (plan.migration_phases ?? []).forEach((phase, i) => {
      const base: PlanPath = ["migration_phases", i];
      const id = JSON.stringify(phase.phase_id);
      if (typeof phase.order !== "number") {
        report({
          path: [...base, "phase_id"],
          severity: "warning",
          message: `phase ${id} has no order, so it runs after the ordered phases in file order; give it an "order"`,
        });
        return;
      }
      const earlier = firstWithOrder.get(phase.order);
      if (earlier === undefined) firstWithOrder.set(phase.order, { id: phase.phase_id, path: [...base, "order"] });
      else {
        report({
          path: [...base, "order"],
          message: `phase ${id} has order ${phase.order}, already used by phase ${JSON.stringify(earlier.id)}; give each phase its own order`,
        });
      }
    });

    // Phases are named by number in checks ("Phase 2 validation gate passed"), so a gap
    // leaves a number that means nothing and is an error; a late start only looks odd.
    const orders = [...firstWithOrder.keys()].sort((a, b) => a - b);
    const [lowest] = orders;
    if (lowest !== undefined && lowest !== 1) {
      report({
        path: firstWithOrder.get(lowest)?.path ?? ["migration_phases"],
        severity: "warning",
        message: `phase order starts at ${lowest}, not 1; number the phases from 1`,
      });
    }
    orders.forEach((order, i) => {
      const previous = orders[i - 1];
      if (previous === undefined || order === previous + 1) return;
      report({
        path: firstWithOrder.get(order)?.path ?? ["migration_phases"],
        message: `phase order jumps from ${previous} to ${order}; number the phases 1, 2, 3, … without gaps`,
      });
    });
  },
};
