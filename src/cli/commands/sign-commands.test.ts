import { afterAll, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, type RunFixture, writeRunFixture } from "../../testing/run-fixture.js";

afterAll(removeRunFixtures);

/** PHASE-1, then a gate two roles must approve, then PHASE-2. */
function approvalPlan(secondPhaseCommand = "echo STEP-2-1 >> log", failureResponse = "block") {
  return buildPlan([
    buildPhase("PHASE-1", [buildStep("STEP-1-1")], {
      validation_gate: { gate_id: "GATE-1", approval_required: true, approvers: ["DBA Lead", "Product Owner"], failure_response: failureResponse },
    }),
    buildPhase("PHASE-2", [buildStep("STEP-2-1", { execution_details: { commands: [secondPhaseCommand] } })]),
  ]);
}

async function approve(fixture: RunFixture, ...args: string[]) {
  return fixture.bascule("approve", fixture.plan, "GATE-1", ...args);
}

describe("bascule approve", () => {
  it("with policy all, keeps the run paused until every role has approved", async () => {
    const fixture = writeRunFixture({ plan: approvalPlan(), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    let status = await fixture.status();
    expect(status.waiting_for).toMatchObject({ kind: "approvals", gateId: "GATE-1", roles: ["DBA Lead", "Product Owner"], policy: "all" });
    expect(status.phases[0]?.gate?.status).toBe("awaiting_approval");
    expect(fixture.lines("log")).toEqual(["STEP-1-1"]);

    expect((await approve(fixture, "--as", "DBA Lead")).exitCode).toBe(0);
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    status = await fixture.status();
    expect(status.waiting_for).toMatchObject({ kind: "approvals", roles: ["Product Owner"] });
    expect(fixture.lines("log")).toEqual(["STEP-1-1"]);

    expect((await approve(fixture, "--as", "Product Owner", "--comment", "numbers look right")).exitCode).toBe(0);
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    status = await fixture.status();
    expect(status.phases[0]?.gate).toEqual({
      gate_id: "GATE-1",
      status: "passed",
      approvals: [
        { role: "DBA Lead", identity: "DBA Lead" },
        { role: "Product Owner", identity: "Product Owner" },
      ],
    });
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-2-1"]);
    expect(await fixture.events()).toContainEqual(expect.objectContaining({ kind: "approval.recorded", role: "Product Owner", comment: "numbers look right" }));
  });

  it("with policy any (bindings), goes on after one approval", async () => {
    const fixture = writeRunFixture({ plan: approvalPlan(), files: fixtureScripts, bindings: { approval: { policy: "any" } } });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    expect((await fixture.status()).waiting_for).toMatchObject({ kind: "approvals", policy: "any" });
    expect((await approve(fixture, "--as", "Product Owner")).exitCode).toBe(0);
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-2-1"]);
  });

  it("refuses the run's starter (exit 2)", async () => {
    const fixture = writeRunFixture({
      plan: approvalPlan(),
      files: fixtureScripts,
      bindings: { approvers: { "DBA Lead": ["alice", "dana"], "Product Owner": ["paul"] } },
      env: { BASCULE_ACTOR: "alice" },
    });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    const refused = await approve(fixture, "--as", "alice");
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain("alice started this run and cannot approve its gates");
    expect((await fixture.events()).some((e) => e.kind === "approval.recorded")).toBe(false);
    // The role is still open to someone else.
    expect((await approve(fixture, "--as", "dana")).exitCode).toBe(0);
    expect((await approve(fixture, "--as", "paul")).exitCode).toBe(0);
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
  });

  it("does not let one identity fill two roles", async () => {
    const fixture = writeRunFixture({
      plan: approvalPlan(),
      files: fixtureScripts,
      bindings: { approvers: { "DBA Lead": ["bob"], "Product Owner": ["bob", "paula"] } },
    });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    const ambiguous = await approve(fixture, "--as", "bob");
    expect(ambiguous.exitCode).toBe(2);
    expect(ambiguous.stderr).toContain("bob may sign GATE-1 as DBA Lead or Product Owner; say which role; next: `--role DBA Lead|Product Owner`");
    expect((await approve(fixture, "--as", "bob", "--role", "DBA Lead")).exitCode).toBe(0);
    const second = await approve(fixture, "--as", "bob", "--role", "Product Owner");
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toContain("one person cannot fill two roles");
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    expect((await fixture.status()).waiting_for).toMatchObject({ kind: "approvals", roles: ["Product Owner"] });
    expect((await approve(fixture, "--as", "paula")).exitCode).toBe(0);
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
  });

  it("with --reject, fails the gate and applies its failure_response", async () => {
    const fixture = writeRunFixture({ plan: approvalPlan(undefined, "rollback"), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    expect((await approve(fixture, "--as", "DBA Lead", "--reject", "--comment", "row counts differ")).exitCode).toBe(0);
    const run = await fixture.bascule("run", fixture.plan);
    expect(run.exitCode).toBe(1);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "undo STEP-1-1"]);
    const status = await fixture.status();
    expect(status.run.status).toBe("rolled_back");
    expect(status.run.reason).toBe("DBA Lead (DBA Lead) rejected gate GATE-1: row counts differ");
    expect(status.phases[0]?.gate?.status).toBe("failed");
    expect(status.phases[1]?.steps[0]?.status).toBe("pending");
  });

  it("voids approvals when the plan changes before the gate passes", async () => {
    const fixture = writeRunFixture({ plan: approvalPlan(), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    expect((await approve(fixture, "--as", "DBA Lead")).exitCode).toBe(0);
    expect((await approve(fixture, "--as", "Product Owner")).exitCode).toBe(0);
    // A change to a step not yet run is allowed, but the approvers did not see it.
    fixture.write(fixture.plan, approvalPlan("echo STEP-2-1 edited >> log"));
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    const status = await fixture.status();
    expect(status.waiting_for).toMatchObject({ kind: "approvals", roles: ["DBA Lead", "Product Owner"] });
    expect(fixture.lines("log")).toEqual(["STEP-1-1"]);
    expect((await approve(fixture, "--as", "DBA Lead")).exitCode).toBe(0);
    expect((await approve(fixture, "--as", "Product Owner")).exitCode).toBe(0);
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-2-1 edited"]);
  });

  it("refuses a gate that does not wait for approval, with a suggestion for a typo", async () => {
    const fixture = writeRunFixture({ plan: approvalPlan(), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    const typo = await fixture.bascule("approve", fixture.plan, "GATE-l", "--as", "DBA Lead");
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('did you mean "GATE-1"?');
  });
});

describe("bascule attest", () => {
  const attestPlan = () =>
    buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1", { validation: { validation_checks: ["No customer complaints in the queue"] } }), buildStep("STEP-1-2")])]);

  it("requires the check's exact text: a typo exits 2 and suggests the text", async () => {
    const fixture = writeRunFixture({ plan: attestPlan(), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    expect((await fixture.status()).waiting_for).toMatchObject({
      kind: "attestations",
      items: [{ text: "No customer complaints in the queue", field: "validation.validation_checks", scope: { kind: "step", stepId: "STEP-1-1" } }],
    });
    const typo = await fixture.bascule("attest", fixture.plan, "No customer complaint in the queue", "--by", "support");
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('did you mean "No customer complaints in the queue"?');
    expect((await fixture.events()).some((e) => e.kind === "attestation.recorded")).toBe(false);
  });

  it("keeps who attested and the evidence in the journal, and the run goes on", async () => {
    const fixture = writeRunFixture({ plan: attestPlan(), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    const attest = await fixture.bascule("attest", fixture.plan, "No customer complaints in the queue", "--by", "support-lead", "--evidence", "https://tickets/q?since=1h");
    expect(attest.exitCode).toBe(0);
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    const events = await fixture.events();
    expect(events).toContainEqual(
      expect.objectContaining({
        kind: "attestation.recorded",
        text: "No customer complaints in the queue",
        by: "support-lead",
        verdict: "passed",
        evidence: "https://tickets/q?since=1h",
        scope: { kind: "step", stepId: "STEP-1-1" },
      }),
    );
    expect(events).toContainEqual(expect.objectContaining({ kind: "check.evaluated", via: "attestation", verdict: "passed", detail: "attested by support-lead" }));
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2"]);
  });

  it("with --failed, fails the step", async () => {
    const fixture = writeRunFixture({ plan: attestPlan(), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    expect((await fixture.bascule("attest", fixture.plan, "No customer complaints in the queue", "--by", "support", "--failed")).exitCode).toBe(0);
    const run = await fixture.bascule("run", fixture.plan);
    expect(run.exitCode).toBe(1);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "undo STEP-1-1"]);
    const status = await fixture.status();
    expect(status.run.status).toBe("failed");
    expect(status.run.reason).toBe('check "No customer complaints in the queue" failed (attestation)');
    expect(status.phases[0]?.steps[1]?.status).toBe("pending");
  });

  it("refuses when nothing waits for an attestation", async () => {
    const fixture = writeRunFixture({ plan: attestPlan(), files: fixtureScripts });
    const none = await fixture.bascule("attest", fixture.plan, "No customer complaints in the queue");
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain("no run of migration-strategy.yaml yet");
  });
});

describe("bascule resolve: a step in doubt after a crash", () => {
  // The first time, the command kills the engine running it (its parent, a real `bascule`
  // process) mid-step, so the journal holds the step's action started and never finished.
  const crashing = 'if [ -f crashed ]; then echo "STEP-1-2 again" >> log; else touch crashed; echo STEP-1-2 >> log; kill -9 $PPID; sleep 0.5; fi';
  const crashPlan = (fields: Readonly<Record<string, unknown>> = {}) =>
    buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1"), buildStep("STEP-1-2", { execution_details: { commands: [crashing] }, ...fields }), buildStep("STEP-1-3")])]);

  async function crash(fixture: RunFixture) {
    const killed = fixture.spawnSync("run", fixture.plan);
    expect(killed.exitCode).toBe(-1);
    const events = await fixture.events();
    const started = events.filter((e) => e.kind === "action.started").map((e) => (e.kind === "action.started" ? e.actionId : ""));
    const finished = new Set(events.filter((e) => e.kind === "action.finished").map((e) => (e.kind === "action.finished" ? e.actionId : "")));
    expect(started.filter((id) => !finished.has(id))).toEqual(["step:STEP-1-2#1#command:0"]);
  }

  async function pausedInDoubt(fixture: RunFixture) {
    await crash(fixture);
    const run = await fixture.bascule("run", fixture.plan);
    expect(run.exitCode).toBe(3);
    const status = await fixture.status();
    expect(status.waiting_for).toEqual({
      kind: "in-doubt",
      stepId: "STEP-1-2",
      actionId: "step:STEP-1-2#1#command:0",
      remedies: [{ kind: "resolve", stepId: "STEP-1-2" }],
      next: [`bascule resolve ${fixture.plan} STEP-1-2 --as succeeded|failed|rerun`],
    });
    expect(status.phases[0]?.steps[1]?.status).toBe("in_doubt");
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2"]);
  }

  it("pauses on resume, and --as rerun runs the step again", async () => {
    const fixture = writeRunFixture({ plan: crashPlan(), files: fixtureScripts });
    await pausedInDoubt(fixture);
    expect((await fixture.bascule("resolve", fixture.plan, "STEP-1-2", "--as", "rerun", "--by", "sre")).exitCode).toBe(0);
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "STEP-1-2 again", "STEP-1-3"]);
    expect(await fixture.events()).toContainEqual({ kind: "step.resolved", stepId: "STEP-1-2", as: "rerun", by: "sre", automatic: false });
    expect((await fixture.status()).phases[0]?.steps[1]).toEqual({ step_id: "STEP-1-2", status: "succeeded", attempt: 2 });
  });

  it("--as succeeded goes on without running it again", async () => {
    const fixture = writeRunFixture({ plan: crashPlan(), files: fixtureScripts });
    await pausedInDoubt(fixture);
    expect((await fixture.bascule("resolve", fixture.plan, "STEP-1-2", "--as", "succeeded", "--by", "sre")).exitCode).toBe(0);
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "STEP-1-3"]);
  });

  it("--as failed fails the step: its own rollback runs, then the gate's response (block: exit 1)", async () => {
    const fixture = writeRunFixture({ plan: crashPlan(), files: fixtureScripts });
    await pausedInDoubt(fixture);
    expect((await fixture.bascule("resolve", fixture.plan, "STEP-1-2", "--as", "failed", "--by", "sre")).exitCode).toBe(0);
    const run = await fixture.bascule("run", fixture.plan);
    expect(run.exitCode).toBe(1);
    const status = await fixture.status();
    expect(status.run.status).toBe("failed");
    expect(status.run.reason).toContain("resolved as failed by sre");
    // Whatever the interrupted command changed may be in place: SEMANTICS 5 undoes a failed step first.
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "undo STEP-1-2"]);
    expect(fixture.lines("log")).not.toContain("STEP-1-3");
    const rollback = await fixture.bascule("rollback", fixture.plan, "--level", "phase");
    expect(rollback.exitCode).toBe(0);
    expect(fixture.lines("log").filter((line) => line.startsWith("undo"))).toEqual(["undo STEP-1-2", "undo STEP-1-1"]);
  });

  it("refuses to resolve a step that is not in doubt", async () => {
    const fixture = writeRunFixture({ plan: crashPlan(), files: fixtureScripts });
    await pausedInDoubt(fixture);
    const wrong = await fixture.bascule("resolve", fixture.plan, "STEP-1-1", "--as", "rerun");
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toContain("step STEP-1-1 is not in doubt (it is succeeded)");
  });

  it("re-runs a step marked x-idempotent by itself", async () => {
    const fixture = writeRunFixture({ plan: crashPlan({ "x-idempotent": true }), files: fixtureScripts });
    await crash(fixture);
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "STEP-1-2 again", "STEP-1-3"]);
    expect(await fixture.events()).toContainEqual({ kind: "step.resolved", stepId: "STEP-1-2", as: "rerun", by: "bascule", automatic: true });
  });

  it("re-runs a step the bindings list in idempotent_steps by itself", async () => {
    const fixture = writeRunFixture({ plan: crashPlan(), files: fixtureScripts, bindings: { idempotent_steps: ["STEP-1-2"] } });
    await crash(fixture);
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "STEP-1-2 again", "STEP-1-3"]);
  });
});
