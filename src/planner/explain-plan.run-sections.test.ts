import { describe, expect, it } from "vitest";
import { parsePlanText } from "../plan/plan-document.js";
import type { Plan } from "../plan/schema/plan-schema.js";
import { buildPhase, buildPlan, buildStep } from "../testing/run-fixture.js";
import { explainPlan } from "./explain-plan.js";

/** A small plan with every section that joins a run beside its phases (SEMANTICS 11.1, 11.3). */
const runSectionsPlan = buildPlan(
  [
    buildPhase("PHASE-1", [buildStep("STEP-1-1", { estimated_duration: "1 hour" }), buildStep("STEP-1-2", { estimated_duration: "1 hour" })], {
      validation_gate: { gate_id: "GATE-1", failure_response: "rollback" },
    }),
    buildPhase("PHASE-2", [buildStep("STEP-2-1", { estimated_duration: "1 hour" })], { validation_gate: { gate_id: "GATE-2", failure_response: "manual_decision" } }),
  ],
  {
    monitoring_and_observability: { migration_monitoring: [{ metric_name: "error_rate", normal_range: "0-0.1%", alert_threshold: "0.5%", critical_threshold: "1%" }] },
    validation_strategy: {
      validation_gates: [
        {
          gate_id: "VG-1",
          name: "Errors stay low",
          location: "PHASE-1 / STEP-1-2",
          type: "hybrid",
          criteria: [{ criterion: "Errors stay low", measurement: "error_rate", threshold: "< 0.1%", test_dataset_id: "DS-1" }],
          failure_handling: { response: "rollback", notification: ["#ops"], escalation: "DBA Lead" },
        },
        { gate_id: "VG-2", location: "Before PHASE-1", type: "automated", criteria: [{ criterion: "Backup taken" }], failure_handling: { response: "manual_review" } },
        { gate_id: "VG-3", location: "Production" },
      ],
      continuous_validation: [
        {
          validation_id: "CV-1",
          frequency: "every 5 minutes",
          checks: ["error_rate < 1%", "Customers are happy"],
          test_dataset_ids: ["DS-1", "DS-2"],
          alert_conditions: ["error_rate > 0.5%"],
        },
      ],
      regression_validation: [
        { regression_suite_id: "REG-PRE", location: "tests/regression.sh", execution_frequency: "pre_migration" },
        { regression_suite_id: "REG-CONT", execution_frequency: "continuous", test_dataset_ids: ["DS-2"] },
        { regression_suite_id: "REG-NONE", location: "tests/regression.sh" },
      ],
    },
    risk_mitigation: {
      migration_risks: [
        { risk_id: "RISK-1", affected_phases: ["PHASE-2"], contingency: { trigger: "error_rate > 2%", action: "Page the on-call DBA", responsible_party: "SRE" } },
        { risk_id: "RISK-2", contingency: { trigger: "Customers complain", action: "Roll back the feature flag" } },
      ],
    },
    success_criteria: {
      technical_success: [
        { criterion: "Zero downtime", test_dataset_id: "DS-1" },
        { criterion: "Fast", measurement: "p99 latency", target: "< 200ms" },
      ],
      business_success: [{ criterion: "Discounts used", measurement: "discount_rate", target: "> 10% of orders", measurement_period: "First 2 weeks" }],
      migration_complete_definition: { criteria: ["Reads use the new table"], validation_required: ["DS-2"], approval_required: true, approvers: ["Product Owner"] },
    },
    post_migration: {
      monitoring_period: { duration: "1 week", enhanced_monitoring: ["error_rate", "No support tickets"], alert_sensitivity: "high" },
      cleanup_tasks: [
        {
          task_id: "CLEAN-1",
          name: "Drop the old table",
          timing: "1 week after migration",
          responsible_party: "DBA",
          steps: ["Back up old", "Drop old"],
          validation: "old is gone",
        },
      ],
    },
  },
);

function planOf(fields: unknown): Plan {
  const document = parsePlanText(JSON.stringify(fields));
  if (document.kind !== "plan-document" || document.plan === undefined) throw new Error("not a plan");
  return document.plan;
}

/** What the folder holds, as explain-plan-file finds it: one executable script, one dataset with an execution block. */
const folder = { isExecutableInTree: (path: string) => path === "tests/regression.sh", isExecutableDataset: (id: string) => id === "DS-2" };

const start = Date.parse("2025-10-06T10:00:00Z");
const explained = explainPlan(planOf(runSectionsPlan), {
  start: { epochMs: start, source: "option" },
  bindings: { checks: new Map([["Drop old", "psql -c 'DROP TABLE old'"]]) },
  ...folder,
});

describe("explainPlan on the sections beside the phases", () => {
  it("attaches each strategy gate where its location says, with its checks, sign-off and failure response", () => {
    const [afterStep, beforeStart, nowhere] = explained.strategy_gates;
    expect(afterStep).toEqual({
      gate_id: "VG-1",
      name: "Errors stay low",
      location: "PHASE-1 / STEP-1-2",
      attachment: { kind: "step", step_id: "STEP-1-2", phase_id: "PHASE-1" },
      attachment_text: "after STEP-1-2 succeeds",
      type: "hybrid",
      criteria: [
        {
          criterion: "Errors stay low",
          check: { text: "error_rate < 0.1%", kind: "condition", automatic: true, metric: "error_rate" },
          dataset: { dataset_id: "DS-1", runs: false },
        },
      ],
      sign_off_required: true,
      failure_response: "rollback",
      failure_response_source: "gate",
      rolls_back: { kind: "step", step_id: "STEP-1-2" },
      notification: ["#ops"],
      escalation: "DBA Lead",
    });
    // Before the first phase nothing has changed, so a rollback would undo nothing; manual_review is a decision.
    expect(beforeStart).toMatchObject({ attachment: { kind: "start" }, sign_off_required: false, failure_response: "manual_decision", rolls_back: null });
    expect(beforeStart?.criteria[0]?.check).toEqual({ text: "Backup taken", kind: "attestation", automatic: false });
    expect(nowhere?.attachment).toEqual({ kind: "unresolved", reason: '"Production" names no phase, step or gate of the plan' });
    expect(nowhere).toMatchObject({ failure_response: "block", failure_response_source: "default" });
  });

  it("tells watched continuous checks from attestation-only ones, and datasets that run from those that do not", () => {
    expect(explained.continuous_validation).toEqual([
      {
        validation_id: "CV-1",
        name: null,
        frequency: "every 5 minutes",
        checks: [
          { text: "error_rate < 1%", kind: "condition", automatic: true, metric: "error_rate", watched: true },
          { text: "Customers are happy", kind: "attestation", automatic: false, watched: false },
        ],
        datasets: [
          { dataset_id: "DS-1", runs: false },
          { dataset_id: "DS-2", runs: true },
        ],
        alert_conditions: [{ text: "error_rate > 0.5%", kind: "condition", automatic: true, metric: "error_rate", watched: true }],
      },
    ]);
  });

  it("says when each regression suite runs and how: its script, its datasets, or never", () => {
    const [pre, continuous, none] = explained.regression_suites;
    expect(pre).toMatchObject({ runs_at: [{ at: "pre_migration" }], run: { kind: "script", path: "tests/regression.sh" }, run_text: "runs tests/regression.sh" });
    expect(continuous?.runs_at).toEqual([
      { at: "pre_migration" },
      { at: "after_gate", gate_id: "GATE-1", phase_id: "PHASE-1", failure_response: "rollback" },
      { at: "after_gate", gate_id: "GATE-2", phase_id: "PHASE-2", failure_response: "manual_decision" },
      { at: "post_migration" },
    ]);
    expect(continuous?.run).toEqual({ kind: "datasets", dataset_ids: ["DS-2"] });
    expect(none).toMatchObject({ execution_frequency: null, runs_at: [], run: { kind: "script", path: "tests/regression.sh" } });
  });

  it("watches a risk's condition while its phases run, and leaves a prose trigger to an operator", () => {
    expect(explained.risks.map((r) => [r.risk_id, r.trigger?.watched, r.affected_phases, r.action, r.responsible_party])).toEqual([
      ["RISK-1", true, ["PHASE-2"], "Page the on-call DBA", "SRE"],
      ["RISK-2", false, [], "Roll back the feature flag", null],
    ]);
  });

  it("lists completion in run order: post-migration suites, technical success, criteria, datasets, then COMPLETE", () => {
    expect(explained.completion).toEqual({
      regression_suite_ids: ["REG-CONT"],
      technical_success: [
        { criterion: "Zero downtime", measurement: null, target: null, measurement_period: null, check: null, dataset: { dataset_id: "DS-1", runs: false } },
        {
          criterion: "Fast",
          measurement: "p99 latency",
          target: "< 200ms",
          measurement_period: null,
          check: { text: "p99 latency < 200ms", kind: "condition", automatic: false, metric: "p99 latency" },
          dataset: null,
        },
      ],
      criteria: [{ text: "Reads use the new table", kind: "attestation", automatic: false }],
      validation_required: [{ dataset_id: "DS-2", runs: true }],
      complete_gate: { gate_id: "COMPLETE", approvers: ["Product Owner"] },
    });
  });

  it("watches metrics for the monitoring period, checks other entries, and dates cleanup tasks from completion", () => {
    const period = explained.post_migration.monitoring_period;
    expect(period).toMatchObject({ duration: "1 week", duration_hours: { min: 168, max: 168 }, metrics: ["error_rate"], alerts_outside_normal_range: true });
    expect(period?.enhanced_monitoring).toEqual([
      { entry: "error_rate", metric: true, check: null },
      { entry: "No support tickets", metric: false, check: { text: "No support tickets", kind: "attestation", automatic: false } },
    ]);
    expect(period?.business_success.map((b) => [b.check?.text, b.measurement_period])).toEqual([["discount_rate > 10%", "First 2 weeks"]]);
    // Three one-hour steps from 10:00, then a week.
    expect(explained.post_migration.cleanup_tasks).toEqual([
      {
        task_id: "CLEAN-1",
        name: "Drop the old table",
        timing: "1 week after migration",
        // Due a week after completion, overdue a day later.
        due_after_hours: { min: 168, max: 192 },
        due_date: { min: "2025-10-13T13:00:00.000Z", max: "2025-10-14T13:00:00.000Z" },
        responsible_party: "DBA",
        steps: [
          { text: "Back up old", bound: false },
          { text: "Drop old", bound: true },
        ],
        validation: { text: "old is gone", kind: "attestation", automatic: false },
      },
    ]);
  });

  it("counts the checks of these sections in the automation coverage", () => {
    // VG-1 and VG-2 criteria, 2 continuous checks and 1 alert, 2 triggers, 1 technical check,
    // 1 completion criterion, 1 business condition, 1 enhanced check, 1 cleanup validation.
    expect(explained.automation_coverage).toMatchObject({ total: 12, automatic: 4, conditions: 6, unresolved_conditions: 2, attestations: 6 });
  });

  it("reads no folder unless told: datasets and scripts are then attested", () => {
    const bare = explainPlan(planOf(runSectionsPlan), { start: { epochMs: start, source: "option" } });
    expect(bare.regression_suites.map((s) => s.run.kind)).toEqual(["attest", "attest", "attest"]);
    expect(bare.completion.validation_required).toEqual([{ dataset_id: "DS-2", runs: false }]);
  });

  it("leaves the new sections empty for a plan without them", () => {
    const plain = explainPlan(planOf(buildPlan([buildPhase("P1", [buildStep("A")])])), { start: { epochMs: start, source: "option" } });
    expect(plain).toMatchObject({
      strategy_gates: [],
      continuous_validation: [],
      regression_suites: [],
      risks: [],
      completion: { regression_suite_ids: [], technical_success: [], criteria: [], validation_required: [], complete_gate: null },
      post_migration: { monitoring_period: null, cleanup_tasks: [] },
    });
  });
});
