import type { PlanIndex } from "../../plan/plan-index.js";
import type { PlanPath } from "../../plan/plan-path.js";
import { findCycles } from "../../planner/dependency-graph.js";
import type { Finding } from "../diagnostic.js";
import type { LintRule } from "../lint-rule.js";

interface DependencyEntry {
  readonly id: string;
  readonly dependencies: readonly string[] | null | undefined;
  /** Path of the entry's `dependencies` list. */
  readonly path: PlanPath;
  /** Where the entry comes in the plan's order: what a dependency should never point past. */
  readonly rank: number;
}

interface DependencyGraph {
  readonly name: string;
  readonly entries: readonly DependencyEntry[];
  /** The rank of an id that dependencies point to. */
  readonly rankOf: (id: string) => number;
  /** How the order is named in a message: "in the plan", "among the milestones". */
  readonly order: (from: DependencyEntry, to: string) => string;
}

export const dependencyCycleRule: LintRule = {
  id: "dependency-cycle",
  description: "Critical-path dependencies, and milestone dependencies, form no cycle; a cycle is reported at the dependency that points forward.",
  category: "ordering",
  severity: "error",
  check({ plan, index }, report) {
    const timeline = plan.execution_timeline;
    reportCycles(criticalPathGraph(timeline?.critical_path ?? [], index), report);
    const milestones = timeline?.milestones ?? [];
    const milestoneRanks = firstPositions(milestones.map((m) => m.milestone_id));
    reportCycles(
      {
        name: "milestones",
        entries: milestones.map((milestone, i) => ({
          id: milestone.milestone_id,
          dependencies: milestone.dependencies,
          path: ["execution_timeline", "milestones", i, "dependencies"],
          rank: i,
        })),
        rankOf: (id) => milestoneRanks.get(id) ?? Number.POSITIVE_INFINITY,
        order: () => "among the milestones",
      },
      report,
    );
  },
};

/** Entries that name a step rank by when the step runs; the others by their place in the list, after all steps. */
function criticalPathGraph(criticalPath: readonly { step_id: string; dependencies?: readonly string[] | null }[], index: PlanIndex): DependencyGraph {
  const positions = firstPositions(criticalPath.map((entry) => entry.step_id));
  const stepCount = index.steps.length;
  const rankOf = (id: string, position = positions.get(id)) => index.stepsById.get(id)?.sequence ?? (position === undefined ? Number.POSITIVE_INFINITY : stepCount + position);
  return {
    name: "critical path",
    entries: criticalPath.map((entry, i) => ({
      id: entry.step_id,
      dependencies: entry.dependencies,
      path: ["execution_timeline", "critical_path", i, "dependencies"],
      rank: rankOf(entry.step_id, i),
    })),
    rankOf: (id) => rankOf(id),
    order: (from, to) => (index.stepsById.has(from.id) && index.stepsById.has(to) ? "in the plan" : "on the critical path"),
  };
}

function reportCycles(graph: DependencyGraph, report: (finding: Finding) => void): void {
  // A duplicated id (reported by unique-ids) keeps the dependencies of all its entries.
  const entriesById = new Map<string, DependencyEntry[]>();
  for (const entry of graph.entries) {
    const list = entriesById.get(entry.id);
    if (list === undefined) entriesById.set(entry.id, [entry]);
    else list.push(entry);
  }
  const edgesOf = (id: string) => (entriesById.get(id) ?? []).flatMap((entry) => entry.dependencies ?? []);

  for (const cycle of findCycles([...entriesById.keys()], edgesOf)) {
    // A self-dependency is dependency-references' to report.
    if (cycle.length < 2) continue;
    const named = `${graph.name} ${graph.name === "milestones" ? "have" : "has"} a cycle: ${[...cycle, cycle[0]].join(" → ")}`;
    const forward = findForwardEdge(cycle, entriesById, graph.rankOf);
    if (forward !== undefined) {
      const { entry, to, at } = forward;
      report({
        path: [...entry.path, at],
        message: `${named}; ${JSON.stringify(entry.id)} comes before ${JSON.stringify(to)} ${graph.order(entry, to)} yet depends on it: remove this dependency to break the cycle`,
      });
      continue;
    }
    // No edge points forward (duplicated ids blur the order): point at the one that closes the cycle.
    const last = cycle[cycle.length - 1] ?? "";
    const first = cycle[0] ?? "";
    const closing = locateDependency(entriesById.get(last) ?? [], first);
    if (closing === undefined) continue;
    report({ path: [...closing.entry.path, closing.at], message: `${named}; each depends on the next, so none can start: remove one of these dependencies` });
  }
}

/** The dependency of the earliest entry on a later one: the edge that runs against the plan's order. */
function findForwardEdge(
  cycle: readonly string[],
  entriesById: ReadonlyMap<string, readonly DependencyEntry[]>,
  rankOf: (id: string) => number,
): { entry: DependencyEntry; to: string; at: number } | undefined {
  let found: { entry: DependencyEntry; to: string; at: number } | undefined;
  cycle.forEach((from, i) => {
    const to = cycle[(i + 1) % cycle.length] ?? "";
    for (const entry of entriesById.get(from) ?? []) {
      const at = entry.dependencies?.indexOf(to) ?? -1;
      if (at < 0 || entry.rank >= rankOf(to)) continue;
      if (found === undefined || entry.rank < found.entry.rank) found = { entry, to, at };
    }
  });
  return found;
}

function locateDependency(entries: readonly DependencyEntry[], target: string): { entry: DependencyEntry; at: number } | undefined {
  for (const entry of entries) {
    const at = entry.dependencies?.indexOf(target) ?? -1;
    if (at >= 0) return { entry, at };
  }
  return undefined;
}

function firstPositions(ids: readonly string[]): Map<string, number> {
  const positions = new Map<string, number>();
  ids.forEach((id, i) => {
    if (!positions.has(id)) positions.set(id, i);
  });
  return positions;
}
