import { afterAll, describe, expect, it } from "vitest";
import { countCopied, writeCopyFixture } from "../../testing/copy-fixture.js";
import { removeRunFixtures } from "../../testing/run-fixture.js";

afterAll(removeRunFixtures);

const ROWS = 400;

const count = (dir: string) => countCopied({ dir });

describe("a run killed while its step's backfill runs", () => {
  it("resumes by itself: the orphaned backfill stops, the re-run waits for it, and every row lands once", async () => {
    const fixture = writeCopyFixture({
      rows: ROWS,
      executionPlan: { batch_size: 10, rate_limit: "20 batches/second" },
      commands: ["bascule data run DM-SLOW"],
      env: { BASCULE_ACTOR: "sam" },
    });

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
