import { afterAll, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, writeRunFixture } from "../../testing/run-fixture.js";

afterAll(removeRunFixtures);

type Fields = Readonly<Record<string, unknown>>;

/** Three steps; the middle one fails until a file `fixed` exists. */
function failingPlan(failureResponse: string, phaseFields: Fields = {}) {
  return buildPlan([
    buildPhase("PHASE-1", [buildStep("STEP-1-1"), buildStep("STEP-1-2", { execution_details: { commands: ["echo STEP-1-2 >> log", "test -f fixed"] } }), buildStep("STEP-1-3")], {
      validation_gate: { gate_id: "GATE-1", failure_response: failureResponse },
      ...phaseFields,
    }),
  ]);
}

describe("failure_response: block", () => {
  it("stops with exit 1; `bascule retry` after fixing the cause re-runs the failed step and completes", async () => {
    const fixture = writeRunFixture({ plan: failingPlan("block"), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(1);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "undo STEP-1-2"]);
    // Still blocked: a plain `run` does not go past the failure.
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(1);
    expect(fixture.lines("log")).toHaveLength(3);

    fixture.write("fixed", "");
    const retry = await fixture.bascule("retry", fixture.plan, "--as", "sre");
    expect(retry.exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "undo STEP-1-2", "STEP-1-2", "STEP-1-3"]);
    const status = await fixture.status();
    expect(status.run.status).toBe("completed");
    expect(status.phases[0]?.steps.map((s) => [s.step_id, s.status, s.attempt])).toEqual([
      ["STEP-1-1", "succeeded", 1],
      ["STEP-1-2", "succeeded", 2],
      ["STEP-1-3", "succeeded", 1],
    ]);
    expect(await fixture.events()).toContainEqual({ kind: "decision.recorded", decision: "retry", by: "sre" });
  });

  it("`bascule rollback --level phase` instead undoes what the phase did", async () => {
    const fixture = writeRunFixture({ plan: failingPlan("block"), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(1);
    const rollback = await fixture.bascule("rollback", fixture.plan, "--level", "phase");
    expect(rollback.exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "undo STEP-1-2", "undo STEP-1-1"]);
    const status = await fixture.status();
    expect(status.run.status).toBe("rolled_back");
    expect(status.rollback).toEqual({ level: "phase", outcome: "rolled_back", undone: ["STEP-1-1"], not_undone: [] });
    expect(status.phases[0]?.steps.map((s) => s.status)).toEqual(["rolled_back", "rolled_back", "pending"]);
  });
});

describe("failure_response: rollback", () => {
  it("runs the failed step's own rollback, then the phase's succeeded steps in reverse; exit 1, rolled_back", async () => {
    const plan = buildPlan([
      buildPhase("PHASE-1", [buildStep("STEP-1-1"), buildStep("STEP-1-2"), buildStep("STEP-1-3", { execution_details: { commands: ["echo STEP-1-3 >> log", "exit 3"] } })], {
        validation_gate: { gate_id: "GATE-1", failure_response: "rollback" },
      }),
    ]);
    const fixture = writeRunFixture({ plan, files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(1);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "STEP-1-3", "undo STEP-1-3", "undo STEP-1-2", "undo STEP-1-1"]);
    const status = await fixture.status();
    expect(status.run.status).toBe("rolled_back");
    expect(status.phases[0]?.status).toBe("rolled_back");
    expect(status.rollback).toEqual({ level: "phase", outcome: "rolled_back", undone: ["STEP-1-2", "STEP-1-1"], not_undone: [] });
  });

  it("undoes in the order the phase's rollback point names", async () => {
    const plan = buildPlan([
      buildPhase("PHASE-1", [buildStep("STEP-1-1"), buildStep("STEP-1-2"), buildStep("STEP-1-3", { execution_details: { commands: ["exit 1"] } })], {
        validation_gate: { gate_id: "GATE-1", failure_response: "rollback" },
        rollback_point: { can_rollback_from_here: true, rollback_procedure: "Execute rollback scripts STEP-1-1, STEP-1-2" },
      }),
    ]);
    const fixture = writeRunFixture({ plan, files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(1);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "undo STEP-1-3", "undo STEP-1-1", "undo STEP-1-2"]);
    expect((await fixture.status()).run.status).toBe("rolled_back");
  });
});

describe("failure_response: manual_decision", () => {
  async function pausedForDecision() {
    const fixture = writeRunFixture({ plan: failingPlan("manual_decision"), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    const status = await fixture.status();
    expect(status.run.status).toBe("paused");
    expect(status.waiting_for).toMatchObject({
      kind: "decision",
      phaseId: "PHASE-1",
      options: ["proceed", "retry", "rollback"],
      reason: expect.stringContaining('command "test -f fixed" exited with 1'),
    });
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "undo STEP-1-2"]);
    return fixture;
  }

  it("pauses (exit 3); `decide proceed` skips the failed step and goes on", async () => {
    const fixture = await pausedForDecision();
    expect((await fixture.bascule("decide", fixture.plan, "proceed", "--as", "incident-lead")).exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "undo STEP-1-2", "STEP-1-3"]);
    const status = await fixture.status();
    expect(status.run.status).toBe("completed");
    expect(status.phases[0]?.steps[1]).toMatchObject({ step_id: "STEP-1-2", status: "skipped" });
    expect(await fixture.events()).toContainEqual({ kind: "decision.recorded", decision: "proceed", by: "incident-lead" });
  });

  it("`decide retry` runs the failed step again", async () => {
    const fixture = await pausedForDecision();
    fixture.write("fixed", "");
    expect((await fixture.bascule("decide", fixture.plan, "retry")).exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "undo STEP-1-2", "STEP-1-2", "STEP-1-3"]);
    expect((await fixture.status()).run.status).toBe("completed");
  });

  it("`decide rollback` rolls the phase back (exit 1: the run failed and was rolled back)", async () => {
    const fixture = await pausedForDecision();
    expect((await fixture.bascule("decide", fixture.plan, "rollback")).exitCode).toBe(1);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "undo STEP-1-2", "undo STEP-1-1"]);
    expect((await fixture.status()).run.status).toBe("rolled_back");
  });

  it("refuses a decision the run does not wait for (exit 2)", async () => {
    const fixture = writeRunFixture({ plan: failingPlan("block"), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(1);
    const proceed = await fixture.bascule("decide", fixture.plan, "proceed");
    expect(proceed.exitCode).toBe(2);
    expect(proceed.stderr).toContain("allowed now: retry, rollback");
    expect(fixture.lines("log")).not.toContain("STEP-1-3");
  });

  it("applies to a gate whose own checks fail", async () => {
    const plan = buildPlan([
      buildPhase("PHASE-1", [buildStep("STEP-1-1")], { validation_gate: { gate_id: "GATE-1", criteria: ["Row counts match"], failure_response: "manual_decision" } }),
      buildPhase("PHASE-2", [buildStep("STEP-2-1")]),
    ]);
    const fixture = writeRunFixture({ plan, files: fixtureScripts, bindings: { checks: { "Row counts match": "test -f counts-match" } } });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    let status = await fixture.status();
    expect(status.phases[0]?.gate?.status).toBe("failed");
    expect(status.waiting_for).toMatchObject({ kind: "decision", options: ["proceed", "retry", "rollback"] });
    fixture.write("counts-match", "");
    expect((await fixture.bascule("decide", fixture.plan, "retry")).exitCode).toBe(0);
    status = await fixture.status();
    expect(status.phases[0]?.gate?.status).toBe("passed");
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-2-1"]);
  });
});

/** Two phases of two steps each, with level scripts that log themselves. */
function twoPhasePlan(firstPhase: Fields = {}, extra: Fields = {}) {
  return buildPlan(
    [buildPhase("PHASE-1", [buildStep("STEP-1-1"), buildStep("STEP-1-2")], firstPhase), buildPhase("PHASE-2", [buildStep("STEP-2-1"), buildStep("STEP-2-2")])],
    extra,
  );
}

const ranAll = ["STEP-1-1", "STEP-1-2", "STEP-2-1", "STEP-2-2"];

describe("bascule rollback --level", () => {
  it("step: undoes the last step that ran", async () => {
    const fixture = writeRunFixture({ plan: twoPhasePlan(), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    const rollback = await fixture.bascule("rollback", fixture.plan, "--level", "step", "--as", "sre", "--reason", "latency up");
    expect(rollback.exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual([...ranAll, "undo STEP-2-2"]);
    const status = await fixture.status();
    expect(status.rollback).toEqual({ level: "step", outcome: "rolled_back", undone: ["STEP-2-2"], not_undone: [] });
    expect(await fixture.events()).toContainEqual(
      expect.objectContaining({ kind: "rollback.started", level: "step", trigger: "operator", reason: "latency up", by: "sre", plannedSteps: ["STEP-2-2"] }),
    );
  });

  it("phase: undoes the latest phase's steps in reverse", async () => {
    const fixture = writeRunFixture({ plan: twoPhasePlan(), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    expect((await fixture.bascule("rollback", fixture.plan, "--level", "phase")).exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual([...ranAll, "undo STEP-2-2", "undo STEP-2-1"]);
    const status = await fixture.status();
    expect(status.phases.map((p) => p.status)).toEqual(["completed", "rolled_back"]);
  });

  it("full: undoes every phase in reverse, then runs the level's own procedure", async () => {
    const fixture = writeRunFixture({
      plan: twoPhasePlan({}, { rollback_strategy: { rollback_levels: [{ level: "full", rollback_procedure: { automation_script: "scripts/full.sh" } }] } }),
      files: { ...fixtureScripts, "scripts/full.sh": "#!/bin/bash\necho full-level >> log\n" },
    });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    expect((await fixture.bascule("rollback", fixture.plan, "--level", "full")).exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual([...ranAll, "undo STEP-2-2", "undo STEP-2-1", "undo STEP-1-2", "undo STEP-1-1", "full-level"]);
    const status = await fixture.status();
    expect(status.run.status).toBe("rolled_back");
    expect(status.rollback).toEqual({ level: "full", outcome: "rolled_back", undone: ["STEP-2-2", "STEP-2-1", "STEP-1-2", "STEP-1-1"], not_undone: [] });
  });

  it("full, from a paused run: undoes what ran so far", async () => {
    const fixture = writeRunFixture({
      plan: twoPhasePlan({ validation_gate: { gate_id: "GATE-1", approval_required: true, approvers: ["DBA Lead"] } }),
      files: fixtureScripts,
    });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    expect((await fixture.bascule("rollback", fixture.plan, "--level", "full")).exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "undo STEP-1-2", "undo STEP-1-1"]);
    const status = await fixture.status();
    expect(status.run.status).toBe("rolled_back");
    expect(status.waiting_for).toBeUndefined();
  });

  it("full stops at a wall (can_rollback_from_here: false), and status says so", async () => {
    const fixture = writeRunFixture({
      plan: twoPhasePlan({ rollback_point: { can_rollback_from_here: false, rollback_procedure: "Restore from backup by hand" } }),
      files: fixtureScripts,
    });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    const rollback = await fixture.bascule("rollback", fixture.plan, "--level", "full");
    // Phase 2 is undone, phase 1 is not: the system is between states.
    expect(rollback.exitCode).toBe(4);
    expect(fixture.lines("log")).toEqual([...ranAll, "undo STEP-2-2", "undo STEP-2-1"]);
    const status = await fixture.status();
    expect(status.run.status).toBe("rollback_failed");
    expect(status.rollback).toMatchObject({ level: "full", outcome: "rollback_failed", undone: ["STEP-2-2", "STEP-2-1"], wall: "PHASE-1" });
    expect(status.phases[0]?.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded"]);
    const text = await fixture.bascule("status", fixture.plan);
    expect(text.stdout).toContain("wall at PHASE-1");
  });

  it("stops at a step that cannot be rolled back (can_rollback: false), saying why", async () => {
    const plan = buildPlan([
      buildPhase("PHASE-1", [buildStep("STEP-1-1")], { validation_gate: { gate_id: "GATE-1", approval_required: true, approvers: ["DBA Lead"] } }),
      buildPhase("PHASE-2", [buildStep("STEP-2-1", { rollback_procedure: { can_rollback: false } }), buildStep("STEP-2-2")]),
    ]);
    const fixture = writeRunFixture({ plan, files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    expect((await fixture.bascule("approve", fixture.plan, "GATE-1", "--as", "DBA Lead")).exitCode).toBe(0);
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    expect((await fixture.bascule("rollback", fixture.plan, "--level", "full")).exitCode).toBe(4);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-2-1", "STEP-2-2", "undo STEP-2-2"]);
    const status = await fixture.status();
    expect(status.rollback?.undone).toEqual(["STEP-2-2"]);
    expect(status.rollback?.not_undone).toEqual([
      { step_id: "STEP-2-1", reason: "it cannot be rolled back (can_rollback: false)" },
      { step_id: "STEP-1-1", reason: expect.stringContaining("not reached") },
    ]);
  });

  it("pauses for attestation at a step whose rollback is a checklist, not a script", async () => {
    const plan = buildPlan([
      buildPhase("PHASE-1", [buildStep("STEP-1-1", { rollback_procedure: { rollback_steps: ["Restore the cart table from backup"] } }), buildStep("STEP-1-2")]),
    ]);
    const fixture = writeRunFixture({ plan, files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    expect((await fixture.bascule("rollback", fixture.plan, "--level", "phase")).exitCode).toBe(3);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "undo STEP-1-2"]);
    const status = await fixture.status();
    expect(status.waiting_for).toMatchObject({
      kind: "attestations",
      items: [{ text: "Restore the cart table from backup", field: "rollback_steps", scope: { kind: "rollback", stepId: "STEP-1-1" } }],
    });
    expect(status.rollback).toMatchObject({ level: "phase", undone: ["STEP-1-2"] });
    expect(status.rollback?.outcome).toBeUndefined();

    expect((await fixture.bascule("attest", fixture.plan, "Restore the cart table from backup", "--by", "dba", "--evidence", "restored 10:42")).exitCode).toBe(0);
    await fixture.bascule("run", fixture.plan);
    const after = await fixture.status();
    expect(after.run.status).toBe("rolled_back");
    expect(after.rollback).toEqual({ level: "phase", outcome: "rolled_back", undone: ["STEP-1-2", "STEP-1-1"], not_undone: [] });
  });

  it("refuses when there is no run to roll back (exit 2)", async () => {
    const fixture = writeRunFixture({ plan: twoPhasePlan(), files: fixtureScripts });
    const rollback = await fixture.bascule("rollback", fixture.plan, "--level", "full");
    expect(rollback.exitCode).toBe(2);
    expect(rollback.stderr).toContain("no run of migration-strategy.yaml to continue");
  });
});

describe("bascule rollback with nothing to undo", () => {
  it("refuses with exit 2 instead of reporting a rollback that undid nothing", async () => {
    const fixture = writeRunFixture({ plan: buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1")])]), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan, "--ignore-window")).exitCode).toBe(0);
    expect((await fixture.bascule("rollback", fixture.plan, "--level", "full")).exitCode).toBe(0);
    const again = await fixture.bascule("rollback", fixture.plan, "--level", "full");
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain("nothing to roll back at level full");
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "undo STEP-1-1"]);
  });
});

describe("a refused command writes nothing", () => {
  it("leaves a run paused for an attestation as it was: refused rollback and decision, then status, runs and attest agree", async () => {
    const plan = buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1"), buildStep("STEP-1-2")], { start_condition: ["Change freeze lifted"] })]);
    const fixture = writeRunFixture({ plan, files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    const records = await fixture.records();
    const paused = await fixture.status();
    expect(paused.run.status).toBe("paused");
    expect(paused.waiting_for).toMatchObject({ kind: "attestations", items: [expect.objectContaining({ text: "Change freeze lifted" })] });

    const rollback = await fixture.bascule("rollback", fixture.plan, "--level", "step");
    expect(rollback.exitCode).toBe(2);
    expect(rollback.stderr).toContain("nothing to roll back at level step");
    const decide = await fixture.bascule("decide", fixture.plan, "proceed");
    expect(decide.exitCode).toBe(2);
    expect(decide.stderr).toContain("paused for attestations");
    expect(await fixture.records()).toEqual(records);
    expect(await fixture.status()).toEqual(paused);
    const runs = JSON.parse((await fixture.bascule("runs", fixture.plan, "--json")).stdout) as { runs: { status: string }[] };
    expect(runs.runs.map((r) => r.status)).toEqual(["paused"]);

    expect((await fixture.bascule("attest", fixture.plan, "Change freeze lifted", "--by", "sre")).exitCode).toBe(0);
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2"]);
  });
});
