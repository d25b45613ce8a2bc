import { describe, expect, it } from "vitest";
import type { MetricReading } from "../ports/metric-provider.js";
import { RunSimulation } from "../testing/simulate-run.js";
import type { EngineMetric } from "./engine-metric.js";
import { buildMetricThresholds } from "./metric-thresholds.js";
import type { MissingDataPolicy } from "./missing-data-policy.js";

const thresholds = buildMetricThresholds({ normal_range: "0-0.1%", alert_threshold: "0.5%", critical_threshold: "1%" });
if (thresholds.kind !== "ok") throw new Error("thresholds");

const errorRate = (missing: MissingDataPolicy = { kind: "inconclusive", tries: 3 }): Map<string, EngineMetric> =>
  new Map([
    ["errorrate", { name: "error_rate", query: { kind: "prometheus", promql: "sum(rate(errors[1m]))" }, unit: "ratio", thresholds: thresholds.value, missing, timeoutMs: 1000 }],
  ]);

const plan = (stepExtra: string, strategy = "") => `
migration_phases:
  - phase_id: P1
    order: 1
    steps:
      - step_id: S1
        order: 1
        execution_details: { commands: ["flag 5%"] }
        rollback_procedure: { can_rollback: true, rollback_script: "flag-off.sh" }
${stepExtra}
    validation_gate: { gate_id: G1, failure_response: rollback }
${strategy}`;

const value = (v: number, nowMs: number): MetricReading => ({ kind: "value", value: v, at: new Date(nowMs).toISOString() });

describe("conditions read through metrics", () => {
  it("passes or fails a check on the reading, and keeps the reading as evidence", () => {
    for (const [reading, status] of [
      [0.0004, "completed"],
      [0.007, "rolled_back"],
    ] as const) {
      const sim = new RunSimulation(plan('        validation: { success_criteria: ["Error rate < 0.1%"] }'), { metrics: errorRate(), reading: (_r, now) => value(reading, now) });
      expect(sim.advance()).toEqual({ kind: "finish", status });
      expect(sim.events).toContainEqual(
        expect.objectContaining({ kind: "metric.sampled", metric: "error_rate", holds: reading < 0.001, level: reading < 0.001 ? "normal" : "alert" }),
      );
      expect(sim.events).toContainEqual(
        expect.objectContaining({ kind: "check.evaluated", text: "Error rate < 0.1%", via: "condition", verdict: reading < 0.001 ? "passed" : "failed" }),
      );
    }
  });

  it("never passes on missing data: inconclusive after N tries pauses for a person, naming why", () => {
    const sim = new RunSimulation(plan('        validation: { success_criteria: ["Error rate < 0.1%"] }'), { metrics: errorRate(), reading: () => ({ kind: "empty" }) });
    const paused = sim.advance();
    expect(paused).toMatchObject({
      kind: "pause",
      waitingFor: { kind: "attestations", items: [{ text: "Error rate < 0.1%", note: expect.stringContaining("inconclusive: all 3 readings had no number") }] },
    });
    expect(sim.events.filter((e) => e.kind === "metric.sampled")).toHaveLength(3);
  });

  it.each([
    [{ kind: "fail" } as const, { kind: "finish", status: "rolled_back" }],
    [{ kind: "pause" } as const, { kind: "pause" }],
  ])("follows the metric's missing-data policy %j", (policy, outcome) => {
    const sim = new RunSimulation(plan('        validation: { success_criteria: ["Error rate < 0.1%"] }'), {
      metrics: errorRate(policy),
      reading: () => ({ kind: "timeout", timeoutMs: 1000 }),
    });
    expect(sim.advance()).toMatchObject(outcome);
    expect(sim.events.filter((e) => e.kind === "metric.sampled")).toHaveLength(1);
  });
});

describe("observation", () => {
  const observed = '        estimated_duration: "3 days observation"\n        monitoring: { metrics_to_watch: [error_rate], alert_conditions: ["error_rate > 0.5%"] }';

  it("reads the alert conditions through the observation and fails the step when one holds", () => {
    let start = 0;
    const sim = new RunSimulation(plan(observed), {
      metrics: errorRate(),
      timeScale: 0.0001,
      reading: (_request, now) => {
        start ||= now;
        return value(now - start > 10_000 ? 0.007 : 0.0002, now);
      },
    });
    expect(sim.advance()).toEqual({ kind: "finish", status: "rolled_back" });
    const samples = sim.events.filter((e) => e.kind === "metric.sampled" && e.purpose === "observation");
    expect(samples.length).toBeGreaterThan(3);
    expect(sim.state.steps.get("S1")).toMatchObject({ reason: expect.stringContaining('alert condition "error_rate > 0.5%" held during observation') });
    expect(sim.ran()).toEqual(["flag 5%", "flag-off.sh"]);
  });

  it("completes when readings stay normal, having read all along", () => {
    const sim = new RunSimulation(plan(observed), { metrics: errorRate(), timeScale: 0.0001, reading: (_r, now) => value(0.0001, now) });
    const start = sim.nowMs;
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
    expect(sim.nowMs - start).toBeGreaterThanOrEqual(25_920);
    expect(sim.events.filter((e) => e.kind === "metric.sampled").length).toBeGreaterThan(50);
  });

  it("resumes an observation after a restart with the deadline it started with", () => {
    const first = new RunSimulation(plan(observed), { metrics: errorRate(), timeScale: 0.0001, reading: (_r, now) => value(0.0001, now) });
    // The first process dies in the middle of the observation.
    expect(() => first.advance(40)).toThrow("did not settle");
    const deadline = first.events.find((e) => e.kind === "observation.started");
    expect(deadline).toBeDefined();
    // A new process: the same journal, folded afresh, goes on to the same deadline.
    const second = new RunSimulation(plan(observed), { metrics: errorRate(), timeScale: 0.0001, reading: (_r, now) => value(0.0001, now) });
    second.events.length = 0;
    for (const event of first.events.slice(1)) second.record(event);
    second.nowMs = first.nowMs;
    expect(second.advance()).toEqual({ kind: "finish", status: "completed" });
    expect(second.events.filter((e) => e.kind === "observation.started")).toHaveLength(1);
    expect(second.nowMs).toBe(Date.parse((deadline as { deadline: string }).deadline));
  });
});

describe("rollback triggers", () => {
  const levels = (approval: boolean) => `rollback_strategy:
  rollback_levels:
    - level: step
      trigger_conditions: ["Error rate > 1%", "Calculation errors detected"]
      decision_maker: "On-call engineer"
      approval_required: ${approval}
`;
  const observedLong = '        estimated_duration: "1 day observation"\n        monitoring: { metrics_to_watch: [cart_errors] }';

  it("fires its level's rollback when a machine-checkable trigger holds", () => {
    let start = 0;
    const sim = new RunSimulation(plan(observedLong, levels(false)), {
      metrics: errorRate(),
      timeScale: 0.0001,
      reading: (_r, now) => {
        start ||= now;
        return value(now - start > 3_000 ? 0.02 : 0.0001, now);
      },
    });
    expect(sim.advance()).toEqual({ kind: "finish", status: "rolled_back" });
    expect(sim.events).toContainEqual(
      expect.objectContaining({ kind: "trigger.fired", level: "step", condition: "Error rate > 1%", detail: expect.stringContaining("read 0.02") }),
    );
    expect(sim.events).toContainEqual(expect.objectContaining({ kind: "rollback.started", level: "step", trigger: "metric", plannedSteps: ["S1"] }));
    const firing = sim.events.filter((e) => e.kind === "metric.sampled" && e.purpose === "trigger" && e.holds === true);
    expect(firing).toHaveLength(1);
  });

  it("pauses for the decision maker when the level needs approval, then rolls back on the decision", () => {
    let start = 0;
    const sim = new RunSimulation(plan(observedLong, levels(true)), {
      metrics: errorRate(),
      timeScale: 0.0001,
      reading: (_r, now) => {
        start ||= now;
        return value(now - start > 3_000 ? 0.02 : 0.0001, now);
      },
    });
    expect(sim.advance()).toMatchObject({
      kind: "pause",
      waitingFor: { kind: "decision", options: ["rollback", "proceed"], reason: expect.stringContaining("On-call engineer decides") },
    });
    sim.record({ kind: "decision.recorded", decision: "rollback", by: "oncall" });
    expect(sim.advance()).toEqual({ kind: "finish", status: "rolled_back" });
    expect(sim.ran()).toEqual(["flag 5%", "flag-off.sh"]);
  });
});

describe("health checks", () => {
  const withHealth = (
    response: string,
  ) => `${plan('        estimated_duration: "1 day observation"\n        monitoring: { metrics_to_watch: [cart_errors] }')}monitoring_and_observability:
  health_checks:
    - check_name: "Cart API health"
      frequency: "every 5 minutes"
      check_procedure: "command: curl -fsS http://cart/health"
      failure_response: "${response}"
`;

  it.each([
    ["Rollback the phase", { kind: "finish", status: "rolled_back" }],
    ["Pause the migration and page on-call", { kind: "pause" }],
  ])("runs at its frequency and follows its failure response: %s", (response, outcome) => {
    let start = 0;
    const sim = new RunSimulation(withHealth(response), {
      timeScale: 0.001,
      reading: (request, now) => {
        start ||= now;
        return value(request.purpose === "health" && now - start > 20_000 ? 0 : 1, now);
      },
    });
    expect(sim.advance()).toMatchObject(outcome);
    const reads = sim.events.filter((e) => e.kind === "metric.sampled" && e.purpose === "health");
    expect(reads.length).toBeGreaterThan(3);
    expect(sim.events).toContainEqual(expect.objectContaining({ kind: "trigger.fired", condition: "Cart API health", detail: expect.stringContaining(response) }));
  });

  it("only notes a failure whose response asks for nothing more", () => {
    let start = 0;
    const sim = new RunSimulation(withHealth("Alert the on-call engineer"), {
      timeScale: 0.001,
      reading: (request, now) => {
        start ||= now;
        return value(request.purpose === "health" && now - start > 20_000 ? 0 : 1, now);
      },
    });
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
    expect(sim.events.some((e) => e.kind === "metric.sampled" && e.purpose === "health" && e.holds === false)).toBe(true);
    expect(sim.events.some((e) => e.kind === "trigger.fired")).toBe(false);
  });
});
