import Database from "better-sqlite3";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, type RunFixture, writeRunFixture } from "../../testing/run-fixture.js";

afterAll(removeRunFixtures);

describe("secrets from the bindings", () => {
  it("never reach the journal, the logs or the output, though the command gets them", async () => {
    const fixture = writeRunFixture({
      plan: buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1", { validation: { validation_checks: ["Database reachable"] } })])]),
      files: fixtureScripts,
      bindings: { checks: { "Database reachable": 'test "${DB_PASSWORD}" = hunter22 && echo "connected with ${DB_PASSWORD}"' } },
      env: { DB_PASSWORD: "hunter22" },
    });
    const run = await fixture.bascule("run", fixture.plan, "--ignore-window");
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const journal = JSON.stringify(await fixture.events());
    expect(journal).toContain("Database reachable");
    expect(journal).not.toContain("hunter22");
    expect(journal).toContain("***");
    expect(run.stdout).not.toContain("hunter22");
    const logs = await fixture.bascule("logs", fixture.plan);
    expect(logs.stdout).toContain("connected with ***");
    expect(logs.stdout).not.toContain("hunter22");
  });
});

const secret = "Zq8-vault-pass-41";
/** The secret's first six characters: printed alone, they must not show either. */
const piece = secret.slice(0, 6);
/** Prints the secret in two pieces, a pause between them, so they reach Bascule as separate chunks of output. */
const inTwoPieces = 'printf "token=%s" "${DB_PASSWORD:0:6}"; sleep 0.3; printf "%s\\n" "${DB_PASSWORD:6}"';

/** Every byte of the state store beside the plan, the write-ahead log included, as text. */
function stateStoreBytes(fixture: RunFixture): string {
  return [".bascule/state.db", ".bascule/state.db-wal"]
    .map((file) => join(fixture.dir, file))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString("latin1"))
    .join("");
}

function expectNothingOfTheSecret(where: string, text: string): void {
  expect(text, where).not.toContain(secret);
  expect(text, where).not.toContain(piece);
}

describe("a secret a command prints in two pieces", () => {
  it("is masked whole in the run's output, in bascule logs and everywhere in the state store", async () => {
    const fixture = writeRunFixture({
      plan: buildPlan([
        buildPhase("PHASE-1", [
          buildStep("STEP-1-1", {
            execution_details: { commands: [`echo connecting; ${inTwoPieces}; echo done`] },
            validation: { validation_checks: ["Vault token valid"] },
          }),
        ]),
      ]),
      files: fixtureScripts,
      bindings: { env: { DB_PASSWORD: "${DB_PASSWORD}" }, checks: { "Vault token valid": inTwoPieces } },
      env: { DB_PASSWORD: secret },
    });
    const run = await fixture.bascule("run", fixture.plan, "--ignore-window");
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expectNothingOfTheSecret("run output", run.stdout + run.stderr);
    expect(run.stdout).toContain("token=***");

    const logs = await fixture.bascule("logs", fixture.plan);
    expect(logs.exitCode, logs.stderr).toBe(0);
    expectNothingOfTheSecret("bascule logs", logs.stdout + logs.stderr);
    expect(logs.stdout).toContain("connecting\ntoken=***\ndone");

    const events = JSON.stringify(await fixture.events());
    expect(events).toContain("token=***");
    expectNothingOfTheSecret("journal", events);
    expectNothingOfTheSecret("state store file", stateStoreBytes(fixture));
  }, 60_000);

  it("is masked in what a metric command's failure leaves in the journal", async () => {
    const fixture = writeRunFixture({
      plan: buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1", { validation: { validation_checks: ["error_ratio < 5%"] } })])]),
      files: fixtureScripts,
      bindings: {
        env: { DB_PASSWORD: "${DB_PASSWORD}" },
        metrics: { error_ratio: { query: `command: echo "login failed for token $DB_PASSWORD" >&2; exit 3`, unit: "ratio", on_missing: "fail" } },
      },
      env: { DB_PASSWORD: secret },
    });
    const run = await fixture.bascule("run", fixture.plan, "--ignore-window");
    expectNothingOfTheSecret("run output", run.stdout + run.stderr);
    const readings = (await fixture.events()).filter((event) => event.kind === "metric.sampled");
    expect(readings.length, run.stdout + run.stderr).toBeGreaterThan(0);
    expect(JSON.stringify(readings)).toContain("login failed for token ***");
    expectNothingOfTheSecret("state store file", stateStoreBytes(fixture));
  }, 60_000);
});

describe("a secret a data migration's script prints in two pieces", () => {
  it("is masked whole in the output of bascule data run and bascule data rollback", async () => {
    const migration = {
      migration_id: "DM-ORDERS",
      name: "orders to cents",
      type: "data_transformation",
      source: { system: "Legacy DB", tables: ["orders"] },
      target: { system: "New DB", tables: ["orders_v2"] },
      execution_plan: { batch_size: 4, execution_script: "scripts/move.sh" },
      rollback: { can_rollback: true, rollback_method: "reverse_migration", rollback_script: "scripts/unmove.sh" },
    };
    const script = `#!/bin/bash\n${inTwoPieces}\n`;
    const fixture = writeRunFixture({
      plan: buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1")])], { data_migration: { migrations: [migration] } }),
      files: { ...fixtureScripts, "scripts/move.sh": script, "scripts/unmove.sh": script },
      bindings: {
        env: { DB_PASSWORD: "${DB_PASSWORD}" },
        systems: { "Legacy DB": { url: "sqlite:legacy.db" }, "New DB": { url: "sqlite:new.db" } },
      },
      env: { DB_PASSWORD: secret },
    });
    for (const [file, table] of [
      ["legacy.db", "orders"],
      ["new.db", "orders_v2"],
    ] as const) {
      const db = new Database(join(fixture.dir, file));
      db.exec(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, total REAL NOT NULL)`);
      db.close();
    }
    const run = await fixture.bascule("data", "run", fixture.plan, "DM-ORDERS");
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expectNothingOfTheSecret("data run output", run.stdout + run.stderr);
    expect(run.stdout).toContain("***");
    const rollback = await fixture.bascule("data", "rollback", fixture.plan, "DM-ORDERS");
    expect(rollback.exitCode, rollback.stdout + rollback.stderr).toBe(0);
    expectNothingOfTheSecret("data rollback output", rollback.stdout + rollback.stderr);
    expect(rollback.stdout).toContain("token=***");
  }, 60_000);
});
