import type { PlanPath } from "../../plan/plan-path.js";
import { findCycles } from "../../planner/dependency-graph.js";
import type { Finding } from "../diagnostic.js";
import type { LintRule } from "../lint-rule.js";

interface DependencyEntry {
  readonly id: string;
  readonly dependencies: readonly string[] | null | undefined;
  /** Path of the entry's `dependencies` list. */
  readonly path: PlanPath;
}

export const dependencyCycleRule: LintRule = {
  id: "dependency-cycle",
  description: "Critical-path dependencies, and milestone dependencies, form no cycle.",
  category: "ordering",
  severity: "error",
  check({ plan }, report) {
    const timeline = plan.execution_timeline;
    reportCycles(
      "critical path",
      (timeline?.critical_path ?? []).map((entry, i) => ({
        id: entry.step_id,
        dependencies: entry.dependencies,
        path: ["execution_timeline", "critical_path", i, "dependencies"],
      })),
      report,
    );
    reportCycles(
      "milestones",
      (timeline?.milestones ?? []).map((milestone, i) => ({
        id: milestone.milestone_id,
        dependencies: milestone.dependencies,
        path: ["execution_timeline", "milestones", i, "dependencies"],
      })),
      report,
    );
  },
};

function reportCycles(graphName: string, entries: readonly DependencyEntry[], report: (finding: Finding) => void): void {
  // A duplicated id (reported by unique-ids) keeps the dependencies of all its entries.
  const entriesById = new Map<string, DependencyEntry[]>();
  for (const entry of entries) entriesById.set(entry.id, [...(entriesById.get(entry.id) ?? []), entry]);
  const edgesOf = (id: string) => (entriesById.get(id) ?? []).flatMap((entry) => entry.dependencies ?? []);

  for (const cycle of findCycles([...entriesById.keys()], edgesOf)) {
    // A self-dependency is dependency-references' to report.
    if (cycle.length < 2) continue;
    const last = cycle[cycle.length - 1] ?? "";
    const first = cycle[0] ?? "";
    const path = locateDependency(entriesById.get(last) ?? [], first);
    if (path === undefined) continue;
    const verb = graphName === "milestones" ? "have" : "has";
    report({
      path,
      message: `${graphName} ${verb} a cycle: ${[...cycle, first].join(" → ")}; each depends on the next, so none can start: remove one of these dependencies`,
    });
  }
}

function locateDependency(entries: readonly DependencyEntry[], target: string): PlanPath | undefined {
  for (const entry of entries) {
    const i = entry.dependencies?.indexOf(target) ?? -1;
    if (i >= 0) return [...entry.path, i];
  }
  return undefined;
}
