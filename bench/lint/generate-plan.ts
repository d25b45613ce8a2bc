// Generates a large, realistic plan with its scripts and datasets, for the lint bench: valid,
// or with the same mistakes in every step so that each rule that finds them has work per step.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface GeneratedPlanOptions {
  /** Steps per phase. @default 50 */
  readonly stepsPerPhase?: number;
  /**
   * Every step carries the same mistakes: a misspelt key, a duration that is not one, an alert
   * on a metric nobody measures, a wrong-typed order; every tenth step also a critical-path
   * entry depending on a misspelt step id, so "did you mean" searches a vocabulary that grows
   * with the plan.
   */
  readonly withFindings?: boolean;
}

/** The findings `withFindings` puts in each step, on average; the bench checks lint reports them. */
export const findingsPerStep = 5.1;

export function generatePlanFolder(dir: string, stepCount: number, options: GeneratedPlanOptions = {}): string {
  const { stepsPerPhase = 50, withFindings = false } = options;
  mkdirSync(join(dir, "scripts"), { recursive: true });
  mkdirSync(join(dir, "datasets"), { recursive: true });
  for (const name of ["deploy.sh", "validate.sh", "rollback.sh"]) writeFileSync(join(dir, "scripts", name), "#!/bin/sh\ntrue\n");
  const phaseCount = Math.ceil(stepCount / stepsPerPhase);
  const criticalPath: string[] = [];
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
      if (withFindings && step % 10 === 0) criticalPath.push(`    - { step_id: "${id}", dependencies: ["STEP-${p}.${s}"] }`);
      lines.push(
        `      - step_id: "${id}"`,
        `        name: "Step ${id}"`,
        `        description: "Change number ${step} of the generated plan"`,
        withFindings ? '        order: "next"' : `        order: ${s}`,
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
        withFindings ? '        estimated_duration: "a little while"' : '        estimated_duration: "5 minutes"',
        withFindings ? '        responsible_pary: "Platform Team"' : '        responsible_party: "Platform Team"',
        "        monitoring:",
        '          metrics_to_watch: ["error_rate"]',
        withFindings ? '          alert_conditions: ["error_rate > 0.5%", "queue_depth > 100"]' : '          alert_conditions: ["error_rate > 0.5%"]',
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
    ...(withFindings ? ["execution_timeline:", "  critical_path:", ...criticalPath] : []),
    "linkage:",
    '  test_datasets_dir: "datasets"',
    '  automation_scripts_dir: "scripts"',
  );
  for (let d = 0; d < 100; d++) writeFileSync(join(dir, "datasets", `DS-${d}.yaml`), `dataset_id: DS-${d}\n`);
  const path = join(dir, "migration-strategy.yaml");
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}
