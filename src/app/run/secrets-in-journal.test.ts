import { afterAll, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, writeRunFixture } from "../../testing/run-fixture.js";

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
