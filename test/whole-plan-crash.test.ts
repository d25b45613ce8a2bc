import { afterAll, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, waitForFile, writeRunFixture } from "../src/testing/run-fixture.js";

// SEMANTICS 6 and 11: a SIGKILL in the middle of a regression suite leaves it in doubt (unless
// bound as idempotent), and one in the middle of the monitoring period keeps its deadline.
afterAll(removeRunFixtures);

const suitePlan = buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1")])], {
  validation_strategy: { regression_validation: [{ regression_suite_id: "REG-1", location: "tests/regression.sh", execution_frequency: "pre_migration" }] },
});
// The suite says it started, then takes long enough to be killed in the middle.
const slowSuite = { ...fixtureScripts, "tests/regression.sh": "#!/bin/bash\necho suite >> log\ntouch suite-started\nsleep 30\n" };

async function killWhen(fixture: ReturnType<typeof writeRunFixture>, marker: string, ...args: string[]) {
  const started = fixture.start("run", fixture.plan, "--ignore-window", ...args);
  await waitForFile(fixture, marker);
  started.child.kill("SIGKILL");
  return started.exited;
}

describe("a SIGKILL in the middle of a regression suite", () => {
  it("leaves the suite in doubt until a person resolves it, then runs it again", async () => {
    const fixture = writeRunFixture({ plan: suitePlan, files: slowSuite });
    expect((await killWhen(fixture, "suite-started")).signal).toBe("SIGKILL");

    const resumed = await fixture.bascule("run", fixture.plan, "--ignore-window");
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(3);
    expect((await fixture.status()).waiting_for).toMatchObject({ kind: "in-doubt", stepId: "REG-1" });
    expect(fixture.lines("log")).toEqual(["suite"]);

    fixture.write("tests/regression.sh", "#!/bin/bash\necho suite >> log\n");
    const resolved = await fixture.bascule("resolve", fixture.plan, "REG-1", "--as", "rerun");
    expect(resolved.exitCode, resolved.stdout + resolved.stderr).toBe(0);
    const finished = await fixture.bascule("run", fixture.plan, "--ignore-window");
    expect(finished.exitCode, finished.stdout + finished.stderr).toBe(0);
    expect(fixture.lines("log")).toEqual(["suite", "suite", "STEP-1-1"]);
  }, 60_000);

  it("runs a suite bound as idempotent again by itself", async () => {
    const fixture = writeRunFixture({ plan: suitePlan, files: slowSuite, bindings: { idempotent_steps: ["REG-1"] } });
    await killWhen(fixture, "suite-started");
    fixture.write("tests/regression.sh", "#!/bin/bash\necho suite >> log\n");
    const resumed = await fixture.bascule("run", fixture.plan, "--ignore-window");
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    expect(fixture.lines("log")).toEqual(["suite", "suite", "STEP-1-1"]);
  }, 60_000);
});

describe("a SIGKILL in the middle of the monitoring period", () => {
  it("resumes the period with the deadline it started with, and ends it once", async () => {
    const fixture = writeRunFixture({
      plan: buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1")])], {
        monitoring_and_observability: {
          migration_monitoring: [{ metric_name: "Error count", measurement_method: "command: touch monitoring-read; echo 0", alert_threshold: "3", critical_threshold: "10" }],
        },
        // 4 hours at this scale: about 3 seconds, long enough to be killed in.
        post_migration: { monitoring_period: { duration: "4 hours" } },
      }),
      files: fixtureScripts,
    });
    await killWhen(fixture, "monitoring-read", "--time-scale", "0.0002");
    const before = (await fixture.events()).filter((e) => e.kind === "monitoring.started");
    expect(before).toHaveLength(1);

    const resumed = await fixture.bascule("run", fixture.plan, "--ignore-window");
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    const events = await fixture.events();
    expect(events.filter((e) => e.kind === "monitoring.started")).toEqual(before);
    expect(events.filter((e) => e.kind === "monitoring.finished")).toHaveLength(1);
    expect(events.filter((e) => e.kind === "step.started")).toHaveLength(1);
  }, 60_000);
});
