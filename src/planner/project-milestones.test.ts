import { describe, expect, it } from "vitest";
import { parsePlanText } from "../plan/plan-document.js";
import { indexPlan } from "../plan/plan-index.js";
import type { Plan } from "../plan/schema/plan-schema.js";
import { buildActivities } from "./build-activities.js";
import { buildSchedule } from "./build-schedule.js";
import { projectMilestones } from "./project-milestones.js";

function planOf(yaml: string): Plan {
  const document = parsePlanText(yaml);
  if (document.kind !== "plan-document" || document.plan === undefined) throw new Error("not a plan");
  return document.plan;
}

// P1: A (1 day) then B (2 days observation); P2: C (1 day), closed by gate G2.
const plan = planOf(`
migration_phases:
  - phase_id: P1
    order: 1
    steps:
      - { step_id: A, order: 1, estimated_duration: "1 day" }
      - { step_id: B, order: 2, estimated_duration: "1-2 days observation" }
  - phase_id: P2
    order: 2
    steps: [{ step_id: C, estimated_duration: "1 day" }]
    validation_gate: { gate_id: G2 }
execution_timeline:
  milestones:
    - { milestone_id: M1, name: Backup done, target_date: "2025-10-07", dependencies: [A] }
    - { milestone_id: M2, name: Schema live, target_date: "2025-10-08T00:00:00Z", dependencies: [P1] }
    - { milestone_id: M3, name: Released, dependencies: [M2, G2] }
    - { milestone_id: M4, name: Someday, target_date: "2025-12-01", dependencies: [NOPE] }
`);

function project(startIso: string) {
  const index = indexPlan(plan);
  const schedule = buildSchedule(buildActivities(plan, index).activities);
  if (schedule.kind !== "schedule") throw new Error("expected a schedule");
  return projectMilestones(plan.execution_timeline?.milestones ?? [], index, schedule.activities, Date.parse(startIso));
}

describe("projectMilestones", () => {
  it("projects each milestone from the start with the longest durations, and flags the late ones", () => {
    expect(project("2025-10-06T14:00:00Z").map((m) => [m.milestone_id, m.projected_date, m.late])).toEqual([
      // A bare target date allows the whole day: 14:00 on the 7th is on time.
      ["M1", "2025-10-07T14:00:00.000Z", false],
      // A phase finishes with its last step: 1 day + 2 days.
      ["M2", "2025-10-09T14:00:00.000Z", true],
      // The latest of a milestone and a gate (its phase's end); no target, so neither late nor on time.
      ["M3", "2025-10-10T14:00:00.000Z", null],
      ["M4", null, null],
    ]);
  });

  it("moves with the start date", () => {
    expect(project("2025-10-01T00:00:00Z").map((m) => m.late)).toEqual([false, false, null, null]);
  });

  it("lists dependencies that name nothing on the timeline", () => {
    const [m1, , m3, m4] = project("2025-10-06T14:00:00Z");
    expect([m1?.unresolved_dependencies, m3?.unresolved_dependencies, m4?.unresolved_dependencies]).toEqual([[], [], ["NOPE"]]);
  });
});
