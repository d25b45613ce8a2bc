import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, writeRunFixture } from "../src/testing/run-fixture.js";

// SEMANTICS section 9: a rollback that fails leaves the system possibly between states: exit 4,
// from whichever command ran it.
afterAll(removeRunFixtures);

const failingStep = (response: string) =>
  writeRunFixture({
    plan: buildPlan([
      buildPhase(
        "PHASE-1",
        [buildStep("STEP-1-1"), buildStep("STEP-1-2", { execution_details: { commands: ["exit 7"] }, rollback_procedure: { rollback_script: "scripts/undo-fails.sh" } })],
        { validation_gate: { gate_id: "G1", failure_response: response } },
      ),
    ]),
    files: fixtureScripts,
  });

describe("exit code 4 for a failed rollback", () => {
  for (const response of ["rollback", "block", "manual_decision"]) {
    it(`bascule run, when the failed step's own rollback fails (failure_response: ${response})`, async () => {
      const fixture = failingStep(response);
      const run = await fixture.bascule("run", fixture.plan, "--ignore-window");
      expect(run.exitCode, run.stdout + run.stderr).toBe(4);
      expect((await fixture.status()).run.status).toBe("rollback_failed");
      // Nothing ran after the failed rollback: STEP-1-1's change is still in place, as the journal says.
      expect(fixture.lines("log")).toEqual(["STEP-1-1", "undo-failed STEP-1-2"]);
    }, 60_000);
  }

  it("bascule rollback --level full, when a step's rollback script fails", async () => {
    const fixture = writeRunFixture({
      plan: buildPlan([
        buildPhase("PHASE-1", [
          buildStep("STEP-1-1", { rollback_procedure: { rollback_script: "scripts/undo-fails.sh" } }),
          buildStep("STEP-1-2", { execution_details: { manual_steps: ["Look at it"] } }),
        ]),
      ]),
      files: fixtureScripts,
    });
    expect((await fixture.bascule("run", fixture.plan, "--ignore-window")).exitCode).toBe(3);
    const rollback = await fixture.bascule("rollback", fixture.plan, "--level", "full", "--as", "oncall");
    expect(rollback.exitCode, rollback.stdout + rollback.stderr).toBe(4);
    expect((await fixture.status()).run.status).toBe("rollback_failed");
  }, 60_000);

  it("bascule data rollback, when the migration's rollback_script fails", async () => {
    const fixture = writeRunFixture({
      plan: buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1")])], {
        data_migration: {
          migrations: [
            {
              migration_id: "DM-1",
              source: { system: "DB", tables: ["src"] },
              target: { system: "DB", tables: ["dst"] },
              transformation_logic: { code_location: "copy.sql" },
              rollback: { rollback_script: "scripts/undo-fails.sh" },
            },
          ],
        },
      }),
      files: { ...fixtureScripts, "copy.sql": "INSERT INTO dst SELECT id FROM src WHERE id BETWEEN :batch_start AND :batch_end" },
      bindings: { systems: { DB: { url: "sqlite:data.db" } } },
    });
    const db = new Database(join(fixture.dir, "data.db"));
    db.exec("CREATE TABLE src (id INTEGER PRIMARY KEY); CREATE TABLE dst (id INTEGER)");
    db.close();
    const rollback = await fixture.bascule("data", "rollback", fixture.plan, "DM-1");
    expect(rollback.exitCode, rollback.stdout + rollback.stderr).toBe(4);
    expect(rollback.stderr).toMatch(/rollback_script scripts\/undo-fails\.sh failed/);
  }, 60_000);
});
