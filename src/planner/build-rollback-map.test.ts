import { describe, expect, it } from "vitest";
import { parsePlanText } from "../plan/plan-document.js";
import { indexPlan } from "../plan/plan-index.js";
import type { Plan } from "../plan/schema/plan-schema.js";
import { readExamplePlan } from "../testing/lint-fixture.js";
import { buildRollbackMap, findNamedSteps } from "./build-rollback-map.js";
import type { RollbackMapEntry, StepUndo } from "./plan-explanation.js";

function planOf(yaml: string): Plan {
  const document = parsePlanText(yaml);
  if (document.kind !== "plan-document" || document.plan === undefined) throw new Error("not a plan");
  return document.plan;
}

const undoText = (u: StepUndo) => (u.kind === "script" ? `${u.step_id} ${u.script}` : `${u.step_id} ${u.kind}`);

/** One line per failure point: what runs first, what the gate does, what the phase and a full rollback undo. */
function summarize(entry: RollbackMapEntry) {
  const at = entry.failure_at.kind === "step" ? entry.failure_at.step_id : entry.failure_at.gate_id;
  return {
    at,
    own: entry.own_rollback === null ? null : undoText(entry.own_rollback),
    then: `${entry.failure_response} exit ${entry.exit_code}`,
    phase: entry.phase_rollback.undo.map(undoText),
    full: entry.full_rollback.phases.map((p) => `${p.phase_id}: ${p.undo.map((u) => u.step_id).join(", ")}`),
  };
}

describe("buildRollbackMap on the spec's example", () => {
  const map = buildRollbackMap(indexPlan(planOf(readExamplePlan())));

  it("pins what is undone, in which order, for a failure at every step and gate", () => {
    const phase1 = ["PHASE-1: STEP-1-2, STEP-1-1"];
    const phase2 = "PHASE-2: STEP-2-2, STEP-2-1";
    expect(map.map(summarize)).toEqual([
      // GATE-1 says rollback, in the order its rollback point names: "STEP-1-2, STEP-1-1".
      // STEP-1-2 never ran, and STEP-1-1 was just undone by its own rollback: nothing more.
      { at: "STEP-1-1", own: "STEP-1-1 scripts/restore-cart.sh", then: "rollback exit 1", phase: [], full: [] },
      { at: "STEP-1-2", own: "STEP-1-2 migrations/001_rollback.sql", then: "rollback exit 1", phase: ["STEP-1-1 scripts/restore-cart.sh"], full: [] },
      {
        at: "GATE-1",
        own: null,
        then: "rollback exit 1",
        phase: ["STEP-1-2 migrations/001_rollback.sql", "STEP-1-1 scripts/restore-cart.sh"],
        full: [],
      },
      // PHASE-2's rollback point is prose naming no step ("Rollback code deployments, keep
      // schema changes"): succeeded steps are undone last first.
      { at: "STEP-2-1", own: "STEP-2-1 scripts/rollback-discount-service.sh", then: "rollback exit 1", phase: [], full: phase1 },
      {
        at: "STEP-2-2",
        own: "STEP-2-2 scripts/rollback-cart-service.sh",
        then: "rollback exit 1",
        phase: ["STEP-2-1 scripts/rollback-discount-service.sh"],
        full: phase1,
      },
      {
        at: "GATE-2",
        own: null,
        then: "rollback exit 1",
        phase: ["STEP-2-2 scripts/rollback-cart-service.sh", "STEP-2-1 scripts/rollback-discount-service.sh"],
        full: phase1,
      },
      // GATE-3 says manual_decision: the run pauses (exit 3); the phase rollback is what a
      // "rollback" decision undoes. PHASE-3 has no rollback point, so last first, and
      // STEP-3-2 and STEP-3-3 define no rollback at all: nothing runs for them.
      { at: "STEP-3-1", own: "STEP-3-1 scripts/disable-feature-flag.sh", then: "manual_decision exit 3", phase: [], full: [phase2, ...phase1] },
      { at: "STEP-3-2", own: "STEP-3-2 missing", then: "manual_decision exit 3", phase: ["STEP-3-1 scripts/disable-feature-flag.sh"], full: [phase2, ...phase1] },
      {
        at: "STEP-3-3",
        own: "STEP-3-3 missing",
        then: "manual_decision exit 3",
        phase: ["STEP-3-2 missing", "STEP-3-1 scripts/disable-feature-flag.sh"],
        full: [phase2, ...phase1],
      },
      {
        at: "GATE-3",
        own: null,
        then: "manual_decision exit 3",
        phase: ["STEP-3-3 missing", "STEP-3-2 missing", "STEP-3-1 scripts/disable-feature-flag.sh"],
        full: [phase2, ...phase1],
      },
    ]);
  });

  it("says why a step of the failed phase is left alone", () => {
    const atStep11 = map.find((e) => e.failure_at.kind === "step" && e.failure_at.step_id === "STEP-1-1");
    expect(atStep11?.phase_rollback).toMatchObject({
      order_source: "rollback_procedure",
      rollback_procedure: "Execute rollback scripts STEP-1-2, STEP-1-1",
      skipped: [
        { step_id: "STEP-1-1", reason: "own-rollback" },
        { step_id: "STEP-1-2", reason: "not-run" },
      ],
    });
    const atStep31 = map.find((e) => e.failure_at.kind === "step" && e.failure_at.step_id === "STEP-3-1");
    expect(atStep31?.phase_rollback).toMatchObject({ order_source: "reverse", rollback_procedure: null });
    expect(atStep31).toMatchObject({ rolls_back_automatically: false, failure_response_source: "gate" });
  });

  it("finds no wall: every rollback point of the example can be rolled back from", () => {
    expect(map.every((e) => e.full_rollback.wall === null)).toBe(true);
  });
});

describe("buildRollbackMap", () => {
  it("stops a full rollback at a phase that cannot be rolled back from, and keeps it and those before", () => {
    const plan = planOf(`
migration_phases:
  - phase_id: P1
    order: 1
    steps: [{ step_id: A, rollback_procedure: { rollback_script: undo-a.sh } }]
  - phase_id: P2
    order: 2
    steps: [{ step_id: B, rollback_procedure: { can_rollback: false } }]
    rollback_point: { can_rollback_from_here: false, rollback_procedure: "Data is converted for good" }
  - phase_id: P3
    order: 3
    steps: [{ step_id: C, rollback_procedure: { rollback_steps: ["Switch the flag off"] } }]
`);
    const [, atB, atC] = buildRollbackMap(indexPlan(plan));
    expect(atB?.own_rollback).toEqual({ kind: "irreversible", step_id: "B" });
    // A failure inside P2 has not reached P2's rollback point: P1 can still be undone.
    expect(atB?.full_rollback).toEqual({ phases: [{ phase_id: "P1", order_source: "reverse", undo: [expect.objectContaining({ step_id: "A" })] }], wall: null });
    expect(atC?.own_rollback).toEqual({ kind: "checklist", step_id: "C", checklist: ["Switch the flag off"] });
    expect(atC?.full_rollback).toEqual({ phases: [], wall: { phase_id: "P2", phases_kept: ["P1", "P2"] } });
  });

  it("blocks when a phase has no gate or its gate names no failure_response", () => {
    const plan = planOf(`
migration_phases:
  - { phase_id: P1, order: 1, steps: [{ step_id: A }] }
  - { phase_id: P2, order: 2, steps: [{ step_id: B }], validation_gate: { gate_id: G2 } }
`);
    const map = buildRollbackMap(indexPlan(plan));
    expect(map.map((e) => [e.failure_response, e.failure_response_source, e.exit_code])).toEqual([
      ["block", "default", 1],
      ["block", "default", 1],
      ["block", "default", 1],
    ]);
  });

  it("undoes only the named steps, in the order named, and says which it leaves", () => {
    const plan = planOf(`
migration_phases:
  - phase_id: P1
    steps: [{ step_id: S-1 }, { step_id: S-2 }, { step_id: S-3 }]
    validation_gate: { gate_id: G1, failure_response: rollback }
    rollback_point: { rollback_procedure: "Run S-1 first, then S-3" }
`);
    const gate = buildRollbackMap(indexPlan(plan)).at(-1);
    expect(gate?.phase_rollback.undo.map((u) => u.step_id)).toEqual(["S-1", "S-3"]);
    expect(gate?.phase_rollback.skipped).toEqual([{ step_id: "S-2", reason: "not-named" }]);
  });
});

describe("findNamedSteps", () => {
  it("finds whole ids in the order the text names them", () => {
    expect(findNamedSteps("Execute rollback scripts STEP-1-2, STEP-1-1", ["STEP-1-1", "STEP-1-2"])).toEqual(["STEP-1-2", "STEP-1-1"]);
    expect(findNamedSteps("undo STEP-1-10 only", ["STEP-1-1", "STEP-1-10"])).toEqual(["STEP-1-10"]);
    expect(findNamedSteps("Rollback code deployments", ["STEP-2-1"])).toEqual([]);
  });
});

describe("buildRollbackMap with a data migration", () => {
  it("undoes a step's data with bascule data rollback before its own rollback script", async () => {
    const { readFileSync } = await import("node:fs");
    const plan = planOf(readFileSync(new URL("../../examples/backfill/migration-strategy.yaml", import.meta.url), "utf8"));
    const map = buildRollbackMap(indexPlan(plan), plan).map(summarize);
    expect(map.find((entry) => entry.at === "STEP-2-1")?.own).toBe("STEP-2-1 bascule data rollback DM-ORDERS-CENTS");
    const withScript = {
      ...plan,
      migration_phases: plan.migration_phases!.map((phase) => ({
        ...phase,
        steps: phase.steps!.map((step) => (step.step_id === "STEP-2-1" ? { ...step, rollback_procedure: { can_rollback: true, rollback_script: "drop.sh" } } : step)),
      })),
    };
    expect(
      buildRollbackMap(indexPlan(withScript), withScript)
        .map(summarize)
        .find((entry) => entry.at === "STEP-2-1")?.own,
    ).toBe("STEP-2-1 bascule data rollback DM-ORDERS-CENTS, then drop.sh");
    const irreversible = { ...plan, data_migration: { migrations: plan.data_migration!.migrations!.map((m) => ({ ...m, rollback: { can_rollback: false } })) } };
    expect(
      buildRollbackMap(indexPlan(irreversible), irreversible)
        .map(summarize)
        .find((entry) => entry.at === "STEP-2-1")?.own,
    ).toBe("STEP-2-1 irreversible");
  });
});
