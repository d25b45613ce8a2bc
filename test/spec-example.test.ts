import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCliCaptured } from "../src/testing/run-cli-captured.js";
import { readSpecExample, readSpecExampleBlock, specExamplePath } from "../src/testing/spec-example.js";
import { specExampleDatasets, specExampleScripts } from "../src/testing/spec-example.js";

// What a user does first: paste the spec's example alone into an empty folder and ask about it.
const example = readSpecExample();
const lineOf = (needle: string) => example.split("\n").findIndex((line) => line.includes(needle)) + 1;

const scripts = specExampleScripts;
const datasets = specExampleDatasets;
const linked = ["existing-system-truth.yaml", "enhancement-truth.yaml", "compatibility-analysis.yaml", "test-datasets/migration/", "scripts/migration/"];
const summary =
  "Missing files: the plan names 43 its folder lacks (19 scripts, 19 test datasets, 5 linked files and folders); " + "a run refuses the plan until its scripts and datasets exist";

describe("the spec's example, verbatim", () => {
  it.skipIf(readSpecExampleBlock() === undefined)("is byte for byte the spec's example block", () => {
    expect(example).toBe(readSpecExampleBlock());
  });
});

describe("the spec's example pasted alone into an empty folder", () => {
  let dir: string;
  let plan: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "bascule-spec-example-"));
    plan = join(dir, "migration-strategy.yaml");
    copyFileSync(specExamplePath, plan);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is explained by `bascule plan` as text, every missing file listed first, exit 0", async () => {
    const { exitCode, stdout, stderr } = await runCliCaptured(["plan", plan]);
    expect(exitCode).toBe(0);
    expect(stdout.indexOf("\nMISSING FILES\n")).toBeLessThan(stdout.indexOf("\nORDER\n"));
    expect(stdout).toContain(`\n  ${summary}\n  19 scripts:\n    scripts/backup-cart.sh (STEP-1-1; line ${lineOf('"scripts/backup-cart.sh"')})\n`);
    expect(stdout).toContain('\n  19 test datasets (<id>.yaml, .yml or .json in "test-datasets/migration/"):\n');
    expect(stdout).toContain("\n  5 linked files and folders (linkage):\n");
    expect(stdout).toContain("    scripts/configure-feature-flag.sh (STEP-3-1, STEP-3-2, STEP-3-3; lines 282, 328, 356)\n");
    for (const name of [...scripts, ...datasets, ...linked]) expect(stdout).toContain(`\n    ${name} (`);
    for (const heading of ["ORDER", "GATES", "ROLLBACK MAP", "TIMELINE AND CRITICAL PATH", "AUTOMATION"]) expect(stdout).toContain(`\n${heading}\n`);
    // Lint's findings go to stderr: one per kind of missing file.
    expect(stderr).toContain(`:${lineOf('"scripts/backup-cart.sh"')}:30 error 19 scripts the plan names are missing`);
    expect(stderr).toContain("bascule: lint reports 2 errors and 5 warnings");
  });

  it("prints valid JSON with the missing files by kind, lint on stderr, exit 0", async () => {
    const { exitCode, stdout, stderr } = await runCliCaptured(["plan", plan, "--format", "json"]);
    expect(exitCode).toBe(0);
    const explained = JSON.parse(stdout);
    expect(explained.missing_files.total).toBe(43);
    expect(explained.missing_files.scripts.map((f: { name: string }) => f.name)).toEqual(scripts);
    expect(explained.missing_files.datasets.map((f: { name: string }) => f.name)).toEqual(datasets);
    expect(explained.missing_files.linked_files.map((f: { name: string }) => f.name)).toEqual(linked);
    expect(explained.missing_files.scripts[0]).toEqual({
      name: "scripts/backup-cart.sh",
      looked: ["scripts/backup-cart.sh", "scripts/migration/scripts/backup-cart.sh"],
      folder: false,
      suggestion: null,
      referenced_by: [{ owner: "STEP-1-1", path: "migration_phases[0].steps[0].execution_details.automation_script", line: lineOf('"scripts/backup-cart.sh"'), column: 30 }],
    });
    expect(explained.order).toHaveLength(3);
    expect(stderr).toContain("error 19 test datasets the plan names have no file");
  });

  it("prints Mermaid that starts with its diagram keyword, the missing files as comments, exit 0", async () => {
    for (const diagram of ["both", "gantt", "flowchart"]) {
      const { exitCode, stdout } = await runCliCaptured(["plan", plan, "--format", "mermaid", "--diagram", diagram]);
      expect(exitCode).toBe(0);
      expect(stdout).toMatch(diagram === "flowchart" ? /^flowchart TD\n%% Missing files: / : /^gantt\n%% Missing files: /);
      expect(stdout).toContain(`%% ${summary}\n%% 19 scripts:\n`);
    }
  });

  it("writes markdown with a Missing files section before the order, exit 0", async () => {
    const { exitCode, stdout } = await runCliCaptured(["plan", plan, "--format", "markdown"]);
    expect(exitCode).toBe(0);
    expect(stdout.indexOf("\n## Missing files\n")).toBeGreaterThan(0);
    expect(stdout.indexOf("\n## Missing files\n")).toBeLessThan(stdout.indexOf("\n## Order\n"));
    expect(stdout).toContain(`\n**${summary}.**\n\n19 scripts:\n\n- \`scripts/backup-cart.sh\` (STEP-1-1; line ${lineOf('"scripts/backup-cart.sh"')})\n`);
  });

  it("is shown by `run --dry-run`, missing files first, creating nothing, exit 0", async () => {
    const { exitCode, stdout } = await runCliCaptured(["run", plan, "--dry-run"]);
    expect(exitCode).toBe(0);
    const lines = stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual([`dry run of ${plan}: nothing will run, nothing is written`, summary, "  19 scripts:"]);
    expect(stdout).toContain("  step STEP-1-1: Database Backup\n");
    expect(stdout).toContain("    $ scripts/switch-traffic.sh blue green → NOT FOUND: scripts/switch-traffic.sh is not in the plan's folder\n");
    expect(stdout).toContain("    dataset DATA-MIG-TEST-001 → NOT FOUND: no DATA-MIG-TEST-001.yaml, .yml or .json in the plan's test_datasets_dir\n");
    expect(readdirSync(dir)).toEqual(["migration-strategy.yaml"]);
  });

  it("is still refused by `run --dry-run` once it has a lint error beyond missing files, exit 1", async () => {
    writeFileSync(plan, example.replace("migration_status: planned", "migration_status: plannned"));
    const { exitCode, stdout, stderr } = await runCliCaptured(["run", plan, "--dry-run"]);
    expect(exitCode).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain('"plannned" is not a valid migration_status');
    expect(stderr).toContain("bascule: the plan has lint errors; fix them before running it");
    expect(readdirSync(dir)).toEqual(["migration-strategy.yaml"]);
  });

  it("is linted with one finding per kind of missing file, each listing them all, at its first place", async () => {
    const { exitCode, stdout } = await runCliCaptured(["lint", plan, "--json"]);
    expect(exitCode).toBe(1);
    const found = JSON.parse(stdout).files[0].diagnostics.filter((d: { rule: string }) => d.rule.endsWith("-files"));
    expect(found.map((d: { rule: string; severity: string; line: number; column: number }) => `${d.severity} ${d.rule} ${d.line}:${d.column}`)).toEqual([
      `error dataset-files ${lineOf('verification_test_id: "FF-TEST-001"')}:29`,
      `error script-files ${lineOf('"scripts/backup-cart.sh"')}:30`,
      `warning linked-files ${lineOf("existing_system_truth_file:")}:31`,
    ]);
    const [datasetFinding, scriptFinding, linkedFinding] = found.map((d: { message: string }) => d.message);
    expect(scriptFinding).toMatch(/^19 scripts the plan names are missing from the plan's folder and "scripts\/migration\/": scripts\/backup-cart\.sh \(STEP-1-1\), /);
    expect(datasetFinding).toMatch(/^19 test datasets the plan names have no file in "test-datasets\/migration\/", which does not exist: FF-TEST-001 \(PREREQ-002\), /);
    expect(linkedFinding).toMatch(/^3 linked files and 2 linked folders the plan names are missing from the plan's folder: existing-system-truth\.yaml /);
    for (const name of scripts) expect(scriptFinding).toContain(`${name} (`);
    for (const id of datasets) expect(datasetFinding).toContain(`${id} (`);
    for (const name of linked) expect(linkedFinding).toContain(`${name} (`);
  });
});
