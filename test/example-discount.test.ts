import Database from "better-sqlite3";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, spawnBascule } from "../src/testing/run-cli-captured.js";

// The acceptance criterion of the run engine: `npm start` (scripts/demo-discount.sh) runs the spec's
// discount migration for real, from a fresh copy of examples/discount, answering every pause as the
// right person, until the run completes. Here it runs the CLI from the sources instead of dist/.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const cli = `${process.execPath} --import ${tsxLoader} ${join(repoRoot, "scripts/bascule-dev.ts")}`;

interface StatusReport {
  run: { status: string; started_by: string };
  phases: Array<{
    phase_id: string;
    status: string;
    gate?: { gate_id: string; status: string; approvals: Array<{ role: string; identity: string }> };
    steps: Array<{ step_id: string; status: string }>;
  }>;
}

describe("examples/discount, run by scripts/demo-discount.sh", () => {
  let work: string;
  let example: string;
  let plan: string;
  let demo: SpawnSyncReturns<string>;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "bascule-discount-"));
    example = join(work, "discount");
    plan = join(example, "migration-strategy.yaml");
    demo = spawnSync("bash", [join(repoRoot, "scripts/demo-discount.sh")], {
      cwd: repoRoot,
      encoding: "utf8",
      env: { ...process.env, BASCULE_CLI: cli, BASCULE_DEMO_DIR: work, NO_COLOR: "1" },
      // A guard against a hung run, not a measurement.
      timeout: 600_000,
    });
  }, 620_000);

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  const status = (): StatusReport => {
    const result = spawnBascule(["status", plan, "--json"]);
    expect(result.exitCode, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as StatusReport;
  };

  it("completes the run (exit 0), having paused for people along the way", () => {
    expect(demo.status, `${demo.stdout}\n${demo.stderr}`).toBe(0);
    expect(demo.stdout).toContain('bascule attest "DBA approval received" --by dana');
    expect(demo.stdout).toContain("bascule approve GATE-1 --as dana");
  });

  it("leaves every step succeeded and every gate passed, signed by the bound approvers", () => {
    const report = status();
    expect(report.run).toMatchObject({ status: "completed", started_by: "sam" });
    for (const phase of report.phases) {
      expect(phase.status, phase.phase_id).toBe("completed");
      for (const step of phase.steps) expect(step.status, step.step_id).toBe("succeeded");
      expect(phase.gate?.status, phase.phase_id).toBe("passed");
    }
    const signed = Object.fromEntries(report.phases.map((p) => [p.gate?.gate_id, p.gate?.approvals]));
    expect(signed).toEqual({
      "GATE-1": [
        { role: "DBA Lead", identity: "dana" },
        { role: "Engineering Manager", identity: "erin" },
      ],
      "GATE-2": [{ role: "Engineering Manager", identity: "erin" }],
      "GATE-3": [
        { role: "Product Manager", identity: "pat" },
        { role: "Engineering Manager", identity: "erin" },
      ],
    });
  });

  it("added the two nullable discount columns to the simulated cart database, keeping every cart", () => {
    const db = new Database(join(example, ".sim", "cart.db"), { readonly: true, fileMustExist: true });
    try {
      const columns = db.prepare("SELECT name, type, \"notnull\" AS not_null FROM pragma_table_info('cart') ORDER BY cid").all();
      expect(columns).toEqual([
        { name: "id", type: "INTEGER", not_null: 0 },
        { name: "user_id", type: "INTEGER", not_null: 1 },
        { name: "total", type: "DECIMAL(10,2)", not_null: 1 },
        { name: "created_at", type: "TIMESTAMP", not_null: 1 },
        { name: "discount_code", type: "VARCHAR(50)", not_null: 0 },
        { name: "discount_amount", type: "DECIMAL(10,2)", not_null: 0 },
      ]);
      expect(db.prepare("SELECT count(*) AS carts, count(discount_code) AS discounted FROM cart").get()).toEqual({ carts: 5, discounted: 0 });
    } finally {
      db.close();
    }
  });

  it("rolled the feature flag out to 100% of all users", () => {
    const flag = JSON.parse(readFileSync(join(example, ".sim", "flags", "discount-enabled.json"), "utf8")) as Record<string, unknown>;
    expect(flag).toMatchObject({ name: "discount-enabled", percentage: 100, audience: "all" });
  });

  // SEMANTICS 4.5: a step with monitoring whose duration says "observation" watches its
  // alert_conditions for that long. Both of STEP-3-1's are bound to commands: each reading of
  // them during the (compressed) 3 days is kept in the journal as evidence.
  it("watched STEP-3-1's alert conditions during its 3-day observation", () => {
    const db = new Database(join(example, ".bascule", "state.db"), { readonly: true });
    try {
      const rows = db.prepare("SELECT payload FROM events WHERE kind = 'metric.sampled'").all() as Array<{ payload: string }>;
      const samples = rows
        .map((row) => JSON.parse(row.payload) as { scope: { stepId?: string }; purpose: string; condition?: string; holds?: boolean })
        .filter((e) => e.scope.stepId === "STEP-3-1" && e.purpose === "observation");
      for (const condition of ["error_rate > 0.5%", "calculation_errors > 0"]) {
        const readings = samples.filter((e) => e.condition === condition);
        expect(readings.length, condition).toBeGreaterThan(1);
        expect(
          readings.every((e) => e.holds === false),
          condition,
        ).toBe(true);
      }
    } finally {
      db.close();
    }
  });

  it("lints the example plan without errors", () => {
    const lint = spawnBascule(["lint", "examples/discount/migration-strategy.yaml", "--json"]);
    expect(lint.exitCode, lint.stdout + lint.stderr).toBe(0);
    expect((JSON.parse(lint.stdout) as { errorCount: number }).errorCount).toBe(0);
  });
});
