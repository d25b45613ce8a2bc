// The plan two racing `bascule run` processes share: steps that finish at once, so the whole
// run fits in the moment both processes start, with a ledger of every execution.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CrashPlan, ledgerLine } from "./crash-plan.js";

/** Writes the plan: every step's one command appends `<step> command:0 pid=<pid>` to ledger.txt. */
export function writeRacePlan(dir: string, phases = 2, stepsPerPhase = 3): CrashPlan {
  const stepActions = new Map<string, string[]>();
  const yaml = [
    'metadata: { version: "1.0.0", created_date: "2025-01-01T00:00:00Z", migration_name: "Race harness", migration_status: planned }',
    'migration_overview: { name: "Race harness", description: "Instant steps in two phases", objective: "Run once however many start it", approach: phased }',
    "migration_phases:",
  ];
  for (let p = 1; p <= phases; p++) {
    yaml.push(`  - phase_id: "PHASE-${p}"`, `    name: "Phase ${p}"`, `    order: ${p}`, "    steps:");
    for (let s = 1; s <= stepsPerPhase; s++) {
      const stepId = `STEP-${p}-${s}`;
      stepActions.set(stepId, ["command:0"]);
      yaml.push(
        `      - step_id: "${stepId}"`,
        `        name: "Step ${p}.${s}"`,
        `        order: ${s}`,
        `        execution_details: { commands: ['${ledgerLine("$BASCULE_STEP_ID", "command:0")}'] }`,
        '        rollback_procedure: { can_rollback: true, rollback_script: "scripts/rollback-step.sh" }',
      );
    }
  }
  mkdirSync(join(dir, "scripts"), { recursive: true });
  writeFileSync(join(dir, "migration-strategy.yaml"), `${yaml.join("\n")}\n`);
  const rollback = join(dir, "scripts", "rollback-step.sh");
  writeFileSync(rollback, `#!/usr/bin/env bash\ncd "$BASCULE_PLAN_DIR"\n${ledgerLine("$BASCULE_STEP_ID", "rollback-script")}\n`);
  chmodSync(rollback, 0o755);
  return {
    dir,
    planPath: join(dir, "migration-strategy.yaml"),
    statePath: join(dir, ".bascule", "state.db"),
    ledgerPath: join(dir, "ledger.txt"),
    stepIds: [...stepActions.keys()],
    gateIds: [],
    stepActions,
  };
}
