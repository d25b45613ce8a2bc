import { describe, expect, it } from "vitest";
import { parsePlanText } from "../plan/plan-document.js";
import type { Plan } from "../plan/schema/plan-schema.js";
import { readExamplePlan } from "../testing/lint-fixture.js";
import { explainPlan } from "./explain-plan.js";
import type { PlanExplanation } from "./plan-explanation.js";

function planOf(yaml: string): Plan {
  const document = parsePlanText(yaml);
  if (document.kind !== "plan-document" || document.plan === undefined) throw new Error("not a plan");
  return document.plan;
}

function explain(plan: Plan, startIso = "2025-10-04T10:00:00Z"): PlanExplanation {
  return explainPlan(plan, { start: { epochMs: Date.parse(startIso), source: "option" } });
}

describe("explainPlan on the spec's example", () => {
  const example = explain(planOf(readExamplePlan()));

  it("runs every step on the critical path: 0.5 + 0.5 + 1 + 2 + 72 + 72 + 24 = 172 hours", () => {
    expect(example.critical_path).toEqual({
      source: "run_order",
      steps: ["STEP-1-1", "STEP-1-2", "STEP-2-1", "STEP-2-2", "STEP-3-1", "STEP-3-2", "STEP-3-3"],
      duration_hours: { min: 172, max: 172 },
    });
    expect(example.schedule.every((s) => s.critical && s.slack_hours.min === 0 && s.slack_hours.max === 0)).toBe(true);
    expect(example.buffer_percentage).toBe(0);
    expect(example.duration_with_buffer_hours).toEqual({ min: 172, max: 172 });
    // 2025-10-04T10:00Z + 7 days 4 hours.
    expect(example.projected_finish).toEqual({ min: "2025-10-11T14:00:00.000Z", max: "2025-10-11T14:00:00.000Z" });
  });

  it("starts each step when the one before it ends", () => {
    expect(example.schedule.map((s) => [s.step_id, s.start_date.max, s.observation])).toEqual([
      ["STEP-1-1", "2025-10-04T10:00:00.000Z", false],
      ["STEP-1-2", "2025-10-04T10:30:00.000Z", false],
      ["STEP-2-1", "2025-10-04T11:00:00.000Z", false],
      ["STEP-2-2", "2025-10-04T12:00:00.000Z", false],
      ["STEP-3-1", "2025-10-04T14:00:00.000Z", true],
      ["STEP-3-2", "2025-10-07T14:00:00.000Z", true],
      ["STEP-3-3", "2025-10-10T14:00:00.000Z", true],
    ]);
  });

  it("lists phases then steps in run order, with what each step runs", () => {
    expect(example.order.map((p) => [p.phase_id, p.steps.map((s) => s.step_id), p.duration_hours])).toEqual([
      ["PHASE-1", ["STEP-1-1", "STEP-1-2"], { min: 1, max: 1 }],
      ["PHASE-2", ["STEP-2-1", "STEP-2-2"], { min: 3, max: 3 }],
      ["PHASE-3", ["STEP-3-1", "STEP-3-2", "STEP-3-3"], { min: 168, max: 168 }],
    ]);
    const backup = example.order[0]?.steps[0];
    // The step has commands, so its automation_script does not run (SEMANTICS section 4).
    expect(backup?.run).toEqual({
      method: "Automated backup script",
      commands: ["pg_dump -t cart > backup/cart_$(date +%Y%m%d).sql"],
      automation_script: "scripts/backup-cart.sh",
      automation_script_runs: false,
      manual_steps: [],
    });
    expect(backup?.validation.checks.map((c) => [c.text, c.kind])).toEqual([
      ["Backup file exists", "attestation"],
      ["Backup file size > 0", "condition"],
      ["Backup completes without errors", "attestation"],
    ]);
    expect(example.order[1]?.start_condition[0]).toEqual({ text: "Phase 1 validation gate passed", kind: "reference", automatic: true, target: "GATE-1" });
    expect(example.order[2]?.rollback_point).toBeNull();
  });

  it("describes each gate", () => {
    expect(example.gates.map((g) => [g.gate_id, g.approvers, g.failure_response])).toEqual([
      ["GATE-1", ["DBA Lead", "Engineering Manager"], "rollback"],
      ["GATE-2", ["Engineering Manager"], "rollback"],
      ["GATE-3", ["Product Manager", "Engineering Manager"], "manual_decision"],
    ]);
  });

  it("counts automation as lint does without bindings: 4 of 67 checks automatic, completion and business success included", () => {
    // 62 in the phases, prerequisites and rollback levels; then 4 completion criteria and the business condition "Discount application rate > 10%".
    expect(example.automation_coverage).toEqual({
      total: 67,
      automatic: 4,
      attested: 63,
      conditions: 10,
      references: 4,
      attestations: 53,
      bound_attestations: 0,
      unresolved_conditions: 10,
    });
  });

  it("checks the window at the start: the example's created_date is a Saturday", () => {
    expect(example.constraints.migration_window?.start_inside).toBe(false);
    expect(explain(planOf(readExamplePlan()), "2025-10-06T15:00:00Z").constraints.migration_window?.start_inside).toBe(true);
  });

  it("has the keys of the JSON contract", () => {
    const json = JSON.parse(JSON.stringify(example));
    expect(Object.keys(json)).toEqual(expect.arrayContaining(["order", "critical_path", "buffer_percentage", "milestones", "rollback_map", "automation_coverage"]));
    expect(json.milestones).toEqual([]);
    expect(json.rollback_map).toHaveLength(10);
  });
});

describe("explainPlan", () => {
  it("adds the contingency buffer to the total", () => {
    const plan = planOf(`
migration_phases:
  - phase_id: P1
    steps: [{ step_id: A, estimated_duration: "2-4 hours" }]
execution_timeline:
  contingency_time: { buffer_percentage: 25 }
`);
    const explained = explain(plan);
    expect(explained.critical_path.duration_hours).toEqual({ min: 2, max: 4 });
    expect(explained.buffer_percentage).toBe(25);
    expect(explained.duration_with_buffer_hours).toEqual({ min: 2.5, max: 5 });
  });

  it("schedules a critical path whose dependencies loop by leaving out the dependency against the run order, and says so", () => {
    const plan = planOf(`
migration_phases:
  - phase_id: P1
    steps: [{ step_id: A, estimated_duration: 1h }, { step_id: B, estimated_duration: 1h }, { step_id: C, estimated_duration: 1h }]
execution_timeline:
  critical_path:
    - { step_id: A, dependencies: [C] }
    - { step_id: B, dependencies: [A] }
    - { step_id: C, dependencies: [B] }
`);
    const explained = explain(plan);
    expect(explained.schedule.map((s) => [s.step_id, s.depends_on])).toEqual([
      ["A", []],
      ["B", ["A"]],
      ["C", ["B"]],
    ]);
    expect(explained.critical_path).toEqual({ source: "execution_timeline", steps: ["A", "B", "C"], duration_hours: { min: 3, max: 3 } });
    expect(explained.notes).toContainEqual({
      kind: "dependency-cycle",
      subject: "A",
      message: "A depends on C, which comes after it and closes the cycle A → C → B → A; the timeline leaves that dependency out",
    });
  });

  it("breaks a self-dependency and every cycle of a tangle, however many rounds it takes", () => {
    const plan = planOf(`
migration_phases:
  - phase_id: P1
    steps: [{ step_id: A, estimated_duration: 1h }, { step_id: B, estimated_duration: 1h }, { step_id: C, estimated_duration: 1h }]
execution_timeline:
  critical_path:
    - { step_id: A, dependencies: [A, B, C] }
    - { step_id: B, dependencies: [A, C] }
    - { step_id: C, dependencies: [A, B] }
`);
    const explained = explain(plan);
    expect(explained.schedule.map((s) => [s.step_id, s.depends_on])).toEqual([
      ["A", []],
      ["B", ["A"]],
      ["C", ["A", "B"]],
    ]);
    expect(explained.notes.filter((n) => n.kind === "dependency-cycle").map((n) => n.message)).toContain("A depends on itself; the timeline leaves that dependency out");
  });

  it("notes milestones that wait for each other and leaves them unprojected", () => {
    const plan = planOf(`
execution_timeline:
  milestones:
    - { milestone_id: M1, dependencies: [M2] }
    - { milestone_id: M2, dependencies: [M1] }
`);
    const explained = explain(plan);
    expect(explained.milestones.map((m) => m.projected_date)).toEqual([null, null]);
    expect(explained.notes).toContainEqual({
      kind: "dependency-cycle",
      subject: "M1",
      message: "milestones M1 → M2 → M1 depend on each other in a cycle; their projections leave out the dependency that closes it",
    });
  });

  it("counts a strategy gate's criterion as the condition it stands for", () => {
    const plan = planOf(`
migration_phases:
  - phase_id: P1
    steps: [{ step_id: A, monitoring: { metrics_to_watch: [error_rate] } }]
validation_strategy:
  validation_gates:
    - gate_id: VG-1
      location: P1
      criteria:
        - { criterion: "Errors stay low", measurement: error_rate, threshold: "< 0.1%" }
        - { criterion: "Support is quiet" }
`);
    expect(explain(plan).automation_coverage).toMatchObject({ total: 2, automatic: 1, conditions: 1, unresolved_conditions: 0, attestations: 1 });
  });

  it("counts checks the bindings answer as automatic, exactly as lint does", () => {
    const plan = planOf(`
migration_phases:
  - phase_id: P1
    steps:
      - step_id: A
        preconditions: ["Backup file exists", "error_rate < 1%", "Someone looked"]
`);
    const bindings = { metricNames: ["error_rate"], checks: new Map([["Backup file exists", "test -s backup.sql"]]) };
    const explained = explainPlan(plan, { start: { epochMs: 0, source: "option" }, bindings });
    expect(explained.automation_coverage).toEqual({
      total: 3,
      automatic: 2,
      attested: 1,
      conditions: 1,
      references: 0,
      attestations: 2,
      bound_attestations: 1,
      unresolved_conditions: 0,
    });
    expect(explained.order[0]?.steps[0]?.preconditions.map((c) => c.automatic)).toEqual([true, true, false]);
  });
});
