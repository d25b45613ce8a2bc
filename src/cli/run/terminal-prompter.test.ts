import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { repoRoot, runCliCaptured } from "../../testing/run-cli-captured.js";

const plan = `metadata: { version: "1.0.0" }
migration_phases:
  - phase_id: P1
    order: 1
    steps:
      - step_id: S1
        order: 1
        execution_details: { commands: ["echo applied > applied.txt"] }
        validation: { validation_checks: ["Numbers look right"] }
        rollback_procedure: { can_rollback: true, rollback_steps: ["Delete applied.txt"] }
    validation_gate:
      gate_id: G1
      approval_required: true
      approvers: ["DBA Lead"]
      failure_response: block
`;

const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** Runs `bascule run` under a real pseudo-terminal (util-linux `script`), typing `answers`. */
function runInTerminal(dir: string, answers: string[]) {
  const command = `node --import ${tsx} ${repoRoot}scripts/bascule-dev.ts run migration-strategy.yaml --as sam`;
  const env = { ...process.env, NO_COLOR: "1" } as Record<string, string | undefined>;
  delete env.CI;
  return spawnSync("script", ["-qec", command, "/dev/null"], { cwd: dir, input: `${answers.join("\n")}\n`, encoding: "utf8", env, timeout: 60_000 });
}

describe("bascule run at a terminal", () => {
  it("asks for attestations and approvals, records who answered, and completes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bascule-tty-"));
    writeFileSync(join(dir, "migration-strategy.yaml"), plan);
    const result = runInTerminal(dir, ["y", "alice", "dashboard screenshot", "DBA Lead", "a", "looks good"]);
    expect(result.stdout).toContain('attest "Numbers look right"');
    expect(result.stdout).toContain("gate G1 needs approval by DBA Lead");
    expect(result.stdout).toContain("run completed");
    expect(result.status).toBe(0);
    const status = await runCliCaptured(["status", join(dir, "migration-strategy.yaml"), "--json"]);
    const report = JSON.parse(status.stdout);
    expect(report.run.status).toBe("completed");
    expect(report.phases[0].gate).toMatchObject({ status: "passed", approvals: [{ role: "DBA Lead", identity: "DBA Lead" }] });
  });

  it("pauses with exit 3 when the person answers nothing, as without a terminal", () => {
    const dir = mkdtempSync(join(tmpdir(), "bascule-tty-"));
    writeFileSync(join(dir, "migration-strategy.yaml"), plan);
    const result = runInTerminal(dir, [""]);
    expect(result.stdout).toContain("paused: 1 check needs a person to attest");
    expect(result.status).toBe(3);
  });

  it("never prompts without a terminal: CI pauses with exit 3", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bascule-tty-"));
    writeFileSync(join(dir, "migration-strategy.yaml"), plan);
    const result = await runCliCaptured(["run", join(dir, "migration-strategy.yaml")], { env: { CI: "true" } });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).not.toContain("[y] holds");
  });
});
