import { choice, count, entry, flag, id, itemsOf, section, text, textList } from "./schema-fields.js";

export const stepSchema = entry({
  step_id: id(),
  name: text(),
  description: text(),
  order: count(),
  type: choice(["code_deployment", "data_migration", "configuration", "infrastructure", "validation"]),
  preconditions: textList(),
  execution_details: section({
    method: text(),
    commands: textList(),
    automation_script: text(),
    manual_steps: textList(),
  }),
  validation: section({
    validation_checks: textList(),
    test_dataset_ids: textList(),
    success_criteria: textList(),
    validation_script: text(),
  }),
  rollback_procedure: section({
    can_rollback: flag(),
    rollback_steps: textList(),
    rollback_script: text(),
    rollback_test_id: text(),
  }),
  estimated_duration: text(),
  responsible_party: text(),
  monitoring: section({
    metrics_to_watch: textList(),
    alert_conditions: textList(),
  }),
});

export const validationGateSchema = section({
  gate_id: id(),
  name: text(),
  criteria: textList(),
  test_dataset_ids: textList(),
  approval_required: flag(),
  approvers: textList(),
  failure_response: choice(["block", "rollback", "manual_decision"]),
});

export const rollbackPointSchema = section({
  can_rollback_from_here: flag(),
  rollback_procedure: text(),
  rollback_test_id: text(),
  estimated_rollback_duration: text(),
});

export const phaseSchema = entry({
  phase_id: id(),
  name: text(),
  description: text(),
  order: count(),
  objectives: textList(),
  deliverables: textList(),
  duration_estimate: text(),
  start_condition: textList(),
  steps: itemsOf(stepSchema),
  validation_gate: validationGateSchema,
  rollback_point: rollbackPointSchema,
});

export const migrationPhasesSchema = itemsOf(phaseSchema);
