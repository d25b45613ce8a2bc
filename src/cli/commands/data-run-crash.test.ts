import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, writeRunFixture } from "../../testing/run-fixture.js";

afterAll(removeRunFixtures);

const ROWS = 400;

function count(dir: string): { rows: number; keys: number } {
  const db = new Database(join(dir, "data.db"), { readonly: true });
  try {
    return db.prepare("SELECT count(*) AS rows, count(DISTINCT id) AS keys FROM dst").get() as { rows: number; keys: number };
  } finally {
    db.close();
  }
}

describe("a run killed while its step's backfill runs", () => {
  it("resumes by itself: the orphaned backfill stops, the re-run waits for it, and every row lands once", async () => {
    const step = buildStep("STEP-1-1", { execution_details: { commands: ["bascule data run DM-SLOW"] } });
    const fixture = writeRunFixture({
      plan: buildPlan([buildPhase("PHASE-1", [step])], {
        data_migration: {
          migrations: [
            {
              migration_id: "DM-SLOW",
              source: { system: "DB", tables: ["src"] },
              target: { system: "DB", tables: ["dst"] },
              transformation_logic: { code_location: "copy.sql" },
              execution_plan: { batch_size: 10, rate_limit: "20 batches/second" },
            },
          ],
        },
      }),
      files: { ...fixtureScripts, "copy.sql": "INSERT INTO dst SELECT id, v FROM src WHERE id BETWEEN :batch_start AND :batch_end" },
      bindings: { systems: { DB: { url: "sqlite:data.db" } } },
      env: { BASCULE_ACTOR: "sam" },
    });
    const db = new Database(join(fixture.dir, "data.db"));
    // No unique key on the target: a batch written twice would show as a duplicate.
    db.exec("CREATE TABLE src (id INTEGER PRIMARY KEY, v TEXT); CREATE TABLE dst (id INTEGER, v TEXT)");
    const insert = db.prepare("INSERT INTO src VALUES (?, ?)");
    for (let id = 1; id <= ROWS; id++) insert.run(id, `v${id}`);
    db.close();

    const engine = fixture.start("run", fixture.plan);
    const deadline = Date.now() + 30_000;
    while (count(fixture.dir).rows < 50) {
      if (Date.now() > deadline) throw new Error(`the backfill did not start: ${(await Promise.race([engine.exited, Promise.resolve(undefined)]))?.stderr ?? ""}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    engine.child.kill("SIGKILL");
    expect((await engine.exited).signal).toBe("SIGKILL");
    expect(count(fixture.dir).rows).toBeLessThan(ROWS);

    const resumed = await fixture.bascule("run", fixture.plan);
    expect(resumed.stderr).toBe("");
    expect(resumed.exitCode).toBe(0);
    expect(count(fixture.dir)).toEqual({ rows: ROWS, keys: ROWS });
    const events = await fixture.events();
    expect(events).toContainEqual(expect.objectContaining({ kind: "step.resolved", stepId: "STEP-1-1", as: "rerun", automatic: true }));
    // The orphan said why it stopped, in the same journal.
    expect(events).toContainEqual(expect.objectContaining({ kind: "data.finished", outcome: "cancelled", message: expect.stringContaining("the end of the run that started it") }));
    expect(events.filter((event) => event.kind === "data.finished").at(-1)).toMatchObject({ outcome: "completed", rowsDone: ROWS });
  }, 90_000);
});
