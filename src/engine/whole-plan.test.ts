import { describe, expect, it } from "vitest";
import { RunSimulation } from "../testing/simulate-run.js";

// SEMANTICS 11.1 and 11.3, decided by the pure engine: strategy gates at each kind of place,
// suites after the last gate, and the COMPLETE gate. End-to-end cases: test/whole-plan-run.test.ts.
const plan = (extra: string) => `
metadata: { version: "1.0.0", migration_name: "sim", migration_status: planned }
migration_phases:
  - phase_id: P1
    order: 1
    steps:
      - step_id: S1
        order: 1
        execution_details: { commands: ["apply-1"] }
        rollback_procedure: { rollback_script: "undo-1.sh" }
      - step_id: S2
        order: 2
        execution_details: { commands: ["apply-2"] }
        rollback_procedure: { rollback_script: "undo-2.sh" }
    validation_gate: { gate_id: G1, failure_response: block }
${extra}
`;
const exits = (command: string, exitCode: number) => (effect: { run: { kind: string; command?: string } }) =>
  effect.run.kind === "shell" && effect.run.command === command ? { outcome: { kind: "exited" as const, exitCode } } : undefined;

describe("strategy gates", () => {
  it("a gate before the first phase that fails ends the run with nothing started", () => {
    const sim = new RunSimulation(
      plan(`
validation_strategy:
  validation_gates:
    - { gate_id: VG-0, location: "Before P1", type: automated, criteria: [{ criterion: "Staging is green" }], failure_handling: { response: block } }`),
      { checks: { "Staging is green": "check-staging" }, outcome: exits("check-staging", 1) },
    );
    expect(sim.advance()).toEqual({ kind: "finish", status: "failed" });
    expect(sim.kinds()).not.toContain("phase.started");
    expect(sim.ran()).toEqual(["check-staging"]);
  });

  it("a gate after a step rolls back that step alone when its failure handling says rollback", () => {
    const sim = new RunSimulation(
      plan(`
validation_strategy:
  validation_gates:
    - { gate_id: VG-1, location: "P1 / S1", type: automated, criteria: [{ criterion: "S1 looks right" }], failure_handling: { response: rollback } }`),
      { checks: { "S1 looks right": "check-s1" }, outcome: exits("check-s1", 1) },
    );
    expect(sim.advance()).toEqual({ kind: "finish", status: "rolled_back" });
    expect(sim.ran()).toEqual(["apply-1", "check-s1", "undo-1.sh"]);
  });

  it("an automated gate fails rather than wait for a person; a hybrid one waits for its sign-off", () => {
    const gate = (type: string) =>
      plan(`
validation_strategy:
  validation_gates:
    - { gate_id: VG-1, location: "After P1", type: ${type}, criteria: [{ criterion: "Looks fine to me" }], failure_handling: { response: block } }`);
    const automated = new RunSimulation(gate("automated"));
    expect(automated.advance()).toEqual({ kind: "finish", status: "failed" });
    expect(automated.state.gates.get("VG-1")?.reason).toContain("without a person");

    const hybrid = new RunSimulation(gate("hybrid"));
    hybrid.advance();
    hybrid.attestAll("alice");
    expect(hybrid.advance()).toMatchObject({ kind: "pause", waitingFor: { kind: "approvals", gateId: "VG-1", roles: ["Approver"] } });
  });
});

describe("after the last phase", () => {
  it("a failing post-migration suite pauses for a decision, and retry runs it again", () => {
    let failures = 1;
    const sim = new RunSimulation(
      plan(`
validation_strategy:
  regression_validation:
    - { regression_suite_id: REG-1, execution_frequency: post_migration }`),
      {
        checks: { "REG-1": "run-suite" },
        outcome: (effect) => (effect.run.kind === "shell" && effect.run.command === "run-suite" && failures-- > 0 ? { outcome: { kind: "exited", exitCode: 1 } } : undefined),
      },
    );
    expect(sim.advance()).toMatchObject({ kind: "pause", waitingFor: { kind: "decision", phaseId: "", options: ["proceed", "retry", "rollback"] } });
    sim.record({ kind: "decision.recorded", decision: "retry", by: "alice" });
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
    expect(sim.ran().filter((c) => c === "run-suite")).toHaveLength(2);
  });

  it("a rejected COMPLETE gate pauses for a decision, and rollback undoes the whole migration", () => {
    const sim = new RunSimulation(
      plan(`
success_criteria:
  migration_complete_definition: { approval_required: true, approvers: ["Product Manager"] }`),
    );
    const waiting = sim.advance();
    expect(waiting).toMatchObject({ kind: "pause", waitingFor: { kind: "approvals", gateId: "COMPLETE" } });
    const evidenceHash = waiting.kind === "pause" && waiting.waitingFor.kind === "approvals" ? waiting.waitingFor.evidenceHash : "";
    sim.record({ kind: "approval.recorded", gateId: "COMPLETE", role: "Product Manager", identity: "pat", decision: "reject", planHash: "plan-1", evidenceHash });
    expect(sim.advance()).toMatchObject({ kind: "pause", waitingFor: { kind: "decision", phaseId: "" } });
    sim.record({ kind: "decision.recorded", decision: "rollback", by: "pat" });
    expect(sim.advance()).toEqual({ kind: "finish", status: "rolled_back" });
    expect(sim.ran().slice(-2)).toEqual(["undo-2.sh", "undo-1.sh"]);
  });
});
