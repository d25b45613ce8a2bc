import { describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, type RunFixture, writeRunFixture } from "../../testing/run-fixture.js";

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
    expect(ambiguous.stderr).toContain("choose one with --role");
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
    buildPlan([
      buildPhase("PHASE-1", [
        buildStep("STEP-1-1", { validation: { validation_checks: ["No customer complaints in the queue"] } }),
        buildStep("STEP-1-2"),
      ]),
    ]);

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
