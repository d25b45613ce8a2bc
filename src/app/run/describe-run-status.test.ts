import { describe, expect, it } from "vitest";
import { foldJournal } from "../../engine/fold-journal.js";
import type { JournalEvent } from "../../engine/journal-event.js";
import { indexPlan } from "../../plan/plan-index.js";
import type { Plan } from "../../plan/schema/plan-schema.js";
import type { JournalRecord, RunSummary } from "../../ports/journal-store.js";
import { buildPhase, buildPlan, buildStep } from "../../testing/run-fixture.js";
import { describeRunStatus } from "./describe-run-status.js";

/** One phase, and every section of the whole plan that status reports on (SEMANTICS 11.1, 11.3). */
const plan = buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1")], { validation_gate: { gate_id: "GATE-1", failure_response: "block" } })], {
  validation_strategy: {
    validation_gates: [
      { gate_id: "VG-1", name: "Data parity", location: "After PHASE-1", type: "manual", criteria: [{ criterion: "Parity report reviewed" }] },
      { gate_id: "VG-2", location: "Before PHASE-1", type: "automated" },
    ],
    regression_validation: [{ regression_suite_id: "REG-1", name: "Checkout", location: "tests/checkout", execution_frequency: "post_migration" }],
  },
  risk_mitigation: {
    migration_risks: [
      {
        risk_id: "RISK-1",
        description: "slow queries",
        contingency: { trigger: "Error rate > 1%", action: "Fail over to the old read path", responsible_party: "DBA on call" },
      },
    ],
  },
  success_criteria: { migration_complete_definition: { criteria: ["All validation gates passed"], approval_required: true, approvers: ["Product Manager"] } },
  post_migration: {
    monitoring_period: { duration: "2 days" },
    cleanup_tasks: [
      { task_id: "CLEANUP-1", name: "Drop old column", timing: "1 week after migration", responsible_party: "DBA", steps: ["Drop column"] },
      { task_id: "CLEANUP-2", name: "Remove flag", timing: "2-4 weeks after", steps: ["Remove feature flag"] },
      { task_id: "CLEANUP-3", name: "Archive logs", timing: "Next sprint" },
      { task_id: "CLEANUP-4", name: "Close ticket", timing: "Immediately after migration" },
    ],
  },
}) as unknown as Plan;

const approval = (gateId: string, role: string, identity: string): JournalEvent => ({
  kind: "approval.recorded",
  gateId,
  role,
  identity,
  decision: "approve",
  planHash: "plan-hash",
  evidenceHash: "evidence-hash",
});

// The journal as the engine writes it, at a time scale of 0.5: a week of plan time is 3.5 days.
const journal: ReadonlyArray<readonly [string, JournalEvent]> = [
  [
    "2026-03-01T10:00:00.000Z",
    { kind: "run.created", planPath: "migration-strategy.yaml", planHash: "plan-hash", startedBy: "ops", host: "h", pid: 1, timeScale: 0.5, fingerprints: {} },
  ],
  ["2026-03-01T10:00:01.000Z", { kind: "gate.started", gateId: "VG-2", phaseId: "" }],
  ["2026-03-01T10:00:02.000Z", { kind: "gate.passed", gateId: "VG-2" }],
  ["2026-03-01T10:00:03.000Z", { kind: "phase.started", phaseId: "PHASE-1" }],
  ["2026-03-01T10:00:04.000Z", { kind: "step.started", stepId: "STEP-1-1", phaseId: "PHASE-1", attempt: 1 }],
  [
    "2026-03-01T10:05:00.000Z",
    {
      kind: "trigger.fired",
      level: "phase",
      condition: "Error rate > 1%",
      detail: "Error rate read 0.02",
      needsApproval: true,
      decisionMaker: "DBA on call",
      source: { kind: "risk", riskId: "RISK-1", action: "Fail over to the old read path", responsibleParty: "DBA on call" },
    },
  ],
  ["2026-03-01T10:06:00.000Z", { kind: "decision.recorded", decision: "proceed", by: "dba" }],
  ["2026-03-01T10:07:00.000Z", { kind: "step.succeeded", stepId: "STEP-1-1" }],
  ["2026-03-01T10:08:00.000Z", { kind: "gate.started", gateId: "GATE-1", phaseId: "PHASE-1" }],
  ["2026-03-01T10:08:01.000Z", { kind: "gate.passed", gateId: "GATE-1" }],
  ["2026-03-01T10:08:02.000Z", { kind: "gate.started", gateId: "VG-1", phaseId: "PHASE-1" }],
  ["2026-03-01T10:08:03.000Z", { kind: "run.paused", waitingFor: { kind: "approvals", gateId: "VG-1", roles: ["Approver"], policy: "all", evidenceHash: "evidence-hash" } }],
  ["2026-03-01T11:00:00.000Z", approval("VG-1", "Approver", "alice")],
  ["2026-03-01T11:01:00.000Z", { kind: "run.resumed", by: "ops", host: "h", pid: 2, planHash: "plan-hash", changedSteps: [], fingerprints: {} }],
  ["2026-03-01T11:01:01.000Z", { kind: "gate.passed", gateId: "VG-1" }],
  ["2026-03-01T11:01:02.000Z", { kind: "phase.completed", phaseId: "PHASE-1" }],
  ["2026-03-01T11:01:03.000Z", { kind: "suite.started", suiteId: "REG-1", at: "post_migration", attempt: 1 }],
  ["2026-03-01T11:02:00.000Z", { kind: "suite.failed", suiteId: "REG-1", at: "post_migration", reason: "tests/checkout exited with 1" }],
  ["2026-03-01T11:30:00.000Z", { kind: "decision.recorded", decision: "retry", by: "ops" }],
  ["2026-03-01T11:30:01.000Z", { kind: "suite.started", suiteId: "REG-1", at: "post_migration", attempt: 2 }],
  ["2026-03-01T11:31:00.000Z", { kind: "suite.passed", suiteId: "REG-1", at: "post_migration" }],
  ["2026-03-01T11:31:01.000Z", { kind: "gate.started", gateId: "COMPLETE", phaseId: "" }],
  ["2026-03-01T11:59:00.000Z", approval("COMPLETE", "Product Manager", "pat")],
  ["2026-03-01T12:00:00.000Z", { kind: "gate.passed", gateId: "COMPLETE" }],
  ["2026-03-01T12:00:00.000Z", { kind: "completion.reached" }],
  ["2026-03-01T12:00:00.000Z", { kind: "monitoring.started", planMs: 2 * 86_400_000, deadline: "2026-03-02T12:00:00.000Z" }],
  ["2026-03-01T12:05:00.000Z", { kind: "cleanup.done", taskId: "CLEANUP-4", by: "ops", verdict: "passed", evidence: "JIRA-7 closed" }],
  ["2026-03-02T12:00:00.000Z", { kind: "monitoring.finished", verdicts: [{ site: "monitoring:error_rate", text: "Error rate", kind: "metric", verdict: "passed" }] }],
  ["2026-03-02T12:00:00.000Z", { kind: "run.finished", status: "completed" }],
  ["2026-03-04T09:00:00.000Z", { kind: "cleanup.done", taskId: "CLEANUP-2", by: "dev", verdict: "failed", detail: 'step "Remove feature flag" failed: exited with 1' }],
];

const records: JournalRecord[] = journal.map(([at, event], i) => ({ runId: "RUN-1", seq: i + 1, at, event }));
const run: RunSummary = {
  runId: "RUN-1",
  planKey: "k",
  planPath: "migration-strategy.yaml",
  status: "completed",
  startedAt: "2026-03-01T10:00:00.000Z",
  startedBy: "ops",
  updatedAt: "2026-03-04T09:00:00.000Z",
};
const session = { plan, index: indexPlan(plan) };
const statusAt = (now: string, upTo = records.length) => describeRunStatus(session, run, foldJournal(records.slice(0, upTo)), Date.parse(now));

describe("describeRunStatus for the whole plan", () => {
  it("shows a strategy gate awaiting its sign-off, where it is attached, and the cleanup tasks as pending before completion", () => {
    const paused = statusAt("2026-03-01T10:30:00.000Z", 12);
    expect(paused.strategy_gates).toEqual([
      {
        gate_id: "VG-1",
        name: "Data parity",
        type: "manual",
        location: "After PHASE-1",
        attached_at: { kind: "phase", phase_id: "PHASE-1", description: "after PHASE-1's own gate" },
        status: "awaiting_approval",
        attempt: 1,
        approvals: [],
      },
      {
        gate_id: "VG-2",
        type: "automated",
        location: "Before PHASE-1",
        attached_at: { kind: "start", description: "before the first phase starts" },
        status: "passed",
        attempt: 1,
        approvals: [],
      },
    ]);
    expect(paused.complete_gate).toEqual({ gate_id: "COMPLETE", status: "pending", approvals: [], approvers: ["Product Manager"] });
    expect(paused.completion_reached_at).toBeUndefined();
    expect(paused.monitoring).toBeUndefined();
    // Before completion nothing is due, and no date can be given.
    expect(paused.cleanup_tasks?.map((t) => [t.task_id, t.status, t.due_at])).toEqual([
      ["CLEANUP-1", "pending", undefined],
      ["CLEANUP-2", "pending", undefined],
      ["CLEANUP-3", "pending", undefined],
      ["CLEANUP-4", "pending", undefined],
    ]);
  });

  it("shows suites, realised risks, the COMPLETE gate, the monitoring period and cleanup tasks falling due in scaled time", () => {
    const report = statusAt("2026-03-05T06:00:00.000Z");
    expect(report.run.status).toBe("completed");
    expect(report.phases[0]?.gate).toEqual({ gate_id: "GATE-1", status: "passed", approvals: [] });
    expect(report.strategy_gates?.[0]).toMatchObject({ gate_id: "VG-1", status: "passed", approvals: [{ role: "Approver", identity: "alice" }] });
    expect(report.regression_suites).toEqual([{ suite_id: "REG-1", at: "post_migration", status: "passed", attempt: 2 }]);
    expect(report.realised_risks).toEqual([
      {
        risk_id: "RISK-1",
        condition: "Error rate > 1%",
        detail: "Error rate read 0.02",
        at: "2026-03-01T10:05:00.000Z",
        action: "Fail over to the old read path",
        responsible_party: "DBA on call",
      },
    ]);
    expect(report.complete_gate).toEqual({ gate_id: "COMPLETE", status: "passed", approvals: [{ role: "Product Manager", identity: "pat" }], approvers: ["Product Manager"] });
    expect(report.completion_reached_at).toBe("2026-03-01T12:00:00.000Z");
    expect(report.monitoring).toEqual({
      started_at: "2026-03-01T12:00:00.000Z",
      until: "2026-03-02T12:00:00.000Z",
      over: true,
      verdicts: [{ site: "monitoring:error_rate", text: "Error rate", kind: "metric", verdict: "passed" }],
    });
    expect(report.cleanup_tasks).toEqual([
      {
        task_id: "CLEANUP-1",
        name: "Drop old column",
        timing: "1 week after migration",
        responsible_party: "DBA",
        status: "due",
        // A week at half speed is 3.5 days; a single point in time stays due for a (scaled) day.
        due_at: "2026-03-05T00:00:00.000Z",
        overdue_at: "2026-03-05T12:00:00.000Z",
      },
      {
        task_id: "CLEANUP-2",
        name: "Remove flag",
        timing: "2-4 weeks after",
        status: "pending",
        due_at: "2026-03-08T12:00:00.000Z",
        overdue_at: "2026-03-15T12:00:00.000Z",
        last_failure: { by: "dev", at: "2026-03-04T09:00:00.000Z", detail: 'step "Remove feature flag" failed: exited with 1' },
      },
      {
        task_id: "CLEANUP-3",
        name: "Archive logs",
        timing: "Next sprint",
        status: "due",
        timing_problem: expect.stringContaining('cannot tell when "Next sprint" falls due'),
      },
      {
        task_id: "CLEANUP-4",
        name: "Close ticket",
        timing: "Immediately after migration",
        status: "done",
        done_by: "ops",
        done_at: "2026-03-01T12:05:00.000Z",
        evidence: "JIRA-7 closed",
      },
    ]);
  });

  it("says a task is overdue once past its latest time", () => {
    const later = statusAt("2026-03-05T12:00:00.001Z");
    expect(later.cleanup_tasks?.find((t) => t.task_id === "CLEANUP-1")?.status).toBe("overdue");
  });

  it("adds nothing for a plan with none of these sections", () => {
    const bare = buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1")])]) as unknown as Plan;
    const report = describeRunStatus({ plan: bare, index: indexPlan(bare) }, run, foldJournal(records.slice(0, 1)), Date.parse("2026-03-01T10:00:00.000Z"));
    expect(Object.keys(report)).toEqual(["run", "phases"]);
  });
});
