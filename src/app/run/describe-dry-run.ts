import { findMissingFiles } from "../../lint/find-missing-files.js";
import { explainMissingFiles } from "../../planner/explain-missing-files.js";
import { classifyCheck } from "../../plan/check-kind.js";
import { describeMissingFiles } from "../describe-missing-files.js";
import { parseDuration, formatDuration } from "../../plan/values/duration.js";
import { approverRoles } from "../../engine/decide-gate.js";
import { isSqlCommand, isSqlScript } from "../../engine/sql-command.js";
import { identitiesForRole } from "../bindings/approver-identities.js";
import { resolveSqlSystem } from "../bindings/resolve-sql-system.js";
import { EffectExecutor } from "./effect-executor.js";
import { loadDatasets } from "./load-datasets.js";
import type { RunSession } from "./run-session.js";
import type { Clock } from "../../ports/clock.js";
import type { CommandRunner } from "../../ports/command-runner.js";
import type { SqlRunner } from "../../ports/sql-runner.js";
import { planFilesIn } from "../local-system.js";

/**
 * `bascule run --dry-run`: everything a run would do, in order, resolved against the
 * bindings (which command answers a check, which database SQL runs on, which script file
 * runs), without running, writing or creating anything. Files the plan names but its folder
 * lacks come first.
 */
export function describeDryRun(session: RunSession, timeScale: number): string[] {
  const { plan, index, vocabulary, bindings } = session;
  const { datasets } = loadDatasets(plan, session.planDir);
  const missing = explainMissingFiles(findMissingFiles(plan, planFilesIn(session.planDir), session.document.locate));
  const missingDatasets = new Set(missing.datasets.map((d) => d.name));
  const missingScripts = new Set(missing.scripts.map((d) => d.name));
  // The executor only resolves script paths here: it runs nothing, so it times nothing.
  const unused: CommandRunner & SqlRunner & Clock = {
    run: () => Promise.reject(new Error("a dry run runs nothing")),
    execute: () => Promise.reject(new Error("a dry run runs nothing")),
    now: () => 0,
    sleep: () => Promise.resolve(),
  };
  const resolver = new EffectExecutor({
    planDir: session.planDir,
    scriptsDir: plan.linkage?.automation_scripts_dir ?? undefined,
    bindings,
    secrets: session.secrets,
    commands: unused,
    sql: unused,
    clock: unused,
    baseEnv: {},
    runId: "dry-run",
  });
  const lines: string[] = [];
  const check = (indent: string, text: string, inverted = false) => {
    const bound = vocabulary.boundChecks.get(text);
    const kind = classifyCheck(text, vocabulary);
    const how = bound !== undefined ? `run: ${bound}` : kind.kind === "reference" ? `from the journal: ${kind.target.kind} ${kind.target.id}` : "a person attests it";
    lines.push(`${indent}${inverted ? "alert if" : "check"} "${text}" → ${how}`);
  };
  const dataset = (indent: string, id: string) => {
    if (missingDatasets.has(id.trim())) {
      lines.push(`${indent}dataset ${id} → NOT FOUND: no ${id.trim()}.yaml, .yml or .json in the plan's test_datasets_dir`);
      return;
    }
    const execution = datasets.get(id)?.execution;
    lines.push(`${indent}dataset ${id} → ${execution ? `run: ${execution.command}${execution.timeoutMs ? ` (timeout ${execution.timeoutMs} ms)` : ""}` : "a person attests it"}`);
  };
  const script = (indent: string, role: string, path: string, stepId: string) => {
    const resolved = resolver.resolveScript(path);
    const where = resolved.kind === "script" ? resolved.path : `NOT FOUND: ${resolved.message}`;
    const sql = isSqlScript(path) ? sqlTarget(session, stepId) : "";
    lines.push(`${indent}${role} script ${path} → ${where}${sql}`);
  };

  lines.push(`dry run of ${session.planPath}: nothing will run, nothing is written`);
  // First, so a plan copied without its folder says at once what it still needs.
  const described = describeMissingFiles(missing);
  if (described !== undefined) {
    lines.push(described.summary);
    for (const group of described.groups) lines.push(`  ${group.title}`, ...group.items.map((item) => `    ${item.name} ${item.detail}`));
  }
  lines.push(`bindings: ${bindings.file ?? "none (no bascule.config.yaml beside the plan)"}; time scale ${timeScale}`);
  lines.push(`window: ${plan.migration_overview?.constraints?.migration_window ?? "anytime"}`);
  for (const prereq of plan.prerequisites ?? []) {
    const status = prereq.validation?.status;
    lines.push(
      `prerequisite ${prereq.prerequisite_id}: ${status === "verified" ? "verified in the plan" : prereq.validation?.verification_test_id ? `dataset ${prereq.validation.verification_test_id}` : `check "${prereq.validation?.verification_method ?? "verified"}"`}`,
    );
  }
  for (const { phase, steps, gate } of index.phases) {
    lines.push(`phase ${phase.phase_id}: ${phase.name ?? ""}`);
    for (const text of phase.start_condition ?? []) check("  ", text);
    for (const { step } of steps) {
      lines.push(`  step ${step.step_id}: ${step.name ?? ""}`);
      for (const text of step.preconditions ?? []) check("    ", text);
      const commands = step.execution_details?.commands ?? [];
      for (const command of commands) {
        const program = command.trim().split(/\s+/)[0] ?? "";
        const lacking = missingScripts.has(program) ? ` → NOT FOUND: ${program} is not in the plan's folder` : "";
        lines.push(isSqlCommand(command) ? `    SQL ${command}${sqlTarget(session, step.step_id)}` : `    $ ${command}${lacking}`);
      }
      if (commands.length === 0 && step.execution_details?.automation_script) script("    ", "automation", step.execution_details.automation_script, step.step_id);
      for (const text of step.execution_details?.manual_steps ?? []) lines.push(`    manual step "${text}" → a person attests it`);
      if (step.validation?.validation_script) script("    ", "validation", step.validation.validation_script, step.step_id);
      for (const id of step.validation?.test_dataset_ids ?? []) dataset("    ", id);
      for (const text of [...(step.validation?.validation_checks ?? []), ...(step.validation?.success_criteria ?? [])]) check("    ", text);
      const duration = step.estimated_duration ? parseDuration(step.estimated_duration) : undefined;
      if (step.monitoring && duration?.kind === "ok" && duration.value.observation) {
        lines.push(`    observe ${step.estimated_duration} → waits ${formatDuration(duration.value.maxMs * timeScale)} at time scale ${timeScale}`);
        for (const text of step.monitoring.alert_conditions ?? []) check("      ", text, true);
      }
      const undo = step.rollback_procedure;
      if (undo?.can_rollback === false) lines.push("    undo: none (can_rollback: false)");
      else if (undo?.rollback_script) script("    ", "undo:", undo.rollback_script, step.step_id);
      else if ((undo?.rollback_steps?.length ?? 0) > 0) lines.push(`    undo: a person attests ${undo?.rollback_steps?.length} rollback steps`);
      else lines.push("    undo: none defined");
    }
    if (gate) {
      lines.push(`  gate ${gate.gate_id}: on failure ${gate.failure_response ?? "block"}`);
      for (const text of gate.criteria ?? []) check("    ", text);
      for (const id of gate.test_dataset_ids ?? []) dataset("    ", id);
      if (gate.approval_required) {
        for (const role of approverRoles(gate)) lines.push(`    approval by ${role} → ${identitiesForRole(bindings, role).join(" or ")}`);
        lines.push(`    approval policy: ${bindings.approval.policy}`);
      }
    }
  }
  for (const c of plan.success_criteria?.technical_success ?? []) {
    if (c.test_dataset_id) dataset("success: ", c.test_dataset_id);
    else lines.push(`success: "${c.criterion}" → a person attests it`);
  }
  for (const id of plan.success_criteria?.migration_complete_definition?.validation_required ?? []) dataset("complete: ", id);
  return lines;
}

function sqlTarget(session: RunSession, stepId: string): string {
  const system = resolveSqlSystem(session.bindings, stepId);
  return system.kind === "system" ? ` → on ${system.name} (${system.connection.kind})` : ` → CANNOT RUN: ${system.message}`;
}
