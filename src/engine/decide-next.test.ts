import { describe, expect, it } from "vitest";
import { RunSimulation } from "../testing/simulate-run.js";
import { readExamplePlan } from "../testing/lint-fixture.js";
import { foldJournal } from "./fold-journal.js";
import { planRollback } from "./plan-rollback.js";

const twoSteps = (failureResponse = "rollback", extra = "") => `
migration_phases:
  - phase_id: P1
    order: 1
    steps:
      - step_id: S1
        order: 1
        execution_details: { commands: ["apply-1"] }
        rollback_procedure: { can_rollback: true, rollback_script: "undo-1.sh" }
      - step_id: S2
        order: 2
        execution_details: { commands: ["apply-2a", "apply-2b"] }
        rollback_procedure: { can_rollback: true, rollback_script: "undo-2.sh" }
${extra}
    validation_gate:
      gate_id: G1
      failure_response: ${failureResponse}
`;

const failing = (command: string) => (effect: { run: { kind: string; command?: string } }) =>
  effect.run.kind === "shell" && effect.run.command === command ? { outcome: { kind: "exited" as const, exitCode: 1 } } : undefined;

describe("decideNext", () => {
  it("runs phases, steps and commands in order, each action bracketed by its start and finish", () => {
    const sim = new RunSimulation(twoSteps());
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
    expect(sim.ran()).toEqual(["apply-1", "apply-2a", "apply-2b"]);
    expect(sim.kinds().filter((k) => !k.startsWith("action") && k !== "check.evaluated")).toEqual([
      "run.created",
      "window.checked",
      "phase.started",
      "step.started",
      "step.succeeded",
      "step.started",
      "step.succeeded",
      "gate.started",
      "gate.passed",
      "phase.completed",
      "completion.reached",
      "run.finished",
    ]);
  });

  it("stops a step at its first failing command, undoes it, then rolls the phase back (failure_response: rollback)", () => {
    const sim = new RunSimulation(twoSteps("rollback"), { outcome: failing("apply-2a") });
    expect(sim.advance()).toEqual({ kind: "finish", status: "rolled_back" });
    expect(sim.ran()).toEqual(["apply-1", "apply-2a", "undo-2.sh", "undo-1.sh"]);
    expect(sim.state.steps.get("S1")?.status).toBe("rolled_back");
    expect(sim.state.steps.get("S2")?.status).toBe("rolled_back");
  });

  it("undoes the steps a rollback point names, in the order named", () => {
    const plan = `${twoSteps("rollback")}    rollback_point: { can_rollback_from_here: true, rollback_procedure: "Execute rollback scripts S1 then S2" }\n`;
    const sim = new RunSimulation(plan.replace('"apply-2b"]', '"apply-2b", "boom"]'), { outcome: failing("boom") });
    sim.advance();
    // S2 undoes itself first on failure; then the phase rollback names S1 before S2, and S2 is already undone.
    expect(sim.ran().slice(-2)).toEqual(["undo-2.sh", "undo-1.sh"]);
    expect(sim.events.filter((e) => e.kind === "rollback.started").map((e) => e.kind === "rollback.started" && e.plannedSteps)).toEqual([["S2"], ["S1"]]);
  });

  it("blocks (exit 1) and retries the failed step on decision", () => {
    let broken = true;
    const sim = new RunSimulation(twoSteps("block"), {
      outcome: (e) => (broken && e.run.kind === "shell" && e.run.command === "apply-2b" ? { outcome: { kind: "exited", exitCode: 3 } } : undefined),
    });
    expect(sim.advance()).toEqual({ kind: "finish", status: "failed" });
    expect(sim.state.awaitingDecision?.options).toEqual(["retry", "rollback"]);
    expect(sim.state.steps.get("S2")).toMatchObject({ status: "rolled_back", attempt: 1 });
    broken = false;
    sim.record({ kind: "decision.recorded", decision: "retry", by: "oncall" });
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
    expect(sim.state.steps.get("S2")).toMatchObject({ status: "succeeded", attempt: 2 });
    expect(sim.ran()).toEqual(["apply-1", "apply-2a", "apply-2b", "undo-2.sh", "apply-2a", "apply-2b"]);
  });

  it("pauses for a decision (manual_decision); proceed skips the failed step and goes on", () => {
    const sim = new RunSimulation(twoSteps("manual_decision"), { outcome: failing("apply-1") });
    expect(sim.advance()).toMatchObject({ kind: "pause", waitingFor: { kind: "decision", options: ["proceed", "retry", "rollback"] } });
    sim.record({ kind: "decision.recorded", decision: "proceed", by: "lead" });
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
    expect(sim.state.steps.get("S1")?.status).toBe("skipped");
    expect(sim.state.steps.get("S2")?.status).toBe("succeeded");
  });

  it("a decision to roll back undoes the phase's succeeded steps", () => {
    const sim = new RunSimulation(twoSteps("manual_decision"), { outcome: failing("apply-2b") });
    sim.advance();
    sim.record({ kind: "decision.recorded", decision: "rollback", by: "lead" });
    expect(sim.advance()).toEqual({ kind: "finish", status: "rolled_back" });
    expect(sim.ran().slice(-2)).toEqual(["undo-2.sh", "undo-1.sh"]);
  });

  it("ends rollback_failed when a rollback script fails, saying what was and was not undone", () => {
    const sim = new RunSimulation(twoSteps("rollback"), {
      outcome: (e) =>
        (e.run.kind === "shell" && e.run.command === "apply-2b") || (e.run.kind === "script" && e.run.path === "undo-1.sh")
          ? { outcome: { kind: "exited", exitCode: 1 } }
          : undefined,
    });
    expect(sim.advance()).toEqual({ kind: "finish", status: "rollback_failed" });
    const finished = sim.events.filter((e) => e.kind === "rollback.finished").at(-1);
    expect(finished).toMatchObject({ outcome: "rollback_failed", undone: [], notUndone: ["S1"] });
    expect(sim.state.steps.get("S2")?.status).toBe("rolled_back");
  });

  it("stays rollback_failed when the failed step's own rollback fails, whatever its gate's failure_response", () => {
    for (const response of ["rollback", "block", "manual_decision"]) {
      const sim = new RunSimulation(twoSteps(response), {
        outcome: (e) =>
          (e.run.kind === "shell" && e.run.command === "apply-2b") || (e.run.kind === "script" && e.run.path === "undo-2.sh")
            ? { outcome: { kind: "exited", exitCode: 1 } }
            : undefined,
      });
      expect(sim.advance()).toEqual({ kind: "finish", status: "rollback_failed" });
      // Nothing after the failed rollback runs or reopens the run: S1's change stays, as the journal says.
      expect(sim.ran()).toEqual(["apply-1", "apply-2a", "apply-2b", "undo-2.sh"]);
      expect(sim.events.filter((e) => e.kind === "run.finished")).toEqual([expect.objectContaining({ status: "rollback_failed" })]);
      expect(sim.state.status).toBe("rollback_failed");
    }
  });

  it("says loudly that an irreversible step stays in place", () => {
    const plan = twoSteps("block").replace('{ can_rollback: true, rollback_script: "undo-2.sh" }', "{ can_rollback: false }");
    const sim = new RunSimulation(plan, { outcome: failing("apply-2a") });
    sim.advance();
    const failed = sim.events.find((e) => e.kind === "phase.failed");
    expect(failed).toMatchObject({ reason: expect.stringContaining("S2 cannot be rolled back (can_rollback: false), so its change stays in place") });
    expect(sim.ran()).not.toContain("undo-2.sh");
  });

  it("marks a step whose action never finished as in doubt, and re-runs it only when idempotent", () => {
    for (const idempotent of [false, true]) {
      const sim = new RunSimulation(twoSteps(), { idempotentSteps: idempotent ? ["S1"] : [] });
      sim.record(
        { kind: "window.checked", window: "anytime", inside: true },
        { kind: "phase.started", phaseId: "P1" },
        { kind: "step.started", stepId: "S1", phaseId: "P1", attempt: 1 },
      );
      sim.record({ kind: "action.started", actionId: "step:S1#1#command:0", scope: { kind: "step", stepId: "S1" }, action: { kind: "command", index: 0, command: "apply-1" } });
      if (!idempotent) {
        expect(sim.advance()).toMatchObject({ kind: "pause", waitingFor: { kind: "in-doubt", stepId: "S1" } });
        sim.record({ kind: "step.resolved", stepId: "S1", as: "rerun", by: "oncall", automatic: false });
      }
      expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
      expect(sim.state.steps.get("S1")).toMatchObject({ status: "succeeded", attempt: 2 });
      expect(sim.ran()).toEqual(["apply-1", "apply-2a", "apply-2b"]);
    }
  });

  it("continues after a crash between two finished actions without redoing either", () => {
    const sim = new RunSimulation(twoSteps());
    sim.record(
      { kind: "window.checked", window: "anytime", inside: true },
      { kind: "phase.started", phaseId: "P1" },
      { kind: "step.started", stepId: "S1", phaseId: "P1", attempt: 1 },
    );
    sim.record(
      { kind: "action.started", actionId: "step:S1#1#command:0", scope: { kind: "step", stepId: "S1" }, action: { kind: "command", index: 0, command: "apply-1" } },
      {
        kind: "action.finished",
        actionId: "step:S1#1#command:0",
        scope: { kind: "step", stepId: "S1" },
        outcome: { kind: "exited", exitCode: 0 },
        succeeded: true,
        durationMs: 1,
        outputTail: "",
      },
    );
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
    expect(sim.ran()).toEqual(["apply-2a", "apply-2b"]);
  });

  it("references and bound checks decide themselves; prose waits for a person", () => {
    const plan = twoSteps().replace(
      'execution_details: { commands: ["apply-2a", "apply-2b"] }',
      'preconditions: ["S1 successful", "Disk has room", "Coffee made"]\n        execution_details: { commands: ["apply-2a", "apply-2b"] }',
    );
    const sim = new RunSimulation(plan, { checks: { "Disk has room": "df-check" } });
    expect(sim.advance()).toMatchObject({ kind: "pause", waitingFor: { kind: "attestations", items: [{ text: "Coffee made" }] } });
    expect(sim.ran()).toEqual(["apply-1", "df-check"]);
    sim.attestAll("barista");
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
    const attested = sim.events.find((e) => e.kind === "check.evaluated" && e.text === "Coffee made");
    expect(attested).toMatchObject({ via: "attestation", verdict: "passed" });
  });

  it("fails a step whose precondition is attested as not holding", () => {
    const plan = twoSteps("block").replace(
      'execution_details: { commands: ["apply-1"] }',
      'preconditions: ["Freeze lifted"]\n        execution_details: { commands: ["apply-1"] }',
    );
    const sim = new RunSimulation(plan);
    sim.advance();
    sim.attestAll("lead", "failed");
    expect(sim.advance()).toEqual({ kind: "finish", status: "failed" });
    expect(sim.ran()).toEqual([]);
  });

  it("pauses outside the migration window unless told to ignore it", () => {
    const plan = `migration_overview:\n  constraints:\n    migration_window: "Saturdays 02:00-06:00 UTC"\n${twoSteps()}`;
    const monday = Date.parse("2025-10-06T15:00:00Z");
    const blocked = new RunSimulation(plan, { ignoreWindow: false, nowMs: monday });
    expect(blocked.advance()).toMatchObject({ kind: "pause", waitingFor: { kind: "window", window: "Saturdays 02:00-06:00 UTC" } });
    const saturday = new RunSimulation(plan, { ignoreWindow: false, nowMs: Date.parse("2025-10-11T03:00:00Z") });
    expect(saturday.advance()).toEqual({ kind: "finish", status: "completed" });
    const overridden = new RunSimulation(plan, { ignoreWindow: true, nowMs: monday });
    expect(overridden.advance()).toEqual({ kind: "finish", status: "completed" });
    expect(overridden.events).toContainEqual({ kind: "window.overridden", window: "Saturdays 02:00-06:00 UTC", by: "sam" });
  });

  it("waits out an observation period, compressed by the time scale, with the deadline in the journal", () => {
    const plan = twoSteps().replace(
      'rollback_script: "undo-1.sh" }',
      'rollback_script: "undo-1.sh" }\n        estimated_duration: "3 days observation"\n        monitoring: { metrics_to_watch: ["errors"] }',
    );
    const sim = new RunSimulation(plan, { timeScale: 0.001 });
    const start = sim.nowMs;
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
    const started = sim.events.find((e) => e.kind === "observation.started");
    expect(started).toMatchObject({ planMs: 3 * 24 * 3600 * 1000, deadline: new Date(start + 259_200).toISOString() });
    expect(sim.nowMs - start).toBe(259_200);
  });
});

describe("approvals", () => {
  const gated = (policy: "all" | "any") => ({
    plan: twoSteps().replace("failure_response: rollback", 'approval_required: true\n      approvers: ["DBA Lead", "Engineering Manager"]\n      failure_response: rollback'),
    approval: { policy, allowSelfApproval: false },
  });
  const approve = (sim: RunSimulation, role: string, identity: string, decision: "approve" | "reject" = "approve", planHash = "plan-1") => {
    const waiting = sim.waitingFor();
    if (waiting?.kind !== "approvals") throw new Error("not waiting for approvals");
    sim.record({ kind: "approval.recorded", gateId: "G1", role, identity, decision, planHash, evidenceHash: waiting.evidenceHash });
  };

  it("with policy all, waits for every role", () => {
    const { plan, approval } = gated("all");
    const sim = new RunSimulation(plan, { approval });
    expect(sim.advance()).toMatchObject({ kind: "pause", waitingFor: { kind: "approvals", roles: ["DBA Lead", "Engineering Manager"] } });
    approve(sim, "DBA Lead", "dana");
    expect(sim.advance()).toMatchObject({ kind: "pause", waitingFor: { kind: "approvals", roles: ["Engineering Manager"] } });
    approve(sim, "Engineering Manager", "erin");
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
  });

  it("with policy any, one role is enough", () => {
    const { plan, approval } = gated("any");
    const sim = new RunSimulation(plan, { approval });
    sim.advance();
    approve(sim, "Engineering Manager", "erin");
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
  });

  it("does not count one identity twice, the run's starter, or an approval of another plan", () => {
    const { plan, approval } = gated("all");
    const sim = new RunSimulation(plan, { approval, startedBy: "sam" });
    sim.advance();
    approve(sim, "DBA Lead", "dana");
    approve(sim, "Engineering Manager", "dana");
    approve(sim, "Engineering Manager", "sam");
    approve(sim, "Engineering Manager", "erin", "approve", "plan-0");
    expect(sim.advance()).toMatchObject({ kind: "pause", waitingFor: { kind: "approvals", roles: ["Engineering Manager"] } });
  });

  it("a gate that requires approval but names no approver waits for one", () => {
    const plan = twoSteps().replace("failure_response: rollback", "approval_required: true\n      failure_response: rollback");
    const sim = new RunSimulation(plan);
    expect(sim.advance()).toMatchObject({ kind: "pause", waitingFor: { kind: "approvals", roles: ["Approver"] } });
    approve(sim, "Approver", "dana");
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
  });

  it("a rejection fails the gate and its failure_response rolls the phase back", () => {
    const { plan, approval } = gated("all");
    const sim = new RunSimulation(plan, { approval });
    sim.advance();
    approve(sim, "DBA Lead", "dana", "reject");
    expect(sim.advance()).toEqual({ kind: "finish", status: "rolled_back" });
    expect(sim.events.find((e) => e.kind === "gate.failed")).toMatchObject({ reason: "dana (DBA Lead) rejected gate G1" });
    expect(sim.ran().slice(-2)).toEqual(["undo-2.sh", "undo-1.sh"]);
  });
});

describe("operator rollback", () => {
  it("a full rollback undoes every phase in reverse and stops at a wall", () => {
    const plan = `migration_phases:
  - phase_id: P1
    order: 1
    steps: [{ step_id: A, order: 1, execution_details: { commands: [a] }, rollback_procedure: { can_rollback: true, rollback_script: undo-a.sh } }]
    rollback_point: { can_rollback_from_here: false, rollback_procedure: "cannot go back past the data copy" }
  - phase_id: P2
    order: 2
    steps:
      - { step_id: B, order: 1, execution_details: { commands: [b] }, rollback_procedure: { can_rollback: true, rollback_script: undo-b.sh } }
      - { step_id: C, order: 2, execution_details: { commands: [c] }, rollback_procedure: { can_rollback: true, rollback_script: undo-c.sh } }
`;
    const sim = new RunSimulation(plan);
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
    const planned = planRollback("full", sim.context.index, sim.state);
    expect(planned).toEqual({ steps: ["C", "B"], wall: "P1", behindWall: ["A"] });
    sim.record({ kind: "rollback.started", level: "full", trigger: "operator", reason: "test", plannedSteps: planned.steps, wall: "P1", behindWall: ["A"] });
    expect(sim.advance()).toEqual({ kind: "finish", status: "rollback_failed" });
    expect(sim.ran().slice(-2)).toEqual(["undo-c.sh", "undo-b.sh"]);
    expect(sim.events.at(-2)).toMatchObject({ kind: "rollback.finished", undone: ["C", "B"], notUndone: ["A"], wall: "P1" });
    expect(sim.state.rollback?.notUndone).toEqual([{ stepId: "A", reason: "behind the wall at P1: can_rollback_from_here is false" }]);
  });
});

describe("foldJournal", () => {
  it("gives the same state from the same events, however often it is replayed", () => {
    const sim = new RunSimulation(readExamplePlan());
    sim.advance();
    const records = sim.events.map((event, i) => ({ runId: "r", seq: i + 1, at: "2025-10-06T15:00:00.000Z", event }));
    const once = foldJournal(records);
    const twice = foldJournal([...records, ...records]);
    expect(twice).toEqual(once);
    expect(once.waitingFor).toMatchObject({ kind: "attestations" });
  });
});
