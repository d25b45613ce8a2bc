import type { LintRule } from "../lint-rule.js";

const undo = "point rollback_script at a script that undoes the change";

export const rollbackScriptIsCommandRule: LintRule = {
  id: "rollback-script-is-command",
  description: "A rollback_script is not the script or command that makes the change, which would redo it instead of undoing it.",
  category: "safety",
  severity: "error",
  check({ plan, index }, report) {
    for (const { step, path } of index.steps) {
      const rollback = normalizeScript(step.rollback_procedure?.rollback_script);
      if (rollback === "") continue;
      const at = [...path, "rollback_procedure", "rollback_script"];
      const written = JSON.stringify(step.rollback_procedure?.rollback_script?.trim());
      const quoted = `step ${JSON.stringify(step.step_id)} rollback_script ${written}`;
      if (rollback === normalizeScript(step.execution_details?.automation_script)) {
        report({ path: at, message: `${quoted} is also its automation_script, so a rollback would redo the change; ${undo}` });
        continue;
      }
      const command = (step.execution_details?.commands ?? []).find((c) => normalizeScript(c) === rollback || normalizeScript(c.trim().split(/\s+/)[0]) === rollback);
      if (command === undefined) continue;
      report({
        path: at,
        message: `${quoted} is what its command ${JSON.stringify(command.trim())} runs, so a rollback would redo the change; ${undo}`,
      });
    }
    plan.configuration_migration?.configuration_changes?.forEach((change, i) => {
      const rollback = normalizeScript(change.rollback?.rollback_script);
      if (rollback === "" || rollback !== normalizeScript(change.deployment_method?.automation_script)) return;
      report({
        path: ["configuration_migration", "configuration_changes", i, "rollback", "rollback_script"],
        message: `configuration change ${JSON.stringify(change.config_id)} rollback_script ${JSON.stringify(change.rollback?.rollback_script?.trim())} is also its deployment_method.automation_script, so a rollback would reapply the change; ${undo}`,
      });
    });
  },
};

/** `./scripts/a.sh` and `scripts/a.sh ` name the same script. */
function normalizeScript(script: string | null | undefined): string {
  return (script ?? "").trim().replace(/^(\.\/)+/, "");
}
