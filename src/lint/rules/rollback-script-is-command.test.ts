import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { rollbackScriptIsCommandRule } from "./rollback-script-is-command.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [rollbackScriptIsCommandRule] }).diagnostics);

const step = (execution: string, rollbackScript: string) => `migration_phases:
  - phase_id: P1
    steps:
      - step_id: S1
        execution_details:
${execution}
        rollback_procedure:
          rollback_script: "${rollbackScript}"
`;

describe("rollback-script-is-command", () => {
  it("accepts the spec's example: every rollback script differs from what the step runs", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("flags a rollback_script that is the step's automation_script, ./ aside", () => {
    expect(lint(step('          automation_script: "scripts/deploy.sh"', "./scripts/deploy.sh"))).toEqual([
      'error rollback-script-is-command 8:28 step "S1" rollback_script "./scripts/deploy.sh" is also its automation_script, so a rollback would redo the change; point rollback_script at a script that undoes the change',
    ]);
  });

  it.each([
    ["the whole command", "scripts/switch-traffic.sh blue green"],
    ["the program the command runs", "scripts/switch-traffic.sh"],
  ])("flags a rollback_script that is %s", (_name, rollbackScript) => {
    const commands = '          commands: ["kubectl apply -f k8s/v2.yaml", "scripts/switch-traffic.sh blue green"]';
    expect(lint(step(commands, rollbackScript))).toEqual([
      `error rollback-script-is-command 8:28 step "S1" rollback_script "${rollbackScript}" is what its command "scripts/switch-traffic.sh blue green" runs, so a rollback would redo the change; point rollback_script at a script that undoes the change`,
    ]);
  });

  it("accepts the same program with other arguments, and a different program", () => {
    const commands = '          commands: ["scripts/switch-traffic.sh blue green"]';
    expect(lint(step(commands, "scripts/switch-traffic.sh green blue"))).toEqual([]);
    expect(lint(step(commands, "scripts/rollback-cart.sh"))).toEqual([]);
  });

  it("flags a configuration change whose rollback script is its deployment script", () => {
    const yaml = `configuration_migration:
  configuration_changes:
    - config_id: CFG-1
      deployment_method:
        automation_script: scripts/set-flag.sh
      rollback:
        rollback_script: scripts/set-flag.sh
    - config_id: CFG-2
      deployment_method:
        automation_script: scripts/set-flag.sh
      rollback:
        rollback_script: scripts/unset-flag.sh
`;
    expect(lint(yaml)).toEqual([
      'error rollback-script-is-command 7:26 configuration change "CFG-1" rollback_script "scripts/set-flag.sh" is also its deployment_method.automation_script, so a rollback would reapply the change; point rollback_script at a script that undoes the change',
    ]);
  });
});
