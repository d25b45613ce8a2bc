import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, type RunFixture, writeRunFixture } from "../../testing/run-fixture.js";

afterAll(removeRunFixtures);

// Ids with gaps, so batches are bounded by keys, not by counting.
const sourceIds = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144];

const transformation = `INSERT INTO orders_v2 (id, customer, total_cents)
SELECT id, customer, CAST(round(total * 100) AS INTEGER) FROM source.orders
WHERE id BETWEEN :batch_start AND :batch_end;
`;

function buildMigration(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    migration_id: "DM-ORDERS",
    name: "orders to cents",
    type: "data_transformation",
    source: { system: "Legacy DB", tables: ["orders"] },
    target: { system: "New DB", tables: ["orders_v2"] },
    transformation_logic: { code_location: "sql/orders-to-cents.sql" },
    execution_plan: { batch_size: 4, max_parallel_workers: 2, rate_limit: "100000 rows/second" },
    validation: { reconciliation: { method: "checksum", acceptance_threshold: "100% match" } },
    ...fields,
  };
}

interface DataFixtureOptions {
  readonly migration?: Record<string, unknown>;
  readonly systems?: Record<string, unknown>;
  readonly step?: Record<string, unknown>;
  readonly transformation?: string;
  /** The target table's definition. */
  readonly targetTable?: string;
}

function writeDataFixture(options: DataFixtureOptions = {}): RunFixture {
  const fixture = writeRunFixture({
    plan: buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1", options.step)])], { data_migration: { migrations: [options.migration ?? buildMigration()] } }),
    files: { ...fixtureScripts, "sql/orders-to-cents.sql": options.transformation ?? transformation },
    bindings: { systems: options.systems ?? { "Legacy DB": { url: "sqlite:legacy.db" }, "New DB": { url: "sqlite:new.db" } } },
  });
  withDb(fixture, "legacy.db", (db) => {
    db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, total REAL NOT NULL)");
    const insert = db.prepare("INSERT INTO orders VALUES (?, ?, ?)");
    for (const id of sourceIds) insert.run(id, `customer-${id}`, id + 0.25);
  });
  withDb(fixture, "new.db", (db) => db.exec(options.targetTable ?? "CREATE TABLE orders_v2 (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, total_cents INTEGER NOT NULL)"));
  return fixture;
}

function withDb<T>(fixture: RunFixture, file: string, work: (db: Database.Database) => T): T {
  const db = new Database(join(fixture.dir, file));
  try {
    return work(db);
  } finally {
    db.close();
  }
}

function readTarget(fixture: RunFixture): { id: number; customer: string; total_cents: number }[] {
  return withDb(fixture, "new.db", (db) => db.prepare("SELECT id, customer, total_cents FROM orders_v2 ORDER BY id").all() as never);
}

describe("bascule data run", () => {
  let fixture: RunFixture;
  beforeEach(() => {
    fixture = writeDataFixture();
  });

  it("transforms every source row into the target in key batches, printing progress", async () => {
    const outcome = await fixture.bascule("data", "run", fixture.plan, "DM-ORDERS");
    expect(outcome.stderr).toBe("");
    expect(outcome.exitCode).toBe(0);
    expect(readTarget(fixture)).toEqual(sourceIds.map((id) => ({ id, customer: `customer-${id}`, total_cents: id * 100 + 25 })));
    // The last batch always prints, whatever the pace.
    expect(outcome.stdout).toMatch(/^data migration DM-ORDERS: 11 \/ 11 rows \(100%\), \d+ rows\/s, ETA .*, batch 4$/m);
    expect(outcome.stdout).toContain("data migration DM-ORDERS completed: 3 batches, 11 rows written, 11 / 11 source rows done");
  });

  it("does nothing when run again, and --json prints the summary", async () => {
    expect((await fixture.bascule("data", "run", fixture.plan, "DM-ORDERS")).exitCode).toBe(0);
    const again = await fixture.bascule("data", "run", fixture.plan, "DM-ORDERS", "--json");
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({
      migration_id: "DM-ORDERS",
      outcome: "completed",
      batches_run: 0,
      rows_written: 0,
      rows_done: 11,
      rows_total: 11,
      effective_workers: 1,
    });
    expect(readTarget(fixture)).toHaveLength(sourceIds.length);
  });

  it("exits 1 with the database's message when a batch's SQL fails", async () => {
    withDb(fixture, "new.db", (db) => db.exec("INSERT INTO orders_v2 VALUES (8, 'squatter', 0)"));
    const outcome = await fixture.bascule("data", "run", fixture.plan, "DM-ORDERS");
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stderr).toMatch(/data migration DM-ORDERS failed: .*UNIQUE constraint failed: orders_v2\.id/);
  });

  it("stops between batches on Ctrl-C with exit 3 and says how to resume; the rerun finishes the rest", async () => {
    const slow = writeDataFixture({ migration: buildMigration({ execution_plan: { batch_size: 1, rate_limit: "2 batches/second" } }) });
    const started = slow.start("data", "run", slow.plan, "DM-ORDERS");
    // Interrupted once the first batch is committed, as a person would after seeing progress.
    let printed = "";
    await new Promise<void>((resolve) => {
      started.child.stdout?.on("data", (chunk: Buffer) => {
        printed += chunk.toString();
        if (printed.includes(" rows (")) resolve();
      });
    });
    started.child.kill("SIGINT");
    const ended = await started.exited;
    expect(ended.code).toBe(3);
    expect(ended.stdout).toContain("data migration DM-ORDERS cancelled after");
    expect(ended.stdout).toContain(`To resume, run the same command again: bascule data run ${slow.plan} DM-ORDERS`);
    const doneBefore = readTarget(slow).length;
    expect(doneBefore).toBeGreaterThan(0);
    expect(doneBefore).toBeLessThan(sourceIds.length);

    const resumed = await slow.bascule("data", "run", slow.plan, "DM-ORDERS", "--json");
    expect(resumed.exitCode).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ outcome: "completed", rows_written: sourceIds.length - doneBefore, rows_done: sourceIds.length });
    expect(readTarget(slow).map((row) => row.id)).toEqual(sourceIds);
  }, 60_000);

  it("refuses an unknown migration id with exit 2 and the nearest id", async () => {
    const outcome = await fixture.bascule("data", "run", fixture.plan, "DM-ORDRES");
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toContain('no data migration "DM-ORDRES" in data_migration.migrations; did you mean "DM-ORDERS"?');
    expect(readTarget(fixture)).toEqual([]);
  });
});

describe("bascule data run with an execution_script that is a command", () => {
  it("runs it once with both sides' connections in its environment, and fails with it", async () => {
    const script =
      '#!/bin/bash\necho "$BASCULE_MIGRATION_ID $BASCULE_SOURCE_URL $BASCULE_SOURCE_TABLE $BASCULE_TARGET_URL $BASCULE_TARGET_TABLE" >> moved.log\nexit "${MOVE_EXIT:-0}"\n';
    const migration = buildMigration({ execution_plan: { batch_size: 4, execution_script: "scripts/move.sh" } });
    const fixture = writeDataFixture({ migration });
    fixture.write("scripts/move.sh", script);
    const outcome = await fixture.bascule("data", "run", fixture.plan, "DM-ORDERS");
    expect(outcome.stdout).toContain("execution_script scripts/move.sh exited 0");
    expect(outcome.exitCode).toBe(0);
    expect(fixture.lines("moved.log")).toEqual([`DM-ORDERS sqlite:${join(fixture.dir, "legacy.db")} orders sqlite:${join(fixture.dir, "new.db")} orders_v2`]);
    // The batched backfill did not run as well.
    expect(readTarget(fixture)).toEqual([]);
    fixture.write("scripts/move.sh", script.replace("${MOVE_EXIT:-0}", "4"));
    expect((await fixture.bascule("data", "run", fixture.plan, "DM-ORDERS")).exitCode).toBe(1);
  });
});

describe("bascule data reconcile", () => {
  it("passes after the run, and fails listing a deleted and an altered target row by kind", async () => {
    const fixture = writeDataFixture();
    expect((await fixture.bascule("data", "run", fixture.plan, "DM-ORDERS")).exitCode).toBe(0);
    const passed = await fixture.bascule("data", "reconcile", fixture.plan, "DM-ORDERS", "--json");
    expect(passed.stderr).toBe("");
    expect(passed.exitCode).toBe(0);
    expect(JSON.parse(passed.stdout)).toMatchObject({ passed: true, match_ratio: 1, source_rows: 11, target_rows: 11, differences: [], compared_columns: ["customer"] });

    withDb(fixture, "new.db", (db) => db.exec("DELETE FROM orders_v2 WHERE id = 13; UPDATE orders_v2 SET customer = 'someone else' WHERE id = 55"));
    const failed = await fixture.bascule("data", "reconcile", fixture.plan, "DM-ORDERS", "--json");
    expect(failed.exitCode).toBe(1);
    const result = JSON.parse(failed.stdout) as { passed: boolean; match_ratio: number; target_rows: number; differences: unknown[] };
    expect(result).toMatchObject({ passed: false, source_rows: 11, target_rows: 10 });
    expect(result.match_ratio).toBeCloseTo(9 / 11, 10);
    expect(result.differences).toEqual([
      { key: 13, kind: "missing" },
      { key: 55, kind: "changed" },
    ]);

    const readable = await fixture.bascule("data", "reconcile", fixture.plan, "DM-ORDERS");
    expect(readable.exitCode).toBe(1);
    expect(readable.stdout).toContain("FAILED reconciliation, 81.8182% of keys match");
    expect(readable.stdout).toContain("source rows: 11, target rows: 10, differing keys: 2");
    expect(readable.stdout).toMatch(/missing +13\n {2}changed +55\n/);
  });

  it("passes below 100% when the acceptance threshold allows it", async () => {
    const fixture = writeDataFixture({ migration: buildMigration({ validation: { reconciliation: { acceptance_threshold: "90% match" } } }) });
    expect((await fixture.bascule("data", "run", fixture.plan, "DM-ORDERS")).exitCode).toBe(0);
    withDb(fixture, "new.db", (db) => db.exec("DELETE FROM orders_v2 WHERE id = 144"));
    const outcome = await fixture.bascule("data", "reconcile", fixture.plan, "DM-ORDERS", "--json");
    expect(outcome.exitCode).toBe(0);
    expect(JSON.parse(outcome.stdout)).toMatchObject({ passed: true, differences: [{ key: 144, kind: "missing" }] });
  });
});

describe("bascule data reconcile into a target without a primary key", () => {
  const unkeyedTarget = "CREATE TABLE orders_v2 (id INTEGER, customer TEXT NOT NULL, total_cents INTEGER NOT NULL)";

  it("keys the target by the source key's columns: passes after the run, then fails on a row copied twice", async () => {
    const fixture = writeDataFixture({ targetTable: unkeyedTarget });
    expect((await fixture.bascule("data", "run", fixture.plan, "DM-ORDERS")).exitCode).toBe(0);
    const passed = await fixture.bascule("data", "reconcile", fixture.plan, "DM-ORDERS", "--json");
    expect(passed.stderr).toBe("");
    expect(passed.exitCode).toBe(0);
    expect(JSON.parse(passed.stdout)).toMatchObject({ passed: true, match_ratio: 1, source_rows: 11, target_rows: 11, differences: [] });

    withDb(fixture, "new.db", (db) => db.exec("INSERT INTO orders_v2 SELECT * FROM orders_v2 WHERE id = 21"));
    const failed = await fixture.bascule("data", "reconcile", fixture.plan, "DM-ORDERS", "--json");
    expect(failed.exitCode).toBe(1);
    const result = JSON.parse(failed.stdout) as { match_ratio: number };
    expect(result).toMatchObject({
      passed: false,
      source_rows: 11,
      target_rows: 12,
      difference_count: 1,
      differences: [{ key: 21, kind: "duplicate", source_rows: 1, target_rows: 2 }],
    });
    expect(result.match_ratio).toBeCloseTo(10 / 11, 10);

    const readable = await fixture.bascule("data", "reconcile", fixture.plan, "DM-ORDERS");
    expect(readable.exitCode).toBe(1);
    expect(readable.stdout).toContain("source rows: 11, target rows: 12, differing keys: 1");
    expect(readable.stdout).toMatch(/ {2}duplicate 21 \(1 source row, 2 target rows\)\n/);
  });

  it("counts a duplicate against the acceptance threshold like any differing key", async () => {
    const fixture = writeDataFixture({ targetTable: unkeyedTarget, migration: buildMigration({ validation: { reconciliation: { acceptance_threshold: "90% match" } } }) });
    expect((await fixture.bascule("data", "run", fixture.plan, "DM-ORDERS")).exitCode).toBe(0);
    withDb(fixture, "new.db", (db) => db.exec("INSERT INTO orders_v2 SELECT * FROM orders_v2 WHERE id = 144"));
    const one = await fixture.bascule("data", "reconcile", fixture.plan, "DM-ORDERS", "--json");
    expect(one.exitCode).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ passed: true, differences: [{ key: 144, kind: "duplicate", source_rows: 1, target_rows: 2 }] });
    withDb(fixture, "new.db", (db) => db.exec("INSERT INTO orders_v2 SELECT * FROM orders_v2 WHERE id = 1"));
    const two = await fixture.bascule("data", "reconcile", fixture.plan, "DM-ORDERS", "--json");
    expect(two.exitCode).toBe(1);
    expect(JSON.parse(two.stdout)).toMatchObject({ passed: false, difference_count: 2 });
  });

  it("fails the step of a backfill that writes a row twice, keeping the duplicate in the journal", async () => {
    const writesEightTwice = `${transformation.trimEnd().replace(/;$/, "")}
UNION ALL SELECT id, customer, CAST(round(total * 100) AS INTEGER) FROM source.orders
WHERE id = 8 AND id BETWEEN :batch_start AND :batch_end;
`;
    const fixture = writeDataFixture({
      targetTable: unkeyedTarget,
      transformation: writesEightTwice,
      step: { execution_details: { commands: ["bascule data run DM-ORDERS"] } },
    });
    const run = await fixture.bascule("run", fixture.plan, "--as", "dana");
    expect(run.stdout).toContain("FAILED reconciliation");
    expect(run.stdout).toMatch(/duplicate 8 \(1 source row, 2 target rows\)/);
    expect(run.exitCode).not.toBe(0);
    const reconciled = (await fixture.events()).filter((event) => event.kind === "data.reconciled");
    expect(reconciled).toEqual([
      expect.objectContaining({ passed: false, sourceRows: 11, targetRows: 12, differenceCount: 1, differences: [{ key: 8, kind: "duplicate", source_rows: 1, target_rows: 2 }] }),
    ]);
    // The step's own `bascule data run` joined the journal as the person driving the run.
    const fromTheStep = (await fixture.records()).filter((record) => record.event.kind === "data.finished");
    expect(fromTheStep.length).toBeGreaterThan(0);
    expect(fromTheStep.map((record) => record.actor)).toEqual(fromTheStep.map(() => ({ name: "dana", via: "cli" })));
  }, 60_000);

  it("refuses a target lacking the source key's columns, naming them and the way out", async () => {
    const fixture = writeDataFixture({ targetTable: "CREATE TABLE orders_v2 (order_id INTEGER PRIMARY KEY, customer TEXT NOT NULL, total_cents INTEGER NOT NULL)" });
    const outcome = await fixture.bascule("data", "reconcile", fixture.plan, "DM-ORDERS");
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toContain('target table "orders_v2" has no column "id" of the source key (id); it has primary key (order_id)');
    expect(outcome.stderr).toContain("key_columns under data_migrations.DM-ORDERS");
  });
});

describe("bascule data: bad input", () => {
  it("names an unreachable PostgreSQL system, never its password, with exit 2", async () => {
    const fixture = writeDataFixture({ systems: { "Legacy DB": { url: "sqlite:legacy.db" }, "New DB": { url: "postgres://app:s3cret-pw@db.invalid/orders" } } });
    for (const command of ["run", "reconcile", "pause"]) {
      const outcome = await fixture.bascule("data", command, fixture.plan, "DM-ORDERS");
      expect(outcome.exitCode).toBe(2);
      expect(outcome.stderr).toMatch(/system "New DB" \(db\.invalid\/orders\): getaddrinfo/);
      expect(outcome.stderr + outcome.stdout).not.toContain("s3cret-pw");
    }
  });

  it("uses x-key_columns when the source table has no primary key", async () => {
    const fixture = writeDataFixture({ migration: buildMigration({ "x-key_columns": ["id"] }) });
    withDb(fixture, "legacy.db", (db) =>
      db.exec(
        "ALTER TABLE orders RENAME TO orders_old; CREATE TABLE orders (id INTEGER, customer TEXT, total REAL); INSERT INTO orders SELECT * FROM orders_old; DROP TABLE orders_old",
      ),
    );
    expect((await fixture.bascule("data", "run", fixture.plan, "DM-ORDERS")).exitCode).toBe(0);
    expect(readTarget(fixture).map((row) => row.id)).toEqual(sourceIds);
    expect((await fixture.bascule("data", "reconcile", fixture.plan, "DM-ORDERS")).exitCode).toBe(0);
  });
});
