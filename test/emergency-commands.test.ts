import { afterAll, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, writeRunFixture } from "../src/testing/run-fixture.js";

// status, logs and rollback are what a person needs when a run goes wrong, and a plan file that
// goes bad mid-run is one way it goes wrong: they read the plan the run kept instead.
afterAll(removeRunFixtures);

function pausedRunWhosePlanBroke() {
  const fixture = writeRunFixture({
    plan: buildPlan([
      buildPhase("PHASE-1", [
        // An earlier step deletes a script a later step names: from then on the plan no longer lints.
        buildStep("STEP-1-1", { execution_details: { commands: ["echo applied STEP-1-1", "echo STEP-1-1 >> log", "rm scripts/validate-2.sh"] } }),
        buildStep("STEP-1-2", { execution_details: { manual_steps: ["Check the cart dashboard"] }, validation: { validation_script: "scripts/validate-2.sh" } }),
      ]),
    ]),
    files: { ...fixtureScripts, "scripts/validate-2.sh": "#!/bin/bash\nexit 0\n" },
  });
  return fixture;
}

describe("emergency commands on a plan that no longer lints", () => {
  it("status, logs and a full rollback work from the plan as the run started, saying what is wrong with the file", async () => {
    const fixture = pausedRunWhosePlanBroke();
    const run = await fixture.bascule("run", fixture.plan, "--ignore-window");
    expect(run.exitCode, run.stdout + run.stderr).toBe(3);
    expect(fixture.exists("scripts/validate-2.sh")).toBe(false);
    const lint = await fixture.bascule("lint", fixture.plan);
    expect(lint.exitCode).toBe(1);

    const status = await fixture.bascule("status", fixture.plan, "--json");
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stderr).toMatch(/lint error.*validate-2\.sh/s);
    expect(status.stderr).toMatch(/using the plan as run \S+ last ran it, kept in its journal/);
    const report = JSON.parse(status.stdout) as { phases: Array<{ steps: Array<{ step_id: string; status: string }> }> };
    expect(report.phases[0]?.steps.map((s) => [s.step_id, s.status])).toEqual([
      ["STEP-1-1", "succeeded"],
      ["STEP-1-2", "running"],
    ]);

    const logs = await fixture.bascule("logs", fixture.plan, "STEP-1-1");
    expect(logs.exitCode, logs.stderr).toBe(0);
    expect(logs.stdout).toContain("applied STEP-1-1");

    const rollback = await fixture.bascule("rollback", fixture.plan, "--level", "full", "--as", "oncall");
    expect(rollback.exitCode, rollback.stdout + rollback.stderr).toBe(0);
    // STEP-1-2 had started (it waits on its manual step), so its rollback runs too, then STEP-1-1's.
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "undo STEP-1-2", "undo STEP-1-1"]);
    expect((await fixture.events()).at(-1)).toMatchObject({ kind: "run.finished", status: "rolled_back" });
  }, 60_000);

  it("names the steps that changed in the file, and works when the file does not even parse", async () => {
    const fixture = pausedRunWhosePlanBroke();
    expect((await fixture.bascule("run", fixture.plan, "--ignore-window")).exitCode).toBe(3);
    fixture.write(fixture.plan, fixture.read(fixture.plan).replace("echo applied STEP-1-1", "echo applied it differently"));
    const changed = await fixture.bascule("status", fixture.plan);
    expect(changed.exitCode, changed.stderr).toBe(0);
    expect(changed.stderr).toMatch(/Changed in the file since: STEP-1-1 changed/);

    fixture.write(fixture.plan, "migration_phases: [\n  unclosed");
    const unreadable = await fixture.bascule("status", fixture.plan);
    expect(unreadable.exitCode, unreadable.stderr).toBe(0);
    expect(unreadable.stderr).toMatch(/cannot be read/);
    expect(unreadable.stdout).toMatch(/STEP-1-1/);
  }, 60_000);

  it("still refuses a plan with lint errors that has no run to fall back on", async () => {
    const fixture = pausedRunWhosePlanBroke();
    fixture.write("scripts/validate-2.sh", "");
    fixture.write(fixture.plan, fixture.read(fixture.plan).replaceAll("scripts/validate-2.sh", "scripts/missing.sh"));
    const status = await fixture.bascule("status", fixture.plan);
    expect(status.exitCode, status.stderr).toBe(1);
    expect(status.stderr).toMatch(/lint errors/);
    expect(fixture.exists(".bascule/state.db")).toBe(false);
  }, 60_000);
});
