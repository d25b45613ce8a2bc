import { hostname } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, waitForFile, writeRunFixture } from "../../testing/run-fixture.js";

afterAll(removeRunFixtures);

describe("bascule run: resuming after the plan changed", () => {
  const pausingPlan = (firstCommand: string, thirdCommand: string) =>
    buildPlan([
      buildPhase("PHASE-1", [
        buildStep("STEP-1-1", { execution_details: { commands: [firstCommand] } }),
        buildStep("STEP-1-2", { validation: { validation_checks: ["Dashboards look normal"] } }),
        buildStep("STEP-1-3", { execution_details: { commands: [thirdCommand] } }),
      ]),
    ]);

  it("refuses (exit 2) when a step that already ran changed, naming it", async () => {
    const fixture = writeRunFixture({ plan: pausingPlan("echo STEP-1-1 >> log", "echo STEP-1-3 >> log"), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    fixture.write(fixture.plan, pausingPlan("echo STEP-1-1 changed >> log", "echo STEP-1-3 >> log"));
    const refused = await fixture.bascule("run", fixture.plan);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain("the plan changed in steps that already ran (STEP-1-1)");
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2"]);
    expect((await fixture.events()).some((e) => e.kind === "run.resumed")).toBe(false);
  });

  it("allows a change to a step not yet run, and notes it in the journal", async () => {
    const fixture = writeRunFixture({ plan: pausingPlan("echo STEP-1-1 >> log", "echo STEP-1-3 >> log"), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    fixture.write(fixture.plan, pausingPlan("echo STEP-1-1 >> log", "echo STEP-1-3 as changed >> log"));
    expect((await fixture.bascule("attest", fixture.plan, "Dashboards look normal", "--by", "sre")).exitCode).toBe(0);
    const resumed = await fixture.bascule("run", fixture.plan);
    expect(resumed.exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "STEP-1-3 as changed"]);
    expect(await fixture.events()).toContainEqual(expect.objectContaining({ kind: "run.resumed", changedSteps: ["STEP-1-3"] }));
  });
});

describe("bascule run: one run at a time", () => {
  it("refuses a second run while one holds the lock, naming it; takes over a dead holder's lock and journals it", async () => {
    const fixture = writeRunFixture({
      plan: buildPlan([
        buildPhase("PHASE-1", [
          // Waits, the first time, until the test releases it; safe to re-run after a crash.
          buildStep("STEP-1-1", {
            "x-idempotent": true,
            execution_details: { commands: ["echo STEP-1-1 >> log; touch started; for i in $(seq 1500); do [ -f release ] && break; sleep 0.02; done"] },
          }),
        ]),
      ]),
      files: fixtureScripts,
    });
    const first = fixture.start("run", fixture.plan);
    try {
      await waitForFile(fixture, "started");
      const second = await fixture.bascule("run", fixture.plan);
      expect(second.exitCode).not.toBe(0);
      expect(second.stderr).toMatch(new RegExp(`pid ${first.child.pid} on ${hostname()}, since \\d{4}-\\d\\d-\\d\\dT`));
      expect(fixture.lines("log")).toEqual(["STEP-1-1"]);
    } finally {
      first.child.kill("SIGKILL");
      await first.exited;
      // The step's shell outlives the killed engine; let it end.
      fixture.write("release", "");
    }
    // A command refused after finding the holder gone takes nothing over and writes nothing.
    const before = await fixture.records();
    const refused = await fixture.bascule("decide", fixture.plan, "proceed");
    expect(refused.exitCode).toBe(2);
    expect(await fixture.records()).toEqual(before);
    const third = await fixture.bascule("run", fixture.plan);
    expect(third.exitCode).toBe(0);
    const events = await fixture.events();
    expect(events).toContainEqual(
      expect.objectContaining({ kind: "lock.taken_over", reason: "holder-gone", previous: expect.objectContaining({ pid: first.child.pid, host: hostname() }) }),
    );
    // The idempotent step, in doubt after the crash, re-ran by itself.
    expect(events).toContainEqual({ kind: "step.resolved", stepId: "STEP-1-1", as: "rerun", by: "bascule", automatic: true });
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-1"]);
  });
});
