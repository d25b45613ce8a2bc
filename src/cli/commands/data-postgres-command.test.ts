import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPostgres, type TestPostgres } from "../../testing/test-postgres.js";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, type RunFixture, writeRunFixture } from "../../testing/run-fixture.js";

// The same commands as on SQLite, on PostgreSQL: a real server when BASCULE_TEST_PG_URL names one
// (CI), else the embedded PGlite over the wire protocol.
let database: TestPostgres;
let client: pg.Client;

beforeAll(async () => {
  database = await openTestPostgres();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
}, 60_000);

afterAll(async () => {
  await client?.end();
  await database?.close();
  removeRunFixtures();
});

const ROWS = 4_000;

async function seed(): Promise<void> {
  await client.query("DROP TABLE IF EXISTS items, items_v2, bascule_backfill_checkpoints, bascule_data_control");
  // Every third id is missing: batches are bounded by keys, not by counting.
  await client.query("CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL)");
  await client.query(`INSERT INTO items SELECT g * 3 / 2, 'item ' || g, (g % 997) / 4.0 FROM generate_series(1, ${ROWS}) g`);
  // No unique key on the target: a batch written twice would show.
  await client.query("CREATE TABLE items_v2 (id bigint, name text, price_cents bigint)");
}

/** The backfill as a plan folder; `namedKey: false` leaves the key to be read from the tables. */
function writeFixture({ namedKey = true } = {}): RunFixture {
  const step = buildStep("STEP-1-1", { execution_details: { commands: ["bascule data run DM-ITEMS"] } });
  return writeRunFixture({
    plan: buildPlan([buildPhase("PHASE-1", [step])], {
      data_migration: {
        migrations: [
          {
            migration_id: "DM-ITEMS",
            source: { system: "Shop DB", tables: ["items"] },
            target: { system: "Shop DB", tables: ["items_v2"] },
            transformation_logic: { code_location: "sql/items-to-cents.sql" },
            execution_plan: { batch_size: 500, max_parallel_workers: 2 },
            validation: { reconciliation: { method: "checksum", acceptance_threshold: "100% match" } },
            rollback: { can_rollback: true, rollback_method: "reverse_migration", rollback_script: "sql/empty-items-v2.sql" },
          },
        ],
      },
    }),
    files: {
      ...fixtureScripts,
      "sql/items-to-cents.sql": "INSERT INTO items_v2 SELECT id, upper(name), (price * 100)::bigint FROM items WHERE id BETWEEN :batch_start AND :batch_end",
      "sql/empty-items-v2.sql": "DELETE FROM items_v2",
    },
    bindings: {
      systems: { "Shop DB": { url: database.url } },
      data_migrations: {
        "DM-ITEMS": {
          ...(namedKey ? { key_columns: ["id"] } : {}),
          source_query: "SELECT id, upper(name) AS name, (price * 100)::bigint AS price_cents FROM items",
        },
      },
    },
    env: { BASCULE_ACTOR: "sam" },
  });
}

async function targetCounts(): Promise<{ rows: number; keys: number }> {
  const { rows } = await client.query<{ rows: string; keys: string }>("SELECT count(*) AS rows, count(DISTINCT id) AS keys FROM items_v2");
  return { rows: Number(rows[0]!.rows), keys: Number(rows[0]!.keys) };
}

describe(`bascule data on PostgreSQL`, () => {
  let fixture: RunFixture;
  beforeAll(async () => {
    await seed();
    fixture = writeFixture();
  });

  it("runs the backfill as a step of a run, reconciles it, and reports it in status", async () => {
    const run = await fixture.bascule("run", fixture.plan);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("$ bascule data run DM-ITEMS");
    expect(run.stdout).toContain("PASSED reconciliation, 100% of keys match");
    expect(run.exitCode).toBe(0);
    expect(await targetCounts()).toEqual({ rows: ROWS, keys: ROWS });
    const status = await fixture.status();
    expect(status.data_migrations).toEqual([
      expect.objectContaining({
        migration_id: "DM-ITEMS",
        status: "completed",
        rows_done: ROWS,
        rows_total: ROWS,
        reconciliation: { passed: true, match_ratio: 1, difference_count: 0 },
      }),
    ]);
    // The bindings hold the database password (on a server): none of it reaches output or journal.
    const password = new URL(database.url).password;
    if (password !== "") expect(run.stdout + JSON.stringify(await fixture.events())).not.toContain(password);
    // Two workers on a server; PGlite serves one session at a time, so the engine uses one there.
    expect(status.data_migrations?.[0]?.workers).toBe(database.concurrentSessions ? 2 : 1);
  }, 120_000);

  it("finds a changed, a missing and an extra row by key, and fails", async () => {
    await client.query("UPDATE items_v2 SET price_cents = price_cents + 1 WHERE id = 150");
    await client.query("DELETE FROM items_v2 WHERE id = 3000");
    await client.query("INSERT INTO items_v2 VALUES (999999, 'GHOST', 0)");
    const outcome = await fixture.bascule("data", "reconcile", fixture.plan, "DM-ITEMS", "--json");
    expect(outcome.exitCode).toBe(1);
    const result = JSON.parse(outcome.stdout) as { passed: boolean; source_rows: number; target_rows: number; differences: unknown[] };
    expect(result).toMatchObject({ passed: false, source_rows: ROWS, target_rows: ROWS });
    expect(result.differences).toEqual([
      { key: 150, kind: "changed" },
      { key: 3000, kind: "missing" },
      { key: 999999, kind: "extra" },
    ]);
  }, 60_000);

  it("rolls the data back with its rollback_script and clears the checkpoints, so a rerun copies everything again", async () => {
    const rolled = await fixture.bascule("data", "rollback", fixture.plan, "DM-ITEMS");
    expect(rolled.stderr).toBe("");
    expect(rolled.stdout).toMatch(/DM-ITEMS rolled back \(reverse_migration\) with sql\/empty-items-v2\.sql; \d+ checkpoints cleared/);
    expect(rolled.exitCode).toBe(0);
    expect(await targetCounts()).toEqual({ rows: 0, keys: 0 });
    const again = await fixture.bascule("data", "run", fixture.plan, "DM-ITEMS", "--json");
    expect(again.stderr).toBe("");
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: "completed", rows_done: ROWS });
    expect(await targetCounts()).toEqual({ rows: ROWS, keys: ROWS });
  }, 60_000);
});

describe("bascule data reconcile on PostgreSQL into a target without a primary key", () => {
  it("keys the target by the source key's columns: passes after the run, then fails on a row copied twice", async () => {
    await seed();
    const fixture = writeFixture({ namedKey: false });
    expect((await fixture.bascule("data", "run", fixture.plan, "DM-ITEMS")).exitCode).toBe(0);
    const passed = await fixture.bascule("data", "reconcile", fixture.plan, "DM-ITEMS", "--json");
    expect(passed.stderr).toBe("");
    expect(passed.exitCode).toBe(0);
    expect(JSON.parse(passed.stdout)).toMatchObject({ passed: true, match_ratio: 1, source_rows: ROWS, target_rows: ROWS, differences: [] });

    await client.query("INSERT INTO items_v2 SELECT * FROM items_v2 WHERE id = 150");
    const failed = await fixture.bascule("data", "reconcile", fixture.plan, "DM-ITEMS", "--json");
    expect(failed.exitCode).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({
      passed: false,
      source_rows: ROWS,
      target_rows: ROWS + 1,
      difference_count: 1,
      differences: [{ key: 150, kind: "duplicate", source_rows: 1, target_rows: 2 }],
    });
    const readable = await fixture.bascule("data", "reconcile", fixture.plan, "DM-ITEMS");
    expect(readable.exitCode).toBe(1);
    expect(readable.stdout).toMatch(/ {2}duplicate 150 \(1 source row, 2 target rows\)\n/);
  }, 60_000);
});

describe("bascule data pause and resume on PostgreSQL", () => {
  it("holds a backfill before its first batch until resumed, then copies everything once", async () => {
    await seed();
    const fixture = writeFixture();
    expect((await fixture.bascule("data", "pause", fixture.plan, "DM-ITEMS", "--as", "olivia")).exitCode).toBe(0);
    const running = fixture.bascule("data", "run", fixture.plan, "DM-ITEMS");
    // Long enough for many batches of an unpaused run (the whole copy takes well under a second).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await targetCounts()).toEqual({ rows: 0, keys: 0 });
    expect((await fixture.bascule("data", "resume", fixture.plan, "DM-ITEMS")).exitCode).toBe(0);
    const outcome = await running;
    expect(outcome.stdout).toMatch(/DM-ITEMS paused: paused by olivia@\S+; bascule data resume DM-ITEMS goes on/);
    expect(outcome.stdout).toMatch(/DM-ITEMS resumed after \d+s/);
    expect(outcome.exitCode).toBe(0);
    expect(await targetCounts()).toEqual({ rows: ROWS, keys: ROWS });
  }, 60_000);
});
