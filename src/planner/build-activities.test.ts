import { describe, expect, it } from "vitest";
import { parsePlanText } from "../plan/plan-document.js";
import { indexPlan } from "../plan/plan-index.js";
import type { Plan } from "../plan/schema/plan-schema.js";
import { readExamplePlan } from "../testing/lint-fixture.js";
import { buildActivities } from "./build-activities.js";

const HOUR = 3_600_000;

function planOf(yaml: string): Plan {
  const document = parsePlanText(yaml);
  if (document.kind !== "plan-document" || document.plan === undefined) throw new Error("not a plan");
  return document.plan;
}

function networkOf(plan: Plan) {
  const network = buildActivities(plan, indexPlan(plan));
  const graph = Object.fromEntries(network.activities.map((a) => [a.id, { hours: [a.minMs / HOUR, a.maxMs / HOUR], after: a.dependsOn }]));
  return { ...network, graph };
}

describe("buildActivities", () => {
  it("chains the spec's example in run order, observation periods counting as time", () => {
    const { source, graph, activities } = networkOf(planOf(readExamplePlan()));
    expect(source).toBe("run_order");
    expect(graph).toEqual({
      "STEP-1-1": { hours: [0.5, 0.5], after: [] },
      "STEP-1-2": { hours: [0.5, 0.5], after: ["STEP-1-1"] },
      "STEP-2-1": { hours: [1, 1], after: ["STEP-1-2"] },
      "STEP-2-2": { hours: [2, 2], after: ["STEP-2-1"] },
      "STEP-3-1": { hours: [72, 72], after: ["STEP-2-2"] },
      "STEP-3-2": { hours: [72, 72], after: ["STEP-3-1"] },
      "STEP-3-3": { hours: [24, 24], after: ["STEP-3-2"] },
    });
    expect(activities.filter((a) => a.observation).map((a) => a.id)).toEqual(["STEP-3-1", "STEP-3-2", "STEP-3-3"]);
  });

  it("cross-checks each phase's duration_estimate against its steps and notes a disagreement", () => {
    const { notes } = networkOf(planOf(readExamplePlan()));
    // PHASE-3: "1 week" = 3 days + 3 days + 1 day, so it agrees.
    expect(notes).toEqual([
      expect.objectContaining({ kind: "estimate-mismatch", subject: "PHASE-1", message: expect.stringContaining('"2 hours" but its steps add up to 1h') }),
      expect.objectContaining({ kind: "estimate-mismatch", subject: "PHASE-2", message: expect.stringContaining('"4 hours" but its steps add up to 3h') }),
    ]);
  });

  it("takes dependencies and durations from execution_timeline.critical_path, and run order for unlisted steps", () => {
    const plan = planOf(`
migration_phases:
  - phase_id: P1
    order: 1
    steps:
      - { step_id: A, order: 1, estimated_duration: "1 hour" }
      - { step_id: B, order: 2, estimated_duration: "2-3 hours" }
  - phase_id: P2
    order: 2
    steps:
      - { step_id: C, order: 1, estimated_duration: "1 hour" }
      - { step_id: D, order: 2, estimated_duration: "30 minutes" }
execution_timeline:
  critical_path:
    - { step_id: C, duration: "4 hours", dependencies: [A] }
    - { step_id: REVIEW, duration: "1 day", dependencies: [P1] }
`);
    const { source, graph, notes } = networkOf(plan);
    expect(source).toBe("execution_timeline");
    expect(graph).toEqual({
      A: { hours: [1, 1], after: [] },
      B: { hours: [2, 3], after: ["A"] },
      // Listed: its own dependencies and duration; B may run alongside it.
      C: { hours: [4, 4], after: ["A"] },
      D: { hours: [0.5, 0.5], after: ["C"] },
      // An entry that is no step is an activity too; a phase id stands for all its steps.
      REVIEW: { hours: [24, 24], after: ["A", "B"] },
    });
    expect(notes).toContainEqual(expect.objectContaining({ kind: "estimate-mismatch", subject: "C" }));
  });

  it("counts a missing or unreadable duration as 0 and says so", () => {
    const plan = planOf(`
migration_phases:
  - phase_id: P1
    steps:
      - { step_id: A, order: 1 }
      - { step_id: B, order: 2, estimated_duration: "a while" }
`);
    const { graph, notes, activities } = networkOf(plan);
    expect(graph).toEqual({ A: { hours: [0, 0], after: [] }, B: { hours: [0, 0], after: ["A"] } });
    expect(activities.map((a) => a.durationKnown)).toEqual([false, false]);
    expect(notes.map((n) => [n.kind, n.subject])).toEqual([
      ["missing-duration", "A"],
      ["unreadable-duration", "B"],
    ]);
  });

  it("notes a dependency on an id that names nothing and leaves it out", () => {
    const plan = planOf(`
migration_phases:
  - phase_id: P1
    steps: [{ step_id: A, estimated_duration: "1h" }]
execution_timeline:
  critical_path: [{ step_id: A, dependencies: [GHOST] }]
`);
    const { graph, notes } = networkOf(plan);
    expect(graph.A?.after).toEqual([]);
    expect(notes).toContainEqual(expect.objectContaining({ kind: "unknown-dependency", subject: "A" }));
  });
});
