import type { PlanPath } from "./plan-path.js";
import type { Plan } from "./schema/plan-schema.js";

/** A string of the plan found at a path: a dataset id, a script path, a check. */
export interface PlanString {
  readonly value: string;
  readonly path: PlanPath;
}

type Visit = (value: string | null | undefined, path: PlanPath) => void;

function collect(walk: (visit: Visit) => void): PlanString[] {
  const found: PlanString[] = [];
  walk((value, path) => {
    if (typeof value === "string" && value.trim() !== "") found.push({ value, path });
  });
  return found;
}

function eachOf<T>(list: readonly T[] | null | undefined, base: PlanPath, fn: (item: T, path: PlanPath) => void): void {
  list?.forEach((item, i) => fn(item, [...base, i]));
}

/** Every test dataset id the plan names, wherever the schema allows one. */
export function collectDatasetReferences(plan: Plan): PlanString[] {
  return collect((visit) => {
    const list = (values: readonly string[] | null | undefined, path: PlanPath) => eachOf(values, path, (v, p) => visit(v, p));
    eachOf(plan.prerequisites, ["prerequisites"], (prereq, p) => visit(prereq.validation?.verification_test_id, [...p, "validation", "verification_test_id"]));
    eachOf(plan.migration_phases, ["migration_phases"], (phase, pp) => {
      eachOf(phase.steps, [...pp, "steps"], (step, sp) => {
        list(step.validation?.test_dataset_ids, [...sp, "validation", "test_dataset_ids"]);
        visit(step.rollback_procedure?.rollback_test_id, [...sp, "rollback_procedure", "rollback_test_id"]);
      });
      list(phase.validation_gate?.test_dataset_ids, [...pp, "validation_gate", "test_dataset_ids"]);
      visit(phase.rollback_point?.rollback_test_id, [...pp, "rollback_point", "rollback_test_id"]);
    });
    eachOf(plan.code_migration?.deployment_strategy?.steps, ["code_migration", "deployment_strategy", "steps"], (s, p) =>
      list(s.validation?.test_dataset_ids, [...p, "validation", "test_dataset_ids"]),
    );
    eachOf(plan.data_migration?.migrations, ["data_migration", "migrations"], (m, p) => {
      eachOf(m.transformation_logic?.edge_cases, [...p, "transformation_logic", "edge_cases"], (e, ep) => visit(e.test_dataset_id, [...ep, "test_dataset_id"]));
      list(m.validation?.test_dataset_ids, [...p, "validation", "test_dataset_ids"]);
      visit(m.rollback?.rollback_test_id, [...p, "rollback", "rollback_test_id"]);
    });
    eachOf(plan.configuration_migration?.configuration_changes, ["configuration_migration", "configuration_changes"], (c, p) =>
      visit(c.deployment_method?.validation_test_id, [...p, "deployment_method", "validation_test_id"]),
    );
    eachOf(plan.infrastructure_migration?.infrastructure_changes, ["infrastructure_migration", "infrastructure_changes"], (c, p) =>
      list(c.validation?.test_dataset_ids, [...p, "validation", "test_dataset_ids"]),
    );
    eachOf(plan.integration_migration?.external_integrations, ["integration_migration", "external_integrations"], (x, p) =>
      list(x.testing?.test_dataset_ids, [...p, "testing", "test_dataset_ids"]),
    );
    const vs = plan.validation_strategy;
    eachOf(vs?.validation_gates, ["validation_strategy", "validation_gates"], (g, gp) =>
      eachOf(g.criteria, [...gp, "criteria"], (c, cp) => visit(c.test_dataset_id, [...cp, "test_dataset_id"])),
    );
    eachOf(vs?.continuous_validation, ["validation_strategy", "continuous_validation"], (c, p) => list(c.test_dataset_ids, [...p, "test_dataset_ids"]));
    eachOf(vs?.regression_validation, ["validation_strategy", "regression_validation"], (r, p) => list(r.test_dataset_ids, [...p, "test_dataset_ids"]));
    eachOf(plan.rollback_strategy?.rollback_levels, ["rollback_strategy", "rollback_levels"], (l, p) =>
      list(l.validation?.test_dataset_ids, [...p, "validation", "test_dataset_ids"]),
    );
    eachOf(plan.rollback_strategy?.rollback_testing, ["rollback_strategy", "rollback_testing"], (t, p) => visit(t.test_dataset_id, [...p, "test_dataset_id"]));
    eachOf(plan.risk_mitigation?.migration_risks, ["risk_mitigation", "migration_risks"], (r, p) =>
      visit(r.mitigation?.validation?.test_dataset_id, [...p, "mitigation", "validation", "test_dataset_id"]),
    );
    eachOf(plan.success_criteria?.technical_success, ["success_criteria", "technical_success"], (t, p) => visit(t.test_dataset_id, [...p, "test_dataset_id"]));
    list(plan.success_criteria?.migration_complete_definition?.validation_required, ["success_criteria", "migration_complete_definition", "validation_required"]);
  });
}

/** Every field the schema calls a script: these are executed, so they must exist in the plan's tree. */
export function collectScriptReferences(plan: Plan): PlanString[] {
  return collect((visit) => {
    eachOf(plan.migration_phases, ["migration_phases"], (phase, pp) =>
      eachOf(phase.steps, [...pp, "steps"], (step, sp) => {
        visit(step.execution_details?.automation_script, [...sp, "execution_details", "automation_script"]);
        visit(step.validation?.validation_script, [...sp, "validation", "validation_script"]);
        visit(step.rollback_procedure?.rollback_script, [...sp, "rollback_procedure", "rollback_script"]);
      }),
    );
    eachOf(plan.data_migration?.migrations, ["data_migration", "migrations"], (m, p) => {
      visit(m.execution_plan?.execution_script, [...p, "execution_plan", "execution_script"]);
      visit(m.transformation_logic?.code_location, [...p, "transformation_logic", "code_location"]);
      visit(m.rollback?.rollback_script, [...p, "rollback", "rollback_script"]);
    });
    eachOf(plan.configuration_migration?.configuration_changes, ["configuration_migration", "configuration_changes"], (c, p) => {
      visit(c.deployment_method?.automation_script, [...p, "deployment_method", "automation_script"]);
      visit(c.rollback?.rollback_script, [...p, "rollback", "rollback_script"]);
    });
    eachOf(plan.rollback_strategy?.rollback_levels, ["rollback_strategy", "rollback_levels"], (l, p) =>
      visit(l.rollback_procedure?.automation_script, [...p, "rollback_procedure", "automation_script"]),
    );
  });
}
