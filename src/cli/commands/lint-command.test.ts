import AjvDraft04 from "ajv-draft-04";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LintRule } from "../../lint/lint-rule.js";
import { planRules } from "../../lint/rules/plan-rules.js";
import { repoRoot, runCliCaptured, spawnBascule } from "../../testing/run-cli-captured.js";
import { lintCommand } from "./lint-command.js";

const example = "examples/discount/migration-strategy.yaml";

function writePlan(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), "bascule-cli-"));
  const path = join(dir, "migration-strategy.yaml");
  writeFileSync(path, yaml);
  return path;
}

/** The SARIF 2.1.0 schema is written in JSON Schema draft-04. */
const validateSarif = new AjvDraft04.default({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false }).compile(
  JSON.parse(readFileSync(createRequire(import.meta.url).resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")),
);

/** `bascule lint` with the rules given instead of Bascule's own, as a library caller may run it. */
async function lintWithRules(args: readonly string[], rules: readonly LintRule[]) {
  let stdout = "";
  let stderr = "";
  let exitCode = -1;
  const io = {
    stdout: (t: string) => {
      stdout += t;
    },
    stderr: (t: string) => {
      stderr += t;
    },
    cwd: repoRoot,
    color: false,
    env: {},
  };
  const setExit = (code: number) => {
    exitCode = code;
  };
  await lintCommand(io, "0.0.0", setExit, rules)
    .exitOverride()
    .parseAsync([...args], { from: "user" });
  return { exitCode, stdout, stderr };
}

const failingRule: LintRule = {
  id: "fails-on-purpose",
  description: "Throws, as a rule with a bug would.",
  category: "values",
  severity: "error",
  check() {
    throw new TypeError("cannot read properties of undefined (reading 'steps')");
  },
};

const badPlan = writePlan("metadata:\n  migration_status: plannned\nmigration_phases:\n  - phase_id: P1\n    order: 1\n  - phase_id: P1\n    order: 2\n");

describe("bascule lint", () => {
  it("exits 0 on the spec's example, with no errors", async () => {
    const { exitCode, stdout } = await runCliCaptured(["lint", example, "--format", "json"]);
    expect(exitCode).toBe(0);
    expect(JSON.parse(stdout).errorCount).toBe(0);
  });

  it("exits 1 and prints a code frame when a plan has errors", async () => {
    const { exitCode, stdout } = await runCliCaptured(["lint", badPlan]);
    expect(exitCode).toBe(1);
    expect(stdout).toContain('"plannned" is not a valid migration_status; did you mean "planned"?');
    expect(stdout).toContain("> 2 |   migration_status: plannned");
    expect(stdout).toMatch(/\d+ problems? \(2 errors/);
  });

  it("follows the JSON contract", async () => {
    const { stdout } = await runCliCaptured(["lint", badPlan, "--json"]);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ errorCount: 2, files: [{ path: badPlan }] });
    expect(report.files[0].diagnostics).toContainEqual(
      expect.objectContaining({ rule: "unique-ids", severity: "error", path: "migration_phases[1].phase_id", line: 6, column: 15 }),
    );
    for (const d of report.files[0].diagnostics) {
      expect(Object.keys(d)).toEqual(expect.arrayContaining(["rule", "severity", "message", "path", "line", "column"]));
    }
  });

  it("writes SARIF 2.1.0 that validates against the official schema", async () => {
    const { stdout } = await runCliCaptured(["lint", badPlan, example, "--format", "sarif"]);
    const log = JSON.parse(stdout);
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(log.runs[0].results).toContainEqual(
      expect.objectContaining({
        ruleId: "schema",
        level: "error",
        locations: [expect.objectContaining({ physicalLocation: expect.objectContaining({ region: expect.objectContaining({ startLine: 2 }) }) })],
      }),
    );
  });

  it("writes GitHub workflow annotations", async () => {
    const { stdout } = await runCliCaptured(["lint", badPlan, "--format", "github"]);
    expect(stdout).toContain(`::error file=${badPlan},line=2,col=21,endLine=2,endColumn=29,title=bascule schema::"plannned" is not a valid`);
  });

  it("lints several files at once and exits with the worst outcome", async () => {
    const { exitCode, stdout } = await runCliCaptured(["lint", example, badPlan, "--json"]);
    expect(exitCode).toBe(1);
    expect(JSON.parse(stdout).files.map((f: { path: string }) => f.path)).toEqual([example, badPlan]);
    const missing = await runCliCaptured(["lint", example, "does-not-exist.yaml"]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stdout).toContain("does-not-exist.yaml:1:1 error no such file");
  });

  it("lets a rule be silenced or raised", async () => {
    const off = await runCliCaptured(["lint", badPlan, "--rule", "schema=off", "--rule", "unique-ids=off", "--json"]);
    expect(off.exitCode).toBe(0);
    const unknown = await runCliCaptured(["lint", badPlan, "--rule", "no-such-rule=error"]);
    expect(unknown).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('unknown rule "no-such-rule"') });
  });

  it("takes the plan after --rule, and several settings in one --rule", async () => {
    const after = await runCliCaptured(["lint", "--rule", "schema=off", "--rule", "unique-ids=off", badPlan, "--json"]);
    expect(after.exitCode).toBe(0);
    expect(JSON.parse(after.stdout).files.map((f: { path: string }) => f.path)).toEqual([badPlan]);
    const listed = await runCliCaptured(["lint", "--rule", "schema=off,unique-ids=off", badPlan, "--json"]);
    expect(listed.exitCode).toBe(0);
    expect(JSON.parse(listed.stdout).errorCount).toBe(0);
    const half = await runCliCaptured(["lint", "--rule", "schema=off", badPlan, "--json"]);
    expect(JSON.parse(half.stdout).errorCount).toBe(1);
  });

  it("lints every migration-strategy*.yaml in a folder and below, skipping node_modules and dot folders", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bascule-lint-dir-"));
    for (const sub of ["a", "b/deep", "node_modules/pkg", ".bascule"]) mkdirSync(join(dir, sub), { recursive: true });
    copyFileSync(example, join(dir, "a/migration-strategy.yaml"));
    writeFileSync(join(dir, "b/deep/migration-strategy.staging.yml"), readFileSync(badPlan));
    for (const ignored of ["node_modules/pkg/migration-strategy.yaml", ".bascule/migration-strategy.yaml", "a/bascule.config.yaml", "notes.yaml"]) {
      writeFileSync(join(dir, ignored), "kind: Deployment\napiVersion: v1\n");
    }
    const { exitCode, stdout } = await runCliCaptured(["lint", "--json", dir]);
    expect(exitCode).toBe(1);
    expect(JSON.parse(stdout).files.map((f: { path: string }) => f.path)).toEqual([`${dir}/a/migration-strategy.yaml`, `${dir}/b/deep/migration-strategy.staging.yml`]);
    const relative = await runCliCaptured(["lint", "--json", "a"], { cwd: dir });
    expect(JSON.parse(relative.stdout).files.map((f: { path: string }) => f.path)).toEqual(["a/migration-strategy.yaml"]);
  });

  it("reports a folder with no plan in it as no plan file, exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bascule-lint-empty-"));
    writeFileSync(join(dir, "values.yaml"), "replicaCount: 1\n");
    const { exitCode, stdout } = await runCliCaptured(["lint", dir]);
    expect(exitCode).toBe(2);
    expect(stdout).toContain(`${dir}:1:1 error is a folder; name the plan file inside it`);
  });

  it("says on stderr how many findings --quiet hid, and in JSON as hiddenByQuiet", async () => {
    const all = JSON.parse((await runCliCaptured(["lint", example, "--json"])).stdout);
    expect(all.warningCount).toBeGreaterThan(0);
    const stylish = await runCliCaptured(["lint", example, "--quiet"]);
    expect(stylish.exitCode).toBe(0);
    expect(stylish.stderr).toBe(`${all.warningCount} warnings and ${all.infoCount} infos hidden by --quiet\n`);
    expect(stylish.stdout).not.toContain("warning");
    const json = JSON.parse((await runCliCaptured(["lint", example, "--quiet", "--json"])).stdout);
    expect(json).toMatchObject({ warningCount: 0, infoCount: 0, hiddenByQuiet: { warningCount: all.warningCount, infoCount: all.infoCount } });
    expect(all.hiddenByQuiet).toBeUndefined();
  });

  it("turns a rule's bug into an internal-error finding in valid JSON and SARIF, exit 2, and still lints the other files", async () => {
    const rules = [...planRules, failingRule];
    const json = await lintWithRules([example, "does-not-exist.yaml", "--json"], rules);
    expect(json.exitCode).toBe(2);
    const report = JSON.parse(json.stdout);
    expect(report.files[0].diagnostics).toEqual([
      expect.objectContaining({
        rule: "internal-error",
        severity: "error",
        line: 1,
        column: 1,
        message:
          "internal error while linting: rule fails-on-purpose failed: cannot read properties of undefined (reading 'steps'); this is a bug in Bascule, please report it (set BASCULE_DEBUG=1 for details)",
      }),
    ]);
    expect(report.files[1].diagnostics[0]).toMatchObject({ rule: "source", message: "no such file" });
    const sarif = await lintWithRules([example, "--format", "sarif"], rules);
    expect(sarif.exitCode).toBe(2);
    const log = JSON.parse(sarif.stdout);
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(log.runs[0].results[0]).toMatchObject({ ruleId: "internal-error", level: "error" });
    expect(log.runs[0].tool.driver.rules[log.runs[0].results[0].ruleIndex].id).toBe("internal-error");
  });

  it("keeps JSON valid even when a report itself cannot be written", async () => {
    // A finding no reporter can print (its path holds a symbol) stands for a bug past the rules.
    const malformed: LintRule = { ...failingRule, check: (_, report) => report({ path: [Symbol("x") as unknown as string], message: "x" }) };
    const json = await lintWithRules([example, "--json"], [malformed]);
    expect(json.exitCode).toBe(2);
    expect(JSON.parse(json.stdout).files[0].diagnostics[0]).toMatchObject({ rule: "internal-error", path: "" });
  });

  it("exits 2 on usage errors and 0 on --help", async () => {
    expect((await runCliCaptured(["lint", "--format", "xml", example])).exitCode).toBe(2);
    expect((await runCliCaptured(["lint", "--frobnicate"])).exitCode).toBe(2);
    const help = await runCliCaptured(["lint", "--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("--format <format>");
  });

  it("runs as a real process with the same exit codes", () => {
    expect(spawnBascule(["lint", example]).exitCode).toBe(0);
    const failed = spawnBascule(["lint", badPlan]);
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toBe("");
  });
});
