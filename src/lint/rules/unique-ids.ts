import { formatPlanPath, type PlanPath } from "../../plan/plan-path.js";
import type { Plan } from "../../plan/schema/plan-schema.js";
import type { LintRule } from "../lint-rule.js";

interface IdSite {
  readonly id: string;
  readonly path: PlanPath;
}

/** Each namespace of ids: a reference must never be ambiguous. */
function idNamespaces(plan: Plan): Array<{ kind: string; sites: IdSite[] }> {
  const list = <T>(items: readonly T[] | null | undefined, base: PlanPath, key: keyof T & string): IdSite[] =>
    (items ?? []).flatMap((item, i) => {
      const id = item[key];
      return typeof id === "string" ? [{ id, path: [...base, i, key] }] : [];
    });
  const phases = plan.migration_phases ?? [];
  return [
    { kind: "phase", sites: list(phases, ["migration_phases"], "phase_id") },
    {
      kind: "step",
      sites: phases.flatMap((phase, pi) => list(phase.steps, ["migration_phases", pi, "steps"], "step_id")),
    },
    {
      kind: "gate",
      sites: phases.flatMap((phase, pi) => (phase.validation_gate ? [{ id: phase.validation_gate.gate_id, path: ["migration_phases", pi, "validation_gate", "gate_id"] }] : [])),
    },
    { kind: "strategy gate", sites: list(plan.validation_strategy?.validation_gates, ["validation_strategy", "validation_gates"], "gate_id") },
    { kind: "prerequisite", sites: list(plan.prerequisites, ["prerequisites"], "prerequisite_id") },
    { kind: "migration", sites: list(plan.data_migration?.migrations, ["data_migration", "migrations"], "migration_id") },
    {
      kind: "config",
      sites: list(plan.configuration_migration?.configuration_changes, ["configuration_migration", "configuration_changes"], "config_id"),
    },
    {
      kind: "change",
      sites: list(plan.infrastructure_migration?.infrastructure_changes, ["infrastructure_migration", "infrastructure_changes"], "change_id"),
    },
    {
      kind: "integration",
      sites: [
        ...list(plan.integration_migration?.external_integrations, ["integration_migration", "external_integrations"], "integration_id"),
        ...list(plan.integration_migration?.internal_integrations, ["integration_migration", "internal_integrations"], "integration_id"),
      ],
    },
    { kind: "risk", sites: list(plan.risk_mitigation?.migration_risks, ["risk_mitigation", "migration_risks"], "risk_id") },
    { kind: "milestone", sites: list(plan.execution_timeline?.milestones, ["execution_timeline", "milestones"], "milestone_id") },
    { kind: "critical path", sites: list(plan.execution_timeline?.critical_path, ["execution_timeline", "critical_path"], "step_id") },
    { kind: "task", sites: list(plan.post_migration?.cleanup_tasks, ["post_migration", "cleanup_tasks"], "task_id") },
    {
      kind: "deployment step",
      sites: list(plan.code_migration?.deployment_strategy?.steps, ["code_migration", "deployment_strategy", "steps"], "step_id"),
    },
    {
      kind: "continuous validation",
      sites: list(plan.validation_strategy?.continuous_validation, ["validation_strategy", "continuous_validation"], "validation_id"),
    },
    {
      kind: "regression suite",
      sites: list(plan.validation_strategy?.regression_validation, ["validation_strategy", "regression_validation"], "regression_suite_id"),
    },
  ];
}

export const uniqueIdsRule: LintRule = {
  id: "unique-ids",
  description: "Ids are unique in their namespace (phases, steps across all phases, gates, risks, …).",
  category: "ids",
  severity: "error",
  check({ plan }, report) {
    for (const { kind, sites } of idNamespaces(plan)) {
      const first = new Map<string, IdSite>();
      for (const site of sites) {
        const earlier = first.get(site.id);
        if (earlier === undefined) first.set(site.id, site);
        else {
          report({
            path: site.path,
            message: `${kind} id ${JSON.stringify(site.id)} is already used at ${formatPlanPath(earlier.path)}; ids must be unique so references are not ambiguous`,
          });
        }
      }
    }
  },
};
