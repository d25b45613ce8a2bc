import { afterAll, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, writeRunFixture } from "../src/testing/run-fixture.js";

// SEMANTICS 11.1 and 11.3: the sections beyond migration_phases join the run. Metrics read a
// file the test (or a step) writes, so each case decides exactly what the run sees.
afterAll(removeRunFixtures);

const errorCount = {
  migration_monitoring: [{ metric_name: "Error count", measurement_method: "command: cat errors.txt", normal_range: "0-1", alert_threshold: "3", critical_threshold: "10" }],
};
const onePhase = (steps = [buildStep("STEP-1-1"), buildStep("STEP-1-2")]) => buildPhase("PHASE-1", steps, { validation_gate: { gate_id: "G1", failure_response: "block" } });
const files = (errors: number, extra: Record<string, string> = {}) => ({ ...fixtureScripts, "errors.txt": `${errors}\n`, ...extra });
const run = ["--ignore-window", "--time-scale", "0.001"];

describe("validation_strategy.validation_gates", () => {
  it("a gate attached after a phase rolls that phase back when its metric fails", async () => {
    const fixture = writeRunFixture({
      plan: buildPlan([onePhase()], {
        monitoring_and_observability: errorCount,
        validation_strategy: {
          validation_gates: [
            {
              gate_id: "VG-1",
              location: "After PHASE-1",
              type: "automated",
              criteria: [{ criterion: "Errors stay low", measurement: "Error count", threshold: "< 1" }],
              failure_handling: { response: "rollback" },
            },
          ],
        },
      }),
      files: files(5),
    });
    const outcome = await fixture.bascule("run", fixture.plan, ...run);
    expect(outcome.exitCode, outcome.stdout + outcome.stderr).toBe(1);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "undo STEP-1-2", "undo STEP-1-1"]);
    const status = await fixture.status();
    expect(status.run.status).toBe("rolled_back");
    expect(status.strategy_gates).toEqual([expect.objectContaining({ gate_id: "VG-1", status: "failed" })]);
  }, 60_000);
});

describe("validation_strategy.regression_validation", () => {
  it("a failing pre-migration suite fails the run before any step starts", async () => {
    const fixture = writeRunFixture({
      plan: buildPlan([onePhase()], {
        validation_strategy: { regression_validation: [{ regression_suite_id: "REG-1", location: "tests/regression.sh", execution_frequency: "pre_migration" }] },
      }),
      files: files(0, { "tests/regression.sh": "#!/bin/bash\necho 'checkout broken' >&2\nexit 1\n" }),
    });
    const outcome = await fixture.bascule("run", fixture.plan, ...run);
    expect(outcome.exitCode, outcome.stdout + outcome.stderr).toBe(1);
    const kinds = (await fixture.events()).map((e) => e.kind);
    expect(kinds).toContain("suite.failed");
    expect(kinds).not.toContain("step.started");
    expect(kinds).not.toContain("rollback.started");
    expect(fixture.read("log")).toBe("");
  }, 60_000);

  it("a continuous suite runs before anything changes, after every phase gate and before completion", async () => {
    const fixture = writeRunFixture({
      plan: buildPlan([onePhase([buildStep("STEP-1-1")])], {
        validation_strategy: { regression_validation: [{ regression_suite_id: "REG-2", location: "tests/smoke.sh", execution_frequency: "continuous" }] },
      }),
      files: files(0, { "tests/smoke.sh": '#!/bin/bash\necho "suite $BASCULE_RUN_ID" | cut -c1-5 >> log\n' }),
    });
    const outcome = await fixture.bascule("run", fixture.plan, ...run);
    expect(outcome.exitCode, outcome.stdout + outcome.stderr).toBe(0);
    expect(fixture.lines("log")).toEqual(["suite", "STEP-1-1", "suite", "suite"]);
    const status = await fixture.status();
    expect(status.regression_suites?.map((s) => s.at)).toEqual(["pre_migration", "after:G1", "post_migration"]);
  }, 60_000);
});

describe("risk_mitigation contingencies", () => {
  it("a realised risk pauses the run with its contingency, and decide rollback undoes the phase", async () => {
    const fixture = writeRunFixture({
      plan: buildPlan(
        [
          onePhase([
            buildStep("STEP-1-1", { execution_details: { commands: ["echo STEP-1-1 >> log", "echo 7 > errors.txt"] } }),
            buildStep("STEP-1-2", { execution_details: { commands: ["echo STEP-1-2 >> log; sleep 1"] } }),
          ]),
        ],
        {
          monitoring_and_observability: errorCount,
          risk_mitigation: {
            migration_risks: [
              {
                risk_id: "RISK-1",
                category: "data_loss",
                impact: "high",
                affected_phases: ["PHASE-1"],
                contingency: { trigger: "Error count > 3", action: "Restore the cart table from backup", responsible_party: "DBA Lead" },
              },
            ],
          },
        },
      ),
      files: files(0),
    });
    const paused = await fixture.bascule("run", fixture.plan, ...run);
    expect(paused.exitCode, paused.stdout + paused.stderr).toBe(3);
    expect(paused.stdout).toContain("Restore the cart table from backup");
    const status = await fixture.status();
    expect(status.waiting_for).toMatchObject({ kind: "decision", options: expect.arrayContaining(["rollback"]) });
    expect(status.realised_risks).toEqual([expect.objectContaining({ risk_id: "RISK-1" })]);

    const decided = await fixture.bascule("decide", fixture.plan, "rollback");
    expect(decided.exitCode, decided.stdout + decided.stderr).toBe(1);
    expect(fixture.lines("log").slice(-2)).toEqual(["undo STEP-1-2", "undo STEP-1-1"]);
    expect((await fixture.status()).run.status).toBe("rolled_back");
  }, 60_000);
});

describe("validation_strategy.continuous_validation", () => {
  it("a failing continuous check pauses the run for a decision; an alert condition alerts and the run goes on", async () => {
    const continuous = (checks: string[], alerts: string[]) => ({
      continuous_validation: [{ validation_id: "CV-1", frequency: "every 1 minute", checks, alert_conditions: alerts }],
    });
    const steps = [
      buildStep("STEP-1-1", { execution_details: { commands: ["echo STEP-1-1 >> log", "echo 2 > errors.txt"] } }),
      buildStep("STEP-1-2", { execution_details: { commands: ["echo STEP-1-2 >> log; sleep 1"] } }),
    ];
    const failing = writeRunFixture({
      plan: buildPlan([onePhase(steps)], { monitoring_and_observability: errorCount, validation_strategy: continuous(["Error count < 1"], []) }),
      files: files(0),
    });
    const paused = await failing.bascule("run", failing.plan, ...run);
    expect(paused.exitCode, paused.stdout + paused.stderr).toBe(3);
    expect((await failing.status()).waiting_for).toMatchObject({ kind: "decision", reason: expect.stringContaining("continuous validation CV-1") });

    const alerting = writeRunFixture({
      plan: buildPlan([onePhase(steps)], { monitoring_and_observability: errorCount, validation_strategy: continuous([], ["Error count > 1"]) }),
      files: files(0),
    });
    const completed = await alerting.bascule("run", alerting.plan, ...run);
    expect(completed.exitCode, completed.stdout + completed.stderr).toBe(0);
    const alerts = (await alerting.events()).filter((e) => e.kind === "alert.raised");
    expect(alerts).toEqual([expect.objectContaining({ source: "continuous-validation", text: "Error count > 1" })]);
  }, 60_000);
});

describe("migration_complete_definition", () => {
  it("the COMPLETE gate waits for its approver, after the completion criteria ran", async () => {
    const fixture = writeRunFixture({
      plan: buildPlan([onePhase()], {
        success_criteria: {
          migration_complete_definition: { criteria: ["Cart totals verified"], approval_required: true, approvers: ["Product Manager"] },
        },
      }),
      files: files(0),
      bindings: { checks: { "Cart totals verified": "test -s log" } },
    });
    const paused = await fixture.bascule("run", fixture.plan, ...run);
    expect(paused.exitCode, paused.stdout + paused.stderr).toBe(3);
    expect((await fixture.status()).waiting_for).toMatchObject({ kind: "approvals", gateId: "COMPLETE", roles: ["Product Manager"] });
    const approved = await fixture.bascule("approve", fixture.plan, "COMPLETE", "--as", "Product Manager");
    expect(approved.exitCode, approved.stdout + approved.stderr).toBe(0);
    const resumed = await fixture.bascule("run", fixture.plan, ...run);
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    const kinds = (await fixture.events()).map((e) => e.kind);
    expect(kinds.slice(-3)).toEqual(["gate.passed", "completion.reached", "run.finished"]);
  }, 60_000);
});

describe("post_migration", () => {
  it("a compressed monitoring period watches the metrics and ends with the business success verdict", async () => {
    const fixture = writeRunFixture({
      plan: buildPlan([onePhase()], {
        monitoring_and_observability: {
          migration_monitoring: [
            ...errorCount.migration_monitoring,
            { metric_name: "Discount use", measurement_method: "command: echo 0.2", normal_range: "5%-100%", alert_threshold: "2%", critical_threshold: "1%" },
          ],
        },
        success_criteria: {
          business_success: [{ criterion: "Users apply discount codes", measurement: "Discount use", target: "> 10% of orders", measurement_period: "First 2 weeks" }],
        },
        post_migration: {
          monitoring_period: { duration: "2 hours", alert_sensitivity: "high", enhanced_monitoring: ["Error count"] },
          cleanup_tasks: [{ task_id: "CLEAN-1", name: "Drop the old column", timing: "1 week after migration", steps: ["Drop column old_total"] }],
        },
      }),
      // 1 error is inside the normal range's edge; 2 leave it: with high sensitivity that alerts, below the alert threshold.
      files: files(2),
    });
    const outcome = await fixture.bascule("run", fixture.plan, "--ignore-window", "--time-scale", "0.0002");
    expect(outcome.exitCode, outcome.stdout + outcome.stderr).toBe(0);
    const events = await fixture.events();
    const finished = events.find((e) => e.kind === "monitoring.finished");
    expect(finished).toMatchObject({
      verdicts: expect.arrayContaining([
        expect.objectContaining({ kind: "business_success", text: "Discount use > 10%", verdict: "passed" }),
        expect.objectContaining({ kind: "metric", text: "Error count", verdict: "passed" }),
      ]),
    });
    expect(events.filter((e) => e.kind === "alert.raised")).toEqual([expect.objectContaining({ source: "monitoring-period", text: "Error count", level: "alert" })]);
    const status = await fixture.status();
    expect(status.monitoring?.verdicts?.length).toBe(3);
    expect(status.cleanup_tasks).toEqual([expect.objectContaining({ task_id: "CLEAN-1", due_at: expect.any(String) })]);
  }, 60_000);
});
