import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { examplePlanPath, readExamplePlan } from "../../testing/lint-fixture.js";
import { runCliCaptured } from "../../testing/run-cli-captured.js";

const example = "examples/discount/migration-strategy.yaml";

/** The example's folder copied to a temporary one, its plan replaced by `yaml`: scripts and datasets stay beside it. */
function writeExampleVariant(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), "bascule-plan-"));
  cpSync(join(examplePlanPath, ".."), dir, { recursive: true });
  const path = join(dir, "migration-strategy.yaml");
  writeFileSync(path, yaml);
  return path;
}

describe("bascule plan", () => {
  it("explains the spec's example in a terminal: order, gates, rollback map, timeline, constraints", async () => {
    const { exitCode, stdout, stderr } = await runCliCaptured(["plan", example]);
    expect(exitCode).toBe(0);
    for (const heading of ["ORDER", "GATES", "ROLLBACK MAP", "TIMELINE AND CRITICAL PATH", "MILESTONES", "CONSTRAINTS", "AUTOMATION"]) {
      expect(stdout).toContain(`\n${heading}\n`);
    }
    expect(stdout).toContain("Starts 2025-10-04 10:00 UTC (metadata.created_date; change with --start)");
    expect(stdout).toContain("Critical path  STEP-1-1 → STEP-1-2 → STEP-2-1 → STEP-2-2 → STEP-3-1 → STEP-3-2 → STEP-3-3");
    expect(stdout).toContain("Total          172h (7d 4h)");
    expect(stdout).toContain("With buffer    0% → 172h (7d 4h)");
    expect(stdout).toContain("Finishes       2025-10-11 14:00 UTC");
    expect(stdout).toContain("       runs      $ pg_dump -t cart > backup/cart_$(date +%Y%m%d).sql");
    expect(stdout).toContain("2. GATE-1 says rollback: PHASE-1 rolls back by itself (exit 1), undoing in the order its rollback point names: STEP-1-1 (scripts/restore-cart.sh)");
    expect(stdout).toContain("1. NO ROLLBACK: the plan defines none for STEP-3-2; it stays as it is");
    expect(stdout).toContain("the start, 2025-10-04 10:00 UTC, is OUTSIDE the window");
    expect(stdout).toContain("4 of 62 checks are automatic; 58 must be attested");
    expect(stdout).not.toContain("\u001b[");
    expect(stderr).toContain("lint reports 4 warnings");
  });

  it("checks a given start against the migration window", async () => {
    const { exitCode, stdout } = await runCliCaptured(["plan", example, "--start", "2025-10-06T15:00:00Z"]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain("Starts 2025-10-06 15:00 UTC (--start)");
    expect(stdout).toContain("the start, 2025-10-06 15:00 UTC, is inside the window");
    expect(stdout).toContain("Finishes       2025-10-13 19:00 UTC");
  });

  it("follows the JSON contract", async () => {
    const { exitCode, stdout } = await runCliCaptured(["plan", example, "--json"]);
    expect(exitCode).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.order.map((p: { phase_id: string; steps: { step_id: string }[] }) => [p.phase_id, p.steps.map((s) => s.step_id)])).toEqual([
      ["PHASE-1", ["STEP-1-1", "STEP-1-2"]],
      ["PHASE-2", ["STEP-2-1", "STEP-2-2"]],
      ["PHASE-3", ["STEP-3-1", "STEP-3-2", "STEP-3-3"]],
    ]);
    expect(plan.critical_path).toEqual({
      source: "run_order",
      steps: ["STEP-1-1", "STEP-1-2", "STEP-2-1", "STEP-2-2", "STEP-3-1", "STEP-3-2", "STEP-3-3"],
      duration_hours: { min: 172, max: 172 },
    });
    expect(plan.buffer_percentage).toBe(0);
    expect(plan.milestones).toEqual([]);
    expect(plan.automation_coverage).toMatchObject({ automatic: 4, attested: 58 });
    expect(plan.rollback_map[1]).toMatchObject({
      failure_at: { kind: "step", step_id: "STEP-1-2", phase_id: "PHASE-1" },
      own_rollback: { kind: "script", script: "migrations/001_rollback.sql" },
      failure_response: "rollback",
      phase_rollback: { undo: [{ step_id: "STEP-1-1", script: "scripts/restore-cart.sh" }] },
    });
    const same = await runCliCaptured(["plan", example, "--format", "json"]);
    expect(same.stdout).toBe(stdout);
  });

  it("writes markdown for a pull request, diagrams included", async () => {
    const { exitCode, stdout } = await runCliCaptured(["plan", example, "--format", "markdown"]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^# Plan: Discount Code Enhancement Migration\n/);
    for (const heading of ["## Order", "## Gates", "## Rollback map", "## Timeline and critical path", "## Milestones", "## Constraints", "## Automation"]) {
      expect(stdout).toContain(`\n${heading}\n`);
    }
    expect(stdout).toContain("| STEP-3-3 | 1d observation | 2025-10-10 14:00 UTC | 0m | yes |");
    expect(stdout.match(/```mermaid\n(gantt|flowchart TD)\n/g)).toEqual(["```mermaid\ngantt\n", "```mermaid\nflowchart TD\n"]);
  });

  it("projects milestones from the start and flags the late ones", async () => {
    const path = writeExampleVariant(`${readExamplePlan()}
execution_timeline:
  milestones:
    - milestone_id: "MS-1"
      name: "Schema and code live"
      target_date: "2025-10-04"
      dependencies: ["PHASE-2"]
    - milestone_id: "MS-2"
      name: "Full rollout"
      target_date: "2025-10-10T00:00:00Z"
      dependencies: ["GATE-3"]
  contingency_time:
    buffer_percentage: 20
`);
    const { exitCode, stdout } = await runCliCaptured(["plan", path, "--json"]);
    expect(exitCode).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.milestones).toEqual([
      expect.objectContaining({ milestone_id: "MS-1", target_date: "2025-10-04", projected_date: "2025-10-04T14:00:00.000Z", late: false }),
      expect.objectContaining({ milestone_id: "MS-2", target_date: "2025-10-10T00:00:00Z", projected_date: "2025-10-11T14:00:00.000Z", late: true }),
    ]);
    expect(plan.duration_with_buffer_hours).toEqual({ min: 206.4, max: 206.4 });
    const text = await runCliCaptured(["plan", path]);
    expect(text.stdout).toContain("MS-2  Full rollout: target 2025-10-10T00:00:00Z, projected 2025-10-11 14:00 UTC: LATE");
  });

  it("refuses a plan with lint errors, printing lint's report, exit 1", async () => {
    const path = writeExampleVariant(readExamplePlan().replace("migration_status: planned", "migration_status: plannned"));
    const { exitCode, stdout } = await runCliCaptured(["plan", path]);
    expect(exitCode).toBe(1);
    expect(stdout).toContain('"plannned" is not a valid migration_status; did you mean "planned"?');
    expect(stdout).not.toContain("ROLLBACK MAP");
    const json = await runCliCaptured(["plan", path, "--json"]);
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ errorCount: 1 });
  });

  it("fails on a critical-path cycle with the cycle named, exit 1, as lint does", async () => {
    const path = writeExampleVariant(`${readExamplePlan()}
execution_timeline:
  critical_path:
    - step_id: "STEP-1-1"
      duration: "30 minutes"
      dependencies: ["STEP-1-2"]
    - step_id: "STEP-1-2"
      duration: "30 minutes"
      dependencies: ["STEP-1-1"]
`);
    const plan = await runCliCaptured(["plan", path]);
    const lint = await runCliCaptured(["lint", path]);
    expect(plan.exitCode).toBe(1);
    expect(lint.exitCode).toBe(1);
    // Through the linter's dependency-cycle rule: the very report `bascule lint` prints.
    expect(plan.stdout).toContain("critical path has a cycle: STEP-1-1 → STEP-1-2 → STEP-1-1");
    expect(plan.stdout).toContain("dependency-cycle");
    expect(plan.stdout).toBe(lint.stdout);
  });

  it("exits 2 on an unreadable file or a bad option", async () => {
    const missing = await runCliCaptured(["plan", "does-not-exist.yaml"]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stdout).toContain("does-not-exist.yaml:1:1 error no such file");
    const badStart = await runCliCaptured(["plan", example, "--start", "next tuesday"]);
    expect(badStart.exitCode).toBe(2);
    expect(badStart.stderr).toContain('bascule: --start "next tuesday": expected an ISO 8601 date');
    expect((await runCliCaptured(["plan", example, "--format", "pdf"])).exitCode).toBe(2);
    expect((await runCliCaptured(["plan", example, "-f", "mermaid", "--diagram", "pie"])).exitCode).toBe(2);
    const noPlan = await runCliCaptured(["plan"], { cwd: mkdtempSync(join(tmpdir(), "bascule-empty-")) });
    expect(noPlan.exitCode).toBe(2);
    expect(noPlan.stderr).toContain("no plan given and no migration-strategy.yaml here");
  });

  it("explains ./migration-strategy.yaml when no plan is named, starting now when the plan has no created_date", async () => {
    const path = writeExampleVariant(readExamplePlan().replace(/^ {2}created_date: .*\n/m, ""));
    const { exitCode, stderr, stdout } = await runCliCaptured(["plan", "--json"], { cwd: join(path, "..") });
    expect(exitCode).toBe(0);
    expect(stderr).toContain("has no metadata.created_date and no --start was given: the timeline starts now");
    const plan = JSON.parse(stdout);
    expect(plan.start.source).toBe("clock");
    expect(Math.abs(Date.parse(plan.start.date) - Date.now())).toBeLessThan(60_000);
  });
});
