import AjvDraft04 from "ajv-draft-04";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliCaptured, spawnBascule } from "../../testing/run-cli-captured.js";

const example = "examples/discount/migration-strategy.yaml";

function writePlan(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), "bascule-cli-"));
  const path = join(dir, "migration-strategy.yaml");
  writeFileSync(path, yaml);
  return path;
}

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
    const schemaPath = createRequire(import.meta.url).resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
    // The SARIF 2.1.0 schema is written in JSON Schema draft-04.
    const validate = new AjvDraft04.default({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false }).compile(
      JSON.parse(readFileSync(schemaPath, "utf8")),
    );
    const log = JSON.parse(stdout);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
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
