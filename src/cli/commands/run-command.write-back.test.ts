import jsYaml from "js-yaml";
import { afterAll, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureMetadata, fixtureScripts, type RunFixture, removeRunFixtures, writeRunFixture } from "../../testing/run-fixture.js";

afterAll(removeRunFixtures);

/** PHASE-1, a gate two roles approve, PHASE-2; with the sections a runner writes status back into. */
function gatePlan(secondCommand = "echo STEP-2-1 >> log") {
  return buildPlan(
    [
      buildPhase("PHASE-1", [buildStep("STEP-1-1")], {
        validation_gate: { gate_id: "GATE-1", approval_required: true, approvers: ["DBA Lead", "Product Owner"], failure_response: "block" },
      }),
      buildPhase("PHASE-2", [buildStep("STEP-2-1", { execution_details: { commands: [secondCommand] } })]),
    ],
    {
      prerequisites: [{ prerequisite_id: "PREREQ-1", name: "Backup taken", validation: { verification_method: "echo checked", status: "verified" } }],
      execution_timeline: { milestones: [{ milestone_id: "M-1", name: "Discounts live", status: "not_started" }] },
    },
  );
}

/** What a runner writing progress back into the plan file would change, by hand here. */
function writeStatusBack(fixture: RunFixture): void {
  const plan = jsYaml.load(fixture.read(fixture.plan)) as Record<string, Record<string, unknown>>;
  plan.metadata = { ...fixtureMetadata, migration_status: "completed", last_updated: "2026-03-02T10:00:00Z" };
  plan.execution_timeline = { milestones: [{ milestone_id: "M-1", name: "Discounts live", status: "completed" }] };
  plan.rollback_strategy = { rollback_testing: [{ rollback_scenario: "full rollback", tested: true, test_date: "2026-03-01", test_result: "passed" }] };
  fixture.write(fixture.plan, `# progress written back\n${jsYaml.dump(plan, { lineWidth: -1, sortKeys: true })}`);
}

describe("status written back into the plan between two runs", () => {
  it("neither voids the approvals given nor counts as a plan change: the run continues past its gate", async () => {
    const fixture = writeRunFixture({ plan: gatePlan(), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    expect((await fixture.bascule("approve", fixture.plan, "GATE-1", "--as", "DBA Lead")).exitCode).toBe(0);

    writeStatusBack(fixture);
    const second = await fixture.bascule("approve", fixture.plan, "GATE-1", "--as", "Product Owner");
    expect(second.exitCode).toBe(0);
    expect(second.stdout + second.stderr).not.toContain("the plan changed");

    const resumed = await fixture.bascule("run", fixture.plan);
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).not.toContain("plan changed");
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-2-1"]);
    const events = await fixture.events();
    const resumedEvents = events.filter((e) => e.kind === "run.resumed");
    expect(resumedEvents).toEqual([expect.objectContaining({ changedSteps: [] })]);
    // Not a new plan: the journal keeps no second copy of it.
    expect(resumedEvents[0]).not.toHaveProperty("planText");
    expect((await fixture.status()).phases[0]?.gate?.approvals).toEqual([
      { role: "DBA Lead", identity: "DBA Lead" },
      { role: "Product Owner", identity: "Product Owner" },
    ]);
  }, 60_000);

  it("still voids them on a real change, and still refuses a change to a step that ran", async () => {
    const fixture = writeRunFixture({ plan: gatePlan(), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    for (const role of ["DBA Lead", "Product Owner"]) expect((await fixture.bascule("approve", fixture.plan, "GATE-1", "--as", role)).exitCode).toBe(0);

    // A step not yet run changes: what was approved is not what would run.
    fixture.write(fixture.plan, gatePlan("echo STEP-2-1 changed >> log"));
    const changed = await fixture.bascule("run", fixture.plan);
    expect(changed.exitCode).toBe(3);
    expect(changed.stdout).toContain("plan changed in steps not yet run: STEP-2-1");
    expect((await fixture.status()).waiting_for).toMatchObject({ kind: "approvals", gateId: "GATE-1", roles: ["DBA Lead", "Product Owner"] });
    expect(fixture.lines("log")).toEqual(["STEP-1-1"]);

    // A step that ran changes, status written back or not: refused.
    writeStatusBack(fixture);
    const plan = fixture.read(fixture.plan).replace("echo STEP-1-1 >> log", "echo STEP-1-1 again >> log");
    fixture.write(fixture.plan, plan);
    const refused = await fixture.bascule("run", fixture.plan);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain("the plan changed in steps that already ran (STEP-1-1)");
  }, 60_000);
});
