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

  it("says what a run does with the sections beside the phases, and prints only those the plan has", () => {
    const text = planTextReporter(explain(runSectionsYaml), { color: false, diagram: "both" });
    expect(text).toContain(
      [
        "STRATEGY GATES",
        "  VG-1  Errors stay low (hybrid): after STEP-1-2 succeeds",
        "    criteria    error_rate < 0.1% [condition]",
        "    sign-off    one sign-off (hybrid): bascule approve PLAN VG-1",
        "    on failure  rollback: STEP-1-2 rolls back by itself (exit 1); tells #ops; escalation: DBA Lead",
      ].join("\n"),
    );
    expect(text).toContain("    skipped     Customers are happy (attestation only: the run notes it and skips it)");
    expect(text).toContain("    runs        after prerequisites, before anything changes; a failure fails the run with nothing to undo");
    expect(text).toContain("    trigger     error_rate > 2% [condition] watched while PHASE-1 is active");
    expect(text).toContain("    2. gate COMPLETE, signed on that evidence by Product Owner: bascule approve PLAN COMPLETE");
    expect(text).toContain("  Monitoring  1 week after completion: the run stays open, watching; a full rollback stays possible until it ends");
    expect(text).toContain("    watch     error_rate every interval; alerts on leaving the normal range (alert_sensitivity: high)");
    expect(text).toContain("    CLEAN-1: due 1 week after migration (from about 2025-10-13 15:00 UTC, overdue after 2025-10-14 15:00 UTC, if the run completes as projected)");
    expect(text).toContain("      done with bascule cleanup PLAN CLEAN-1");

    const example = planTextReporter(explain(readExamplePlan()), { color: false, diagram: "both" });
    for (const absent of ["STRATEGY GATES", "CONTINUOUS VALIDATION", "REGRESSION SUITES", "RISKS"]) expect(example).not.toContain(`\n${absent}\n`);
    expect(example).toContain("\nCOMPLETION\n");
  });
});

/** One phase with a strategy gate, continuous validation, a suite, a risk, completion and post-migration. */
const runSectionsYaml = `
migration_phases:
  - phase_id: PHASE-1
    steps:
      - { step_id: STEP-1-1, estimated_duration: 30m }
      - { step_id: STEP-1-2, estimated_duration: 30m, monitoring: { metrics_to_watch: [error_rate] } }
validation_strategy:
  validation_gates:
    - gate_id: VG-1
      name: Errors stay low
      location: PHASE-1 / STEP-1-2
      type: hybrid
      criteria: [{ criterion: Errors stay low, measurement: error_rate, threshold: "< 0.1%" }]
      failure_handling: { response: rollback, notification: ["#ops"], escalation: DBA Lead }
  continuous_validation:
    - { validation_id: CV-1, frequency: every 5 minutes, checks: ["error_rate < 1%", "Customers are happy"] }
  regression_validation:
    - { regression_suite_id: REG-1, execution_frequency: pre_migration }
risk_mitigation:
  migration_risks:
    - { risk_id: RISK-1, affected_phases: [PHASE-1], contingency: { trigger: "error_rate > 2%", action: Page the DBA, responsible_party: SRE } }
success_criteria:
  migration_complete_definition: { criteria: [Reads use the new table], approval_required: true, approvers: [Product Owner] }
monitoring_and_observability:
  migration_monitoring: [{ metric_name: error_rate, normal_range: "0-0.1%", alert_threshold: "0.5%" }]
post_migration:
  monitoring_period: { duration: 1 week, alert_sensitivity: high }
  cleanup_tasks:
    - { task_id: CLEAN-1, timing: 1 week after migration, steps: [Drop old], validation: old is gone }
`;
