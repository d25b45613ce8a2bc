import { describe, expect, it } from "vitest";
import { parsePlanText } from "../../plan/plan-document.js";
import { explainPlan } from "../../planner/explain-plan.js";
import type { PlanExplanation } from "../../planner/plan-explanation.js";
import { readExamplePlan } from "../../testing/lint-fixture.js";
import { planTextReporter } from "./plan-text-reporter.js";

function explain(yaml: string): PlanExplanation {
  const document = parsePlanText(yaml);
  if (document.kind !== "plan-document" || document.plan === undefined) throw new Error("not a plan");
  const explained = explainPlan(document.plan, { start: { epochMs: Date.parse("2025-10-06T14:00:00Z"), source: "option" } });
  if (explained.kind !== "plan-explanation") throw new Error("cyclic");
  return explained;
}

describe("planTextReporter", () => {
  it("colours only when asked to, and then marks what can hurt in red", () => {
    const example = explain(readExamplePlan());
    expect(planTextReporter(example, { color: false, diagram: "both" })).not.toContain("\u001b[");
    const coloured = planTextReporter(example, { color: true, diagram: "both" });
    expect(coloured).toContain("\u001b[1mROLLBACK MAP\u001b[0m");
    expect(coloured).toContain("\u001b[31mNO ROLLBACK: the plan defines none for STEP-3-2; it stays as it is\u001b[0m");
  });

  it("names a wall where a full rollback stops", () => {
    const text = planTextReporter(
      explain(`
migration_phases:
  - phase_id: P1
    order: 1
    steps: [{ step_id: A, estimated_duration: 1h, rollback_procedure: { rollback_script: undo-a.sh } }]
    rollback_point: { can_rollback_from_here: false }
  - phase_id: P2
    order: 2
    steps: [{ step_id: B, estimated_duration: 1h, rollback_procedure: { rollback_script: undo-b.sh } }]
`),
      { color: false, diagram: "both" },
    );
    expect(text).toContain("rollback point  WALL: a full rollback stops here (can_rollback_from_here: false)");
    expect(text).toContain(
      [
        "  B fails",
        "    1. its rollback runs: undo-b.sh",
        "    2. P2 has no gate, so it blocks: the run stops (exit 1) until retry or rollback; a rollback undoes last first (P2 has no rollback point): nothing more to undo",
        "    full rollback: then WALL at P1 (can_rollback_from_here: false): P1 stays as done",
      ].join("\n"),
    );
  });
});
