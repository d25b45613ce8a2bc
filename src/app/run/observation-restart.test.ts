import { afterAll, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, writeRunFixture } from "../../testing/run-fixture.js";

afterAll(removeRunFixtures);

// SEMANTICS section 10: waits are journaled as deadlines, so a restart in the middle of an
// observation resumes it, reading its metric all along, and ends when the first process would have.
describe("a restart in the middle of an observation", () => {
  it("keeps the deadline the observation started with and goes on reading", async () => {
    const plan = buildPlan([
      buildPhase("PHASE-1", [
        buildStep("STEP-1-1", {
          estimated_duration: "2 hours observation",
          monitoring: { metrics_to_watch: ["error_ratio"], alert_conditions: ["error_ratio > 5%"] },
        }),
      ]),
    ]);
    const fixture = writeRunFixture({
      plan,
      files: { ...fixtureScripts, "error-ratio.sh": "#!/bin/bash\necho 0.01\n" },
      // Two hours at this scale are 7.2 s of real time.
      bindings: { time_scale: 0.001, metrics: { error_ratio: { query: "command: ./error-ratio.sh", unit: "ratio" } } },
    });
    const first = fixture.start("run", fixture.plan, "--ignore-window");
    // Wait until the observation has started and read the metric a few times, then kill.
    for (let i = 0; i < 300; i++) {
      const events = fixture.exists(".bascule/state.db") ? await fixture.events().catch(() => []) : [];
      if (events.filter((e) => e.kind === "metric.sampled").length >= 3) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    first.child.kill("SIGKILL");
    await first.exited;
    const before = await fixture.events();
    const started = before.filter((e) => e.kind === "observation.started");
    expect(started).toHaveLength(1);
    expect(before.some((e) => e.kind === "observation.finished")).toBe(false);

    const second = await fixture.bascule("run", fixture.plan, "--ignore-window");
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    const records = await fixture.records();
    const after = records.map((r) => r.event);
    // One observation, one deadline: the second process did not start the wait again.
    expect(after.filter((e) => e.kind === "observation.started")).toHaveLength(1);
    const finished = records.find((r) => r.event.kind === "observation.finished");
    const deadline = Date.parse((started[0] as { deadline: string }).deadline);
    expect(Date.parse(finished?.at ?? "")).toBeGreaterThanOrEqual(deadline);
    const resumedAt = Date.parse(records.find((r) => r.event.kind === "run.resumed")?.at ?? "");
    const readingsAfterRestart = records.filter((r) => r.event.kind === "metric.sampled" && Date.parse(r.at) > resumedAt);
    expect(readingsAfterRestart.length).toBeGreaterThan(0);
    expect((await fixture.status()).run.status).toBe("completed");
  }, 60_000);
});
