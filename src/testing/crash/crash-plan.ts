// The multi-phase plan the crash harness runs, with a ledger of every execution.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface CrashPlan {
  readonly dir: string;
  readonly planPath: string;
  readonly statePath: string;
  readonly ledgerPath: string;
  readonly stepIds: readonly string[];
  readonly gateIds: readonly string[];
  /** What each step runs, as ledger keys: `command:0`, `validation-script`. */
  readonly stepActions: ReadonlyMap<string, readonly string[]>;
}

export const ledgerLine = (owner: string, action: string) => `echo "${owner} ${action} pid=$$" >> ledger.txt`;

/**
 * Writes the plan. Every command, script and bound check appends `<step or gate> <action>
 * pid=<pid>` to ledger.txt as it starts, so the harness can count what really ran. Steps
 * 1 and 3 of each phase are idempotent (`x-idempotent`, the bindings' `idempotent_steps`);
 * steps 2 and 4 are not, so a crash inside them pauses the run until `bascule resolve`.
 */
export function writeCrashPlan(dir: string, phases = 3, stepsPerPhase = 4): CrashPlan {
  const stepActions = new Map<string, string[]>();
  const gateIds: string[] = [];
  const bindingsIdempotent: string[] = [];
  const checks: string[] = [];
  const yaml = [
    'metadata: { version: "1.0.0", created_date: "2025-01-01T00:00:00Z", migration_name: "Crash harness", migration_status: planned }',
    'migration_overview: { name: "Crash harness", description: "Small commands in three phases", objective: "Survive SIGKILL anywhere", approach: phased }',
    "migration_phases:",
  ];
  for (let p = 1; p <= phases; p++) {
    const gateId = `GATE-${p}`;
    gateIds.push(gateId);
    yaml.push(`  - phase_id: "PHASE-${p}"`, `    name: "Phase ${p}"`, `    order: ${p}`);
    if (p > 1) yaml.push(`    start_condition: ["GATE-${p - 1} passed"]`);
    yaml.push("    steps:");
    for (let s = 1; s <= stepsPerPhase; s++) {
      const stepId = `STEP-${p}-${s}`;
      const commands = s === 2 ? 2 : 1;
      stepActions.set(stepId, [...Array.from({ length: commands }, (_, i) => `command:${i}`), "validation-script"]);
      yaml.push(`      - step_id: "${stepId}"`, `        name: "Step ${p}.${s}"`, `        order: ${s}`);
      if (s === 1) yaml.push("        x-idempotent: true");
      if (s === 3) bindingsIdempotent.push(stepId);
      yaml.push("        execution_details:", "          commands:");
      for (let i = 0; i < commands; i++) yaml.push(`            - '${ledgerLine("$BASCULE_STEP_ID", `command:${i}`)} && sleep 0.0${1 + ((p + s + i) % 3)}'`);
      yaml.push(
        '        validation: { validation_script: "scripts/validate-step.sh" }',
        '        rollback_procedure: { can_rollback: true, rollback_script: "scripts/rollback-step.sh" }',
      );
    }
    const check = `Phase ${p} ledger is consistent`;
    checks.push(`  "${check}": '${ledgerLine(gateId, "check")} && sleep 0.01 && test -s ledger.txt'`);
    yaml.push(
      "    validation_gate:",
      `      gate_id: "${gateId}"`,
      `      name: "Gate ${p}"`,
      `      criteria: ["STEP-${p}-${stepsPerPhase} successful", "${check}"]`,
      "      approval_required: false",
      "      failure_response: block",
    );
  }
  yaml.push("success_criteria:", `  technical_success: [{ criterion: "GATE-${phases} passed" }]`);
  mkdirSync(join(dir, "scripts"), { recursive: true });
  writeFileSync(join(dir, "migration-strategy.yaml"), `${yaml.join("\n")}\n`);
  writeFileSync(join(dir, "bascule.config.yaml"), `idempotent_steps: [${bindingsIdempotent.map((id) => `"${id}"`).join(", ")}]\nchecks:\n${checks.join("\n")}\n`);
  const scripts = {
    // A step succeeds only if its commands really left their mark.
    "validate-step.sh": `${ledgerLine("$BASCULE_STEP_ID", "validation-script")}\ngrep -q "^$BASCULE_STEP_ID command:" ledger.txt\n`,
    "rollback-step.sh": `${ledgerLine("$BASCULE_STEP_ID", "rollback-script")}\n`,
  };
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(dir, "scripts", name), `#!/usr/bin/env bash\ncd "$BASCULE_PLAN_DIR"\n${body}`);
    chmodSync(join(dir, "scripts", name), 0o755);
  }
  return {
    dir,
    planPath: join(dir, "migration-strategy.yaml"),
    statePath: join(dir, ".bascule", "state.db"),
    ledgerPath: join(dir, "ledger.txt"),
    stepIds: [...stepActions.keys()],
    gateIds,
    stepActions,
  };
}
