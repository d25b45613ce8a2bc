import type { PlanPath } from "../../plan/plan-path.js";
import type { Plan } from "../../plan/schema/plan-schema.js";
import { CandidateIndex } from "../candidate-index.js";
import { formatDidYouMean } from "../closest-match.js";
import type { Finding } from "../diagnostic.js";
import type { LintRule } from "../lint-rule.js";

interface DependentList {
  readonly owner: string;
  readonly ownerKind: string;
  readonly dependencies: readonly string[] | null | undefined;
  readonly path: PlanPath;
}

export const dependencyReferencesRule: LintRule = {
  id: "dependency-references",
  description: "Critical-path and milestone dependencies name existing entries, steps, phases or gates, never themselves.",
  category: "references",
  severity: "error",
  check({ plan }, report) {
    const timeline = plan.execution_timeline;
    const phaseIds = (plan.migration_phases ?? []).map((phase) => phase.phase_id);
    const stepIds = (plan.migration_phases ?? []).flatMap((phase) => (phase.steps ?? []).map((step) => step.step_id));

    const criticalPath = timeline?.critical_path ?? [];
    checkDependencies(
      criticalPath.map((entry, i) => ({
        owner: entry.step_id,
        ownerKind: "critical path entry",
        dependencies: entry.dependencies,
        path: ["execution_timeline", "critical_path", i, "dependencies"],
      })),
      { known: new Set([...criticalPath.map((entry) => entry.step_id), ...stepIds, ...phaseIds]), what: "critical-path entry, step or phase" },
      report,
    );

    const milestones = timeline?.milestones ?? [];
    checkDependencies(
      milestones.map((milestone, i) => ({
        owner: milestone.milestone_id,
        ownerKind: "milestone",
        dependencies: milestone.dependencies,
        path: ["execution_timeline", "milestones", i, "dependencies"],
      })),
      {
        known: new Set([...milestones.map((m) => m.milestone_id), ...phaseIds, ...stepIds, ...collectGateIds(plan)]),
        what: "milestone, phase, step or gate",
      },
      report,
    );
  },
};

function checkDependencies(lists: readonly DependentList[], vocabulary: { known: ReadonlySet<string>; what: string }, report: (finding: Finding) => void): void {
  let candidates: CandidateIndex | undefined;
  for (const { owner, ownerKind, dependencies, path } of lists) {
    dependencies?.forEach((dependency, i) => {
      const subject = `${ownerKind} ${JSON.stringify(owner)}`;
      if (dependency === owner) {
        report({ path: [...path, i], message: `${subject} depends on itself; remove ${JSON.stringify(dependency)} from its dependencies` });
      } else if (!vocabulary.known.has(dependency)) {
        candidates ??= new CandidateIndex(vocabulary.known);
        const hint = formatDidYouMean(candidates.find(dependency, owner)) || `; name an existing ${vocabulary.what} id`;
        report({
          path: [...path, i],
          message: `${subject} depends on ${JSON.stringify(dependency)}, which is no ${vocabulary.what} of the plan${hint}`,
        });
      }
    });
  }
}

/** Gates of phases and of `validation_strategy`: a milestone may wait for either. */
function collectGateIds(plan: Plan): string[] {
  return [
    ...(plan.migration_phases ?? []).flatMap((phase) => (phase.validation_gate ? [phase.validation_gate.gate_id] : [])),
    ...(plan.validation_strategy?.validation_gates ?? []).map((gate) => gate.gate_id),
  ];
}
