import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { examplePlanPath, readExamplePlan } from "../../testing/lint-fixture.js";
import { runCliCaptured } from "../../testing/run-cli-captured.js";

// The example's bindings expand ${PATH}: without it they cannot be read and no check counts as bound.
const cli = (argv: readonly string[], options: { cwd?: string } = {}) => runCliCaptured(argv, { env: { PATH: process.env.PATH }, ...options });

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
    const { exitCode, stdout, stderr } = await cli(["plan", example]);
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
    // The bindings beside the example answer most of its checks, as `bascule lint` counts them.
    expect(stdout).toContain("53 of 67 checks are automatic; 14 must be attested");
    expect(stdout).not.toContain("\u001b[");
    expect(stderr).toContain("lint reports 4 warnings");
  });

  it("checks a given start against the migration window", async () => {
    const { exitCode, stdout } = await cli(["plan", example, "--start", "2025-10-06T15:00:00Z"]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain("Starts 2025-10-06 15:00 UTC (--start)");
    expect(stdout).toContain("the start, 2025-10-06 15:00 UTC, is inside the window");
    expect(stdout).toContain("Finishes       2025-10-13 19:00 UTC");
  });

  it("follows the JSON contract", async () => {
    const { exitCode, stdout } = await cli(["plan", example, "--json"]);
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
    expect(plan.automation_coverage).toMatchObject({ automatic: 53, attested: 14, bound_attestations: 49 });
    expect(plan.missing_files).toEqual({ total: 0, scripts: [], datasets: [], linked_files: [] });
    expect(plan.rollback_map[1]).toMatchObject({
      failure_at: { kind: "step", step_id: "STEP-1-2", phase_id: "PHASE-1" },
      own_rollback: { kind: "script", script: "migrations/001_rollback.sql" },
      failure_response: "rollback",
      phase_rollback: { undo: [{ step_id: "STEP-1-1", script: "scripts/restore-cart.sh" }] },
    });
    const same = await cli(["plan", example, "--format", "json"]);
    expect(same.stdout).toBe(stdout);
  });

  it("writes markdown for a pull request, diagrams included", async () => {
    const { exitCode, stdout } = await cli(["plan", example, "--format", "markdown"]);
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
    const { exitCode, stdout } = await cli(["plan", path, "--json"]);
    expect(exitCode).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.milestones).toEqual([
      expect.objectContaining({ milestone_id: "MS-1", target_date: "2025-10-04", projected_date: "2025-10-04T14:00:00.000Z", late: false }),
      expect.objectContaining({ milestone_id: "MS-2", target_date: "2025-10-10T00:00:00Z", projected_date: "2025-10-11T14:00:00.000Z", late: true }),
    ]);
    expect(plan.duration_with_buffer_hours).toEqual({ min: 206.4, max: 206.4 });
    const text = await cli(["plan", path]);
    expect(text.stdout).toContain("MS-2  Full rollout: target 2025-10-10T00:00:00Z, projected 2025-10-11 14:00 UTC: LATE");
  });

  it("still explains a plan with lint errors in itself, in every format, with the errors on stderr and exit 1", async () => {
    const path = writeExampleVariant(readExamplePlan().replace("migration_status: planned", "migration_status: plannned"));
    const text = await cli(["plan", path]);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toContain("\nROLLBACK MAP\n");
    const line =
      readExamplePlan()
        .split("\n")
        .findIndex((l) => l.includes("migration_status: planned")) + 1;
    expect(text.stderr).toContain(
      `bascule: ${path}:${line}:21 error "plannned" is not a valid migration_status; did you mean "planned"? (allowed: planned, in_progress, completed, rolled_back) (schema)`,
    );
    expect(text.stderr).toContain(`bascule: lint reports 1 error and 4 warnings; see \`bascule lint ${path}\``);
    const json = await cli(["plan", path, "--json"]);
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout).order).toHaveLength(3);
    const mermaid = await cli(["plan", path, "--format", "mermaid"]);
    expect(mermaid.exitCode).toBe(1);
    expect(mermaid.stdout).toMatch(/^gantt\n/);
  });

  it("schedules a critical path with a cycle by leaving out the dependency that closes it; lint's finding on stderr, exit 1", async () => {
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
    const plan = await cli(["plan", path, "--json"]);
    const lint = await cli(["lint", path, "--json"]);
    expect(plan.exitCode).toBe(1);
    expect(lint.exitCode).toBe(1);
    const explained = JSON.parse(plan.stdout);
    expect(explained.schedule.slice(0, 2).map((s: { step_id: string; depends_on: string[] }) => [s.step_id, s.depends_on])).toEqual([
      ["STEP-1-1", []],
      ["STEP-1-2", ["STEP-1-1"]],
    ]);
    expect(explained.notes).toContainEqual(expect.objectContaining({ kind: "dependency-cycle", subject: "STEP-1-1" }));
    // Every error lint finds is on plan's stderr, at the same place.
    for (const d of JSON.parse(lint.stdout).files[0].diagnostics.filter((d: { severity: string }) => d.severity === "error")) {
      expect(plan.stderr).toContain(`${path}:${d.line}:${d.column} error ${d.message} (${d.rule})`);
    }
    expect(plan.stderr).toContain("(dependency-cycle)");
  });

  it("refuses a document that is no plan, saying so on stderr with nothing on stdout, exit 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bascule-plan-"));
    writeFileSync(join(dir, "deployment.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\nspec:\n  replicas: 2\n");
    for (const format of ["text", "json", "mermaid"]) {
      const result = await cli(["plan", join(dir, "deployment.yaml"), "--format", format]);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("1:1     error   this looks like a Kubernetes");
      expect(result.stderr).toContain("deployment.yaml: it is not a migration-strategy plan, so there is nothing to explain");
    }
  });

  it("gives the same automation numbers as `bascule lint`, from the bindings beside the plan", async () => {
    const plan = JSON.parse((await cli(["plan", example, "--json"])).stdout).automation_coverage;
    const lint = JSON.parse((await cli(["lint", example, "--json"])).stdout).files[0].automation;
    expect(lint).toMatchObject({ total: 67, automatic: 53 });
    expect(plan).toEqual({
      total: lint.total,
      automatic: lint.automatic,
      attested: lint.total - lint.automatic,
      conditions: lint.conditions,
      references: lint.references,
      attestations: lint.attestations,
      bound_attestations: lint.boundAttestations,
      unresolved_conditions: lint.unresolvedConditions,
    });
  });

  it("counts no check as bound when the bindings beside the plan cannot be read, as lint does, and says why on stderr", async () => {
    // Without PATH the example's bindings cannot expand ${PATH}.
    const plan = await runCliCaptured(["plan", example, "--json"]);
    const lint = await runCliCaptured(["lint", example, "--json"]);
    expect(JSON.parse(plan.stdout).automation_coverage.automatic).toBe(4);
    expect(JSON.parse(lint.stdout).files[0].automation.automatic).toBe(4);
    expect(plan.stderr).toContain("bascule.config.yaml is not valid, so no check counts as bound; `bascule run --dry-run` shows why");
  });

  it("reads the bindings named with --config and --env, and exits 2 when they cannot be read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bascule-plan-"));
    const plan = join(dir, "plan.yaml");
    writeFileSync(
      plan,
      `metadata: { migration_id: M }
migration_phases:
  - phase_id: P1
    steps:
      - step_id: S1
        estimated_duration: 1h
        preconditions: ["Backup file exists", "Disk is free"]
`,
    );
    const bindings = join(dir, "ops.yaml");
    writeFileSync(
      bindings,
      `checks: { "Backup file exists": "true" }
environments:
  staging: { checks: { "Disk is free": "true" } }
`,
    );
    const counted = async (...args: string[]) => JSON.parse((await cli(["plan", plan, "--json", ...args])).stdout).automation_coverage.automatic;
    expect(await counted()).toBe(0);
    expect(await counted("--config", bindings)).toBe(1);
    expect(await counted("--config", bindings, "--env", "staging")).toBe(2);
    const missing = await cli(["plan", plan, "--config", join(dir, "nope.yaml")]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toContain("bascule: the bindings file is not valid");
    const unknownEnv = await cli(["plan", plan, "--config", bindings, "--env", "prod"]);
    expect(unknownEnv.exitCode).toBe(2);
    expect(unknownEnv.stderr).toContain('environment "prod" is not defined; defined environments: staging');
  });

  it("exits 2 on an unreadable file or a bad option", async () => {
    const missing = await cli(["plan", "does-not-exist.yaml"]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toContain("does-not-exist.yaml:1:1 error no such file");
    const badStart = await cli(["plan", example, "--start", "next tuesday"]);
    expect(badStart.exitCode).toBe(2);
    expect(badStart.stderr).toContain('bascule: --start "next tuesday": expected an ISO 8601 date');
    expect((await cli(["plan", example, "--format", "pdf"])).exitCode).toBe(2);
    expect((await cli(["plan", example, "-f", "mermaid", "--diagram", "pie"])).exitCode).toBe(2);
    const noPlan = await cli(["plan"], { cwd: mkdtempSync(join(tmpdir(), "bascule-empty-")) });
    expect(noPlan.exitCode).toBe(2);
    expect(noPlan.stderr).toContain("no plan given and no migration-strategy.yaml here");
  });

  it("explains ./migration-strategy.yaml when no plan is named, starting now when the plan has no created_date", async () => {
    const path = writeExampleVariant(readExamplePlan().replace(/^ {2}created_date: .*\n/m, ""));
    const { exitCode, stderr, stdout } = await cli(["plan", "--json"], { cwd: join(path, "..") });
    expect(exitCode).toBe(0);
    expect(stderr).toContain("has no metadata.created_date and no --start was given: the timeline starts now");
    const plan = JSON.parse(stdout);
    expect(plan.start.source).toBe("clock");
    expect(Math.abs(Date.parse(plan.start.date) - Date.now())).toBeLessThan(60_000);
  });
});
