// Generates a large, valid, realistic plan with its scripts and datasets, for the lint bench.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function generatePlanFolder(dir: string, stepCount: number, stepsPerPhase = 50): string {
  mkdirSync(join(dir, "scripts"), { recursive: true });
  mkdirSync(join(dir, "datasets"), { recursive: true });
  for (const name of ["deploy.sh", "validate.sh", "rollback.sh"]) writeFileSync(join(dir, "scripts", name), "#!/bin/sh\ntrue\n");
  const phaseCount = Math.ceil(stepCount / stepsPerPhase);
  const lines: string[] = [
    "metadata:",
    '  version: "1.0.0"',
    '  created_date: "2025-10-04T10:00:00Z"',
    `  migration_name: "Generated migration of ${stepCount} steps"`,
    "  migration_status: planned",
    "migration_overview:",
    '  name: "Generated"',
    "  constraints:",
    "    downtime_allowed: false",
    '    migration_window: "Weekday 10am-4pm EST"',
    "  approach: phased",
    "migration_phases:",
  ];
  let step = 0;
  for (let p = 1; p <= phaseCount; p++) {
    lines.push(
      `  - phase_id: "PHASE-${p}"`,
      `    name: "Phase ${p}"`,
      `    order: ${p}`,
      '    duration_estimate: "2 hours"',
      "    start_condition:",
      p > 1 ? `      - "Phase ${p - 1} validation gate passed"` : '      - "Change approved"',
      "    steps:",
    );
    for (let s = 1; s <= stepsPerPhase && step < stepCount; s++, step++) {
      const id = `STEP-${p}-${s}`;
      const dataset = `DS-${step % 100}`;
      lines.push(
        `      - step_id: "${id}"`,
        `        name: "Step ${id}"`,
        `        description: "Change number ${step} of the generated plan"`,
        `        order: ${s}`,
        "        type: configuration",
        "        preconditions:",
        s > 1 ? `          - "STEP-${p}-${s - 1} successful"` : '          - "Error rate < 0.1%"',
        "        execution_details:",
        '          method: "Script"',
        "          commands:",
        `          - "echo applying ${id}"`,
        '          automation_script: "scripts/deploy.sh"',
        "        validation:",
        "          validation_checks:",
        '            - "Error rate < 0.1%"',
        '            - "Service responds"',
        `          test_dataset_ids: ["${dataset}"]`,
        "          success_criteria:",
        '            - "No errors in logs"',
        '          validation_script: "scripts/validate.sh"',
        "        rollback_procedure:",
        "          can_rollback: true",
        '          rollback_steps: ["Undo the change"]',
        '          rollback_script: "scripts/rollback.sh"',
        '        estimated_duration: "5 minutes"',
        '        responsible_party: "Platform Team"',
        "        monitoring:",
        '          metrics_to_watch: ["error_rate"]',
        '          alert_conditions: ["error_rate > 0.5%"]',
      );
    }
    lines.push(
      "    validation_gate:",
      `      gate_id: "GATE-${p}"`,
      `      name: "Gate ${p}"`,
      '      criteria: ["All steps healthy"]',
      '      test_dataset_ids: ["DS-0"]',
      "      approval_required: true",
      '      approvers: ["Engineering Manager"]',
      "      failure_response: rollback",
      "    rollback_point:",
      "      can_rollback_from_here: true",
      `      rollback_procedure: "Execute rollback scripts in reverse order"`,
      '      estimated_rollback_duration: "1 hour"',
    );
  }
  lines.push(
    "monitoring_and_observability:",
    "  migration_monitoring:",
    '    - metric_name: "Error rate"',
    '      measurement_method: "prometheus: sum(rate(errors[5m]))"',
    '      normal_range: "0-0.1%"',
    '      alert_threshold: "0.5%"',
    '      critical_threshold: "1%"',
    "linkage:",
    '  test_datasets_dir: "datasets"',
    '  automation_scripts_dir: "scripts"',
  );
  for (let d = 0; d < 100; d++) writeFileSync(join(dir, "datasets", `DS-${d}.yaml`), `dataset_id: DS-${d}\n`);
  const path = join(dir, "migration-strategy.yaml");
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}
