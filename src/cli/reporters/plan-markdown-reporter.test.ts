import { describe, expect, it } from "vitest";
import { parsePlanText } from "../../plan/plan-document.js";
import { explainPlan } from "../../planner/explain-plan.js";
import { planMarkdownReporter } from "./plan-markdown-reporter.js";

const yaml = `
migration_phases:
  - phase_id: PHASE-1
    steps: [{ step_id: STEP-1-1, estimated_duration: 1h }]
    validation_gate: { gate_id: GATE-1, failure_response: manual_decision }
validation_strategy:
  validation_gates:
    - { gate_id: VG-1, location: After PHASE-1, type: automated, criteria: [{ criterion: Totals match }], failure_handling: { response: manual_review } }
  regression_validation:
    - { regression_suite_id: REG-1, execution_frequency: continuous }
post_migration:
  cleanup_tasks: [{ task_id: CLEAN-1, timing: 2 weeks after migration, steps: [Drop old] }]
`;

describe("planMarkdownReporter", () => {
  it("gives the sections beside the phases their own tables, with the commands that sign and clean up", () => {
    const document = parsePlanText(yaml);
    if (document.kind !== "plan-document" || document.plan === undefined) throw new Error("not a plan");
    const markdown = planMarkdownReporter(explainPlan(document.plan, { start: { epochMs: Date.parse("2025-10-06T14:00:00Z"), source: "option" } }), {
      color: false,
      diagram: "both",
    });
    expect(markdown).toContain(
      "| VG-1 | after PHASE-1's own gate | Totals match _(attestation)_ | none: automated, never waits for a person (a check only a person could answer fails it) | manual_review: the run pauses (exit 3) for a decision: proceed, retry or rollback |",
    );
    expect(markdown).toContain(
      "| REG-1 | after prerequisites, before anything changes; a failure fails the run with nothing to undo<br>after GATE-1; a failure fails PHASE-1, and GATE-1's manual_decision answers it<br>after the last gate, before completion; a failure pauses the run (exit 3) for a decision |",
    );
    expect(markdown).toContain("1. regression suite REG-1");
    expect(markdown).toContain("`bascule cleanup PLAN CLEAN-1`");
    expect(markdown).not.toContain("## Risks");
  });
});
