import Database from "better-sqlite3";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteJournalStore } from "../src/adapters/sqlite/sqlite-journal-store.js";
import { repoRoot } from "../src/testing/run-cli-captured.js";

// The data issue's acceptance criterion: the example in examples/ runs a real backfill with reconciliation
// on SQLite, here through scripts/demo-backfill.sh (the second half of `npm start`) from the sources.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const cli = `${process.execPath} --import ${tsxLoader} ${join(repoRoot, "scripts/bascule-dev.ts")}`;
const cliArgv = cli.split(" ");

interface DataStatus {
  migration_id: string;
  step_id: string;
  status: string;
  rows_done: number;
  rows_total: number;
  reconciliation?: { passed: boolean; match_ratio: number; difference_count: number };
}

function bascule(cwd: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(cliArgv[0]!, [...cliArgv.slice(1), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CI: "true", BASCULE_ACTOR: "sam", NO_COLOR: "1" },
    timeout: 120_000,
  });
}

async function journalOf(example: string): Promise<Array<{ kind: string; [key: string]: unknown }>> {
  const store = openSqliteJournalStore(join(example, ".bascule", "state.db"));
  try {
    const [run] = await store.listRuns();
    return (await store.read(run!.runId)).map((record) => record.event as unknown as { kind: string });
  } finally {
    await store.close();
  }
}

/** orders_v2 as the transformation must have made it from orders, and as it is. */
function expectedAndActual(example: string): { expected: unknown[]; actual: unknown[] } {
  const db = new Database(join(example, ".sim", "orders.db"), { readonly: true });
  try {
    return {
      expected: db.prepare("SELECT id, customer, CAST(round(total * 100) AS INTEGER) AS total_cents, placed_at FROM orders ORDER BY id").all(),
      actual: db.prepare("SELECT id, customer, total_cents, placed_at FROM orders_v2 ORDER BY id").all(),
    };
  } finally {
    db.close();
  }
}

describe("examples/backfill, run by scripts/demo-backfill.sh", () => {
  let work: string;
  let example: string;
  let demo: SpawnSyncReturns<string>;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "bascule-backfill-"));
    example = join(work, "backfill");
    demo = spawnSync("bash", [join(repoRoot, "scripts/demo-backfill.sh")], {
      cwd: repoRoot,
      encoding: "utf8",
      env: { ...process.env, BASCULE_CLI: cli, BASCULE_DEMO_DIR: work, NO_COLOR: "1" },
      timeout: 300_000,
    });
  }, 320_000);

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it("completes, with every order copied in cents, exactly once", () => {
    expect(demo.stderr).toBe("");
    expect(demo.status).toBe(0);
    const { expected, actual } = expectedAndActual(example);
    expect(actual).toHaveLength(20_000);
    expect(actual).toEqual(expected);
  });

  it("shows the backfill's progress and reconciliation in status --json", () => {
    const report = JSON.parse(bascule(example, "status", "migration-strategy.yaml", "--json").stdout) as { run: { status: string }; data_migrations: DataStatus[] };
    expect(report.run.status).toBe("completed");
    expect(report.data_migrations).toEqual([
      expect.objectContaining({
        migration_id: "DM-ORDERS-CENTS",
        step_id: "STEP-2-1",
        status: "completed",
        rows_done: 20_000,
        rows_total: 20_000,
        reconciliation: { passed: true, match_ratio: 1, difference_count: 0 },
      }),
    ]);
  });

  it("journals the health pause while the replica lagged, then the resume, progress and the reconciliation", async () => {
    const events = (await journalOf(example)).filter((event) => event.kind.startsWith("data."));
    const kinds = events.map((event) => event.kind);
    expect(kinds[0]).toBe("data.paused");
    expect(events[0]).toMatchObject({ migrationId: "DM-ORDERS-CENTS", stepId: "STEP-2-1", reason: 'health: "replica_lag_seconds > 5" holds (read 12)' });
    expect(kinds[1]).toBe("data.resumed");
    expect(kinds).toContain("data.progress");
    expect(kinds.slice(-2)).toEqual(["data.finished", "data.reconciled"]);
    expect(events.at(-1)).toMatchObject({ passed: true, sourceRows: 20_000, targetRows: 20_000, differenceCount: 0 });
    // No batch ran before the resume: the first progress comes after it.
    expect(kinds.indexOf("data.progress")).toBeGreaterThan(kinds.indexOf("data.resumed"));
    expect(demo.stdout).toContain('paused: health: "replica_lag_seconds > 5" holds (read 12)');
  });

  it("a full rollback puts the data back with the migration's rollback and clears its checkpoints", async () => {
    const rolled = bascule(example, "rollback", "migration-strategy.yaml", "--level", "full");
    expect(rolled.stdout).toContain("$ bascule data rollback DM-ORDERS-CENTS");
    expect(rolled.stdout).toContain("5 checkpoints cleared");
    expect(rolled.status).toBe(0);
    const db = new Database(join(example, ".sim", "orders.db"), { readonly: true });
    try {
      // STEP-1-1's own rollback dropped the table after the data was emptied.
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'orders_v2'").get()).toEqual({ n: 0 });
      expect(db.prepare("SELECT count(*) AS n FROM bascule_backfill_checkpoints").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    expect((await journalOf(example)).some((event) => event.kind === "data.rolled_back")).toBe(true);
  });
});

describe("examples/backfill with a transformation that loses a row", () => {
  let work: string;
  let example: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "bascule-backfill-bad-"));
    example = join(work, "backfill");
    cpSync(join(repoRoot, "examples/backfill"), example, { recursive: true });
    symlinkSync(join(repoRoot, "node_modules"), join(work, "node_modules"));
    const sql = join(example, "sql/orders-to-cents.sql");
    writeFileSync(sql, readFileSync(sql, "utf8").replace("WHERE id BETWEEN", "WHERE id <> 500 AND id BETWEEN"));
    spawnSync(process.execPath, ["scripts/seed-orders.mjs"], { cwd: example, env: { ...process.env, ORDERS: "3000" } });
  }, 60_000);

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it("fails the step on reconciliation, keeps the missing key as evidence, and rolls the data back", async () => {
    const run = bascule(example, "run", "migration-strategy.yaml");
    expect(run.stdout).toContain("FAILED reconciliation");
    expect(run.stdout).toContain("missing 500");
    expect(run.status).toBe(1);
    const reconciled = (await journalOf(example)).find((event) => event.kind === "data.reconciled");
    expect(reconciled).toMatchObject({ passed: false, differenceCount: 1, differences: [{ key: 500, kind: "missing" }] });
    const report = JSON.parse(bascule(example, "status", "migration-strategy.yaml", "--json").stdout) as { run: { status: string }; data_migrations: DataStatus[] };
    expect(report.run.status).toBe("rolled_back");
    expect(report.data_migrations[0]?.status).toBe("rolled_back");
  });
});
