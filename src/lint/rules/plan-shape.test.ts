import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lintFiles } from "../../app/lint-files.js";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { planRules } from "./plan-rules.js";
import { planShapeRule } from "./plan-shape.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [planShapeRule] }).diagnostics);
const lintAll = (yaml: string) => summarize(lintFixture(yaml).diagnostics);

const foreign = (name: string) => new URL(`./fixtures/foreign/${name}`, import.meta.url).pathname;
const planRoot = "a plan is a mapping with metadata and migration_phases at its root";

describe("plan-shape", () => {
  it("accepts the spec's example", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it.each([
    ["kubernetes-deployment.yaml", "this looks like a Kubernetes manifest (apiVersion, kind), not a migration-strategy plan"],
    ["liquibase-changelog.yaml", "this looks like a Liquibase changelog (databaseChangeLog), not a migration-strategy plan"],
    ["docker-compose.yaml", "this looks like a docker-compose file (services, version), not a migration-strategy plan"],
    ["helm-values.yaml", "this looks like Helm chart values (replicaCount, image, resources), not a migration-strategy plan"],
    ["cloudformation.yaml", "this looks like an AWS CloudFormation template (AWSTemplateFormatVersion, Resources), not a migration-strategy plan"],
    ["ansible-vars.yaml", "this looks like Ansible variables (ansible_user, ansible_python_interpreter), not a migration-strategy plan"],
    ["npm-package.json", "this looks like an npm package.json (name, version, dependencies, scripts), not a migration-strategy plan"],
    ["github-workflow.yaml", "this looks like a GitHub Actions workflow (on, jobs), not a migration-strategy plan"],
    ["openapi.yaml", "this looks like an OpenAPI document (openapi), not a migration-strategy plan"],
  ])("refuses %s at 1:1 as what it looks like, with that one error alone", (name, looksLike) => {
    const run = lintFiles([foreign(name)]);
    expect(run.errorCount).toBe(1);
    expect(run.files[0]?.unreadable).toBe(false);
    expect(summarize(run.files[0]?.diagnostics ?? [])).toEqual([`error plan-shape 1:1 ${looksLike}; ${planRoot}`]);
  });

  it("refuses an Ansible playbook, a list at the root, as unreadable (exit 2) with what it looks like", () => {
    const run = lintFiles([foreign("ansible-playbook.yaml")]);
    expect(run.files[0]?.unreadable).toBe(true);
    expect(summarize(run.files[0]?.diagnostics ?? [])).toEqual([
      "error source 1:1 the plan must be a mapping of sections at the root, found a list: this looks like an Ansible playbook (a list of plays, hosts, tasks), not a migration-strategy plan",
    ]);
  });

  it("says why a mapping it does not recognise is no plan, naming its keys", () => {
    expect(lintAll("# settings\nretries: 3\ntimeout: 30s\n")).toEqual([
      `error plan-shape 2:1 this is not a migration-strategy plan: its root has neither metadata nor migration_phases (it has "retries", "timeout"); ${planRoot}`,
    ]);
  });

  it("recognises a manifest even with a migration-like metadata section", () => {
    const [finding] = lintAll("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  version: '1.0.0'\ndata:\n  a: b\n");
    expect(finding).toMatch(/^error plan-shape 1:1 this looks like a Kubernetes manifest/);
  });

  it.each([
    [
      "no phases",
      "metadata:\n  version: '1.0.0'\n",
      "error plan-shape 1:1 the plan has no migration_phases, so it has nothing to run; add migration_phases with at least one phase and its steps",
    ],
    [
      "an empty list of phases",
      "metadata: {}\nmigration_phases: []\n",
      "error plan-shape 2:19 migration_phases lists no phase, so the plan has nothing to run; add at least one phase with its steps",
    ],
    [
      "an empty phases key",
      "metadata: {}\nmigration_phases:\n",
      "error plan-shape 2:1 migration_phases lists no phase, so the plan has nothing to run; add at least one phase with its steps",
    ],
    [
      "no metadata",
      "migration_phases:\n  - phase_id: P1\n",
      `error plan-shape 1:1 the plan has no metadata; add metadata with its version, migration_name and migration_status (${planRoot})`,
    ],
  ])("reports a plan with %s, and lets the other rules speak", (_, yaml, expected) => {
    expect(lint(yaml)).toEqual([expected]);
  });

  it("reports the other rules' findings too when the document is a plan with gaps", () => {
    const findings = lintAll("metadata: {}\nmigration_phases: []\nmigration_overview:\n  aproach: phased\n");
    expect(findings).toContain("error plan-shape 2:19 migration_phases lists no phase, so the plan has nothing to run; add at least one phase with its steps");
    expect(findings).toContain('error unknown-key 4:3 unknown key "aproach"; did you mean "approach"?');
  });

  it("can be turned off, and then the document is linted as a plan", () => {
    const text = readFileSync(foreign("kubernetes-deployment.yaml"), "utf8");
    const findings = summarize(lintFixture(text, { rules: planRules.filter((rule) => rule !== planShapeRule) }).diagnostics.filter((d) => d.rule === "unknown-key"));
    expect(findings[0]).toBe(
      'error unknown-key 1:1 unknown key "apiVersion"; known keys here: metadata, migration_overview, prerequisites, migration_phases, code_migration, data_migration, configuration_migration, infrastructure_migration, integration_migration, validation_strategy, rollback_strategy, risk_mitigation, communication_plan, monitoring_and_observability, success_criteria, post_migration, execution_timeline, linkage; prefix extensions with "x-"',
    );
  });
});
