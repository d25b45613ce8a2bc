import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createNodePlanFiles } from "../../adapters/node-fs/node-plan-files.js";
import { parsePlanText } from "../../plan/plan-document.js";
import { lintPlan } from "../lint-plan.js";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { scriptFilesRule } from "./script-files.js";
import { specExampleScripts } from "../../testing/spec-example.js";

type Files = Readonly<Record<string, string>>;
const lint = (yaml: string, files: Files = {}) => summarize(lintFixture(yaml, { rules: [scriptFilesRule], files }).diagnostics);

/** lintFixture cannot make symbolic links, so link tests lint a folder they build themselves. */
function lintIn(dir: string, yaml: string): string[] {
  const document = parsePlanText(yaml);
  if (document.kind === "source-problem") throw new Error(document.message);
  return summarize(lintPlan(document, { files: createNodePlanFiles(dir), rules: [scriptFilesRule] }).diagnostics);
}

const exampleScripts = specExampleScripts;
const exampleFiles: Files = Object.fromEntries(exampleScripts.map((path) => [path, "#!/bin/sh\n"]));

const step = (details: string) => `migration_phases:
  - phase_id: P1
    steps:
      - step_id: S1
        execution_details:
${details}`;

describe("script-files", () => {
  it("accepts the spec's example when its scripts are present; pg_dump, kubectl, feature-flag and SQL commands are not checked", () => {
    expect(lint(readExamplePlan(), exampleFiles)).toEqual([]);
  });

  it("flags the example's scripts when the folder holds none as one finding, at the first, listing each script once with its owners", () => {
    const text = readExamplePlan();
    const line = text.split("\n").findIndex((l) => l.includes('automation_script: "scripts/backup-cart.sh"')) + 1;
    const owners: Record<string, string> = {
      "scripts/backup-cart.sh": "STEP-1-1",
      "scripts/validate-backup.sh": "STEP-1-1",
      "scripts/restore-cart.sh": "STEP-1-1",
      "migrations/001_add_discount_columns.sql": "STEP-1-2",
      "scripts/validate-schema.sh": "STEP-1-2",
      "migrations/001_rollback.sql": "STEP-1-2",
      "scripts/deploy-discount-service.sh": "STEP-2-1",
      "scripts/validate-service.sh": "STEP-2-1",
      "scripts/rollback-discount-service.sh": "STEP-2-1",
      "scripts/switch-traffic.sh": "STEP-2-2",
      "scripts/deploy-cart-service.sh": "STEP-2-2",
      "scripts/validate-cart-deployment.sh": "STEP-2-2",
      "scripts/rollback-cart-service.sh": "STEP-2-2",
      "scripts/configure-feature-flag.sh": "STEP-3-1, STEP-3-2, STEP-3-3",
      "scripts/validate-rollout.sh": "STEP-3-1",
      "scripts/disable-feature-flag.sh": "STEP-3-1",
      "scripts/step-rollback.sh": 'rollback level "step"',
      "scripts/phase-rollback.sh": 'rollback level "phase"',
      "scripts/full-rollback.sh": 'rollback level "full"',
    };
    const list = exampleScripts.map((script) => `${script} (${owners[script]})`).join(", ");
    expect(lint(text)).toEqual([
      `error script-files ${line}:30 19 scripts the plan names are missing from the plan's folder and "scripts/migration/": ${list}; add them or fix the paths`,
    ]);
  });

  it("lists scripts in the file's order, commands among them, ./x and x as one, each with its own did-you-mean", () => {
    const yaml = `migration_phases:
  - phase_id: P1
    steps:
      - step_id: S1
        execution_details:
          commands: ["./bin/migrat --all"]
      - step_id: S2
        execution_details:
          automation_script: "depoly.sh"
        validation:
          validation_script: "bin/migrat"
`;
    expect(lint(yaml, { "bin/migrate": "", "deploy.sh": "" })).toEqual([
      'error script-files 6:22 2 scripts the plan names are missing from the plan\'s folder: ./bin/migrat (S1, S2; did you mean "./bin/migrate"?), depoly.sh (S2; did you mean "deploy.sh"?); add them or fix the paths',
    ]);
  });

  it("keeps a script that escapes the folder as its own finding beside the group of missing ones", () => {
    const yaml = step('          automation_script: "../up.sh"\n          commands: ["./a.sh", "./b.sh"]\n');
    expect(lint(yaml)).toEqual([
      'error script-files 6:30 script "../up.sh" escapes the plan\'s folder; scripts must live inside it',
      "error script-files 7:22 2 scripts the plan names are missing from the plan's folder: ./a.sh (S1), ./b.sh (S1); add them or fix the paths",
    ]);
  });

  it("names one script named twice once, with both owners", () => {
    const yaml = `migration_phases:
  - phase_id: P1
    steps:
      - step_id: S1
        execution_details: { automation_script: "go.sh" }
      - step_id: S2
        execution_details: { automation_script: "go.sh" }
`;
    expect(lint(yaml)).toEqual(["error script-files 5:49 1 script the plan names is missing from the plan's folder: go.sh (S1, S2); add them or fix the paths"]);
  });

  it("finds a script in linkage.automation_scripts_dir when it is not beside the plan", () => {
    const yaml = `${step('          automation_script: "deploy.sh"\n')}linkage:\n  automation_scripts_dir: "ops/scripts/"\n`;
    expect(lint(yaml, { "ops/scripts/deploy.sh": "" })).toEqual([]);
  });

  it("names both places it looked, with a did-you-mean for a typo", () => {
    const yaml = `${step('          automation_script: "scripts/deplyo.sh"\n')}linkage:\n  automation_scripts_dir: "ops"\n`;
    expect(lint(yaml, { "scripts/deploy.sh": "" })).toEqual([
      'error script-files 6:30 script "scripts/deplyo.sh" was not found at "scripts/deplyo.sh" and "ops/scripts/deplyo.sh" in the plan\'s folder; add the file or fix the path; did you mean "scripts/deploy.sh"?',
    ]);
  });

  it("looks only beside the plan when there is no scripts folder", () => {
    expect(lint(step('          automation_script: "run.sh"\n'))).toEqual([
      'error script-files 6:30 script "run.sh" was not found at "run.sh" in the plan\'s folder; add the file or fix the path',
    ]);
  });

  it.each([
    ["an absolute path", "/usr/local/bin/deploy.sh"],
    ["a path climbing out with ..", "../shared/deploy.sh"],
    ["a home-relative path", "~/deploy.sh"],
  ])("flags %s as escaping the plan's folder", (_name, script) => {
    const yaml = step(`          automation_script: "${script}"\n`);
    expect(lint(yaml)).toEqual([`error script-files 6:30 script "${script}" escapes the plan's folder; scripts must live inside it`]);
  });

  it("flags a link inside the tree that points out of it, beside the plan or in the scripts folder", () => {
    const outside = mkdtempSync(join(tmpdir(), "bascule-outside-"));
    const dir = mkdtempSync(join(tmpdir(), "bascule-plan-"));
    try {
      writeFileSync(join(outside, "real.sh"), "#!/bin/sh\n");
      mkdirSync(join(dir, "ops"));
      symlinkSync(join(outside, "real.sh"), join(dir, "linked.sh"));
      symlinkSync(join(outside, "real.sh"), join(dir, "ops", "tool.sh"));
      const yaml = `${step('          automation_script: "linked.sh"\n          commands: ["./tool.sh"]\n')}linkage:\n  automation_scripts_dir: ops\n`;
      expect(lintIn(dir, yaml)).toEqual([
        'error script-files 6:30 script "linked.sh" escapes the plan\'s folder; scripts must live inside it',
        'error script-files 7:22 command "./tool.sh" runs "./tool.sh", which escapes the plan\'s folder; scripts must live inside it',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("flags a directory named as a script", () => {
    expect(lint(step('          automation_script: "scripts"\n'), { "scripts/a.sh": "" })).toEqual([
      'error script-files 6:30 script "scripts" is a directory, not a file; name the script file to run',
    ]);
  });

  it("checks the scripts of data migrations, configuration changes and rollback levels", () => {
    const yaml = `data_migration:
  migrations:
    - migration_id: M1
      execution_plan:
        execution_script: "copy.sh"
rollback_strategy:
  rollback_levels:
    - level: full
      rollback_procedure:
        automation_script: "full.sh"
`;
    expect(lint(yaml, { "full.sh": "" })).toEqual(['error script-files 5:27 script "copy.sh" was not found at "copy.sh" in the plan\'s folder; add the file or fix the path']);
  });

  it("checks commands whose first word is a relative path, and only those", () => {
    const yaml = step(`          commands:
            - "./bin/migrate --dry-run"
            - "scripts/switch-traffic.sh blue green"
            - "../outside.sh"
            - "kubectl apply -f k8s/missing.yaml"
            - "/usr/bin/env true"
            - "$HOME/bin/x"
            - "scripts/$NAME.sh"
            - "ALTER TABLE cart ADD COLUMN x INT"
`);
    expect(lint(yaml, { "scripts/switch-traffic.sh": "" })).toEqual([
      'error script-files 7:15 command "./bin/migrate --dry-run" runs "./bin/migrate", which was not found at "./bin/migrate" in the plan\'s folder; add the file or fix the path',
      'error script-files 9:15 command "../outside.sh" runs "../outside.sh", which escapes the plan\'s folder; scripts must live inside it',
    ]);
  });
});
