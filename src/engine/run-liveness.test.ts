import { describe, expect, it } from "vitest";
import type { MetricReading } from "../ports/metric-provider.js";
import { RunSimulation } from "../testing/simulate-run.js";
import type { EngineMetric } from "./engine-metric.js";
import { buildMetricThresholds } from "./metric-thresholds.js";

const thresholds = buildMetricThresholds({ normal_range: "0-3", alert_threshold: "6", critical_threshold: "9" });
if (thresholds.kind !== "ok") throw new Error("thresholds");
const names = ["m1", "m2", "m3", "m4"];
const metrics = new Map<string, EngineMetric>(
  names.map((name) => [
    name,
    { name, query: { kind: "command", command: `read ${name}` }, unit: "ratio", thresholds: thresholds.value, missing: { kind: "fail" }, timeoutMs: 1_000 },
  ]),
);
const zero = (_request: unknown, nowMs: number): MetricReading => ({ kind: "value", value: 0, at: new Date(nowMs).toISOString() });

const startFalse = (response: string) => `
migration_phases:
  - phase_id: P1
    order: 1
    start_condition: ["Cart is quiet"]
    steps:
      - step_id: S1
        order: 1
        execution_details: { commands: ["apply-1"] }
    validation_gate: { gate_id: G1, failure_response: ${response} }
`;

describe("a failing start condition follows the gate's failure_response once", () => {
  const checks = { "Cart is quiet": "false" };
  const failedOnce = (sim: RunSimulation) => expect(sim.kinds().filter((k) => k === "phase.failed")).toHaveLength(1);

  it("block: the run fails once and waits for retry or rollback", () => {
    const sim = new RunSimulation(startFalse("block"), { checks, outcome: () => ({ outcome: { kind: "exited", exitCode: 1 } }) });
    expect(sim.advance()).toEqual({ kind: "finish", status: "failed" });
    failedOnce(sim);
    expect(sim.state.awaitingDecision?.options).toEqual(["retry", "rollback"]);
    expect(sim.ran()).toEqual(["false"]);
  });

  it("rollback: the phase is rolled back once, with nothing of it to undo", () => {
    const sim = new RunSimulation(startFalse("rollback"), { checks, outcome: () => ({ outcome: { kind: "exited", exitCode: 1 } }) });
    expect(sim.advance()).toEqual({ kind: "finish", status: "rolled_back" });
    failedOnce(sim);
    expect(sim.events.filter((e) => e.kind === "rollback.started")).toEqual([expect.objectContaining({ level: "phase", plannedSteps: [] })]);
  });

  it("manual_decision: pauses once; retry checks the condition again in a new attempt, proceed starts the phase", () => {
    let quiet = false;
    const sim = new RunSimulation(startFalse("manual_decision"), {
      checks,
      outcome: (e) => (e.run.kind === "shell" && e.run.command === "false" && !quiet ? { outcome: { kind: "exited", exitCode: 1 } } : undefined),
    });
    expect(sim.advance()).toMatchObject({ kind: "pause", waitingFor: { kind: "decision", phaseId: "P1" } });
    expect(sim.advance()).toMatchObject({ kind: "pause", waitingFor: { kind: "decision" } });
    failedOnce(sim);

    sim.record({ kind: "decision.recorded", decision: "retry", by: "oncall" });
    expect(sim.advance()).toMatchObject({ kind: "pause", waitingFor: { kind: "decision" } });
    expect(sim.kinds().filter((k) => k === "phase.started")).toHaveLength(2);
    expect(sim.ran()).toEqual(["false", "false"]);

    sim.record({ kind: "decision.recorded", decision: "proceed", by: "oncall" });
    quiet = true;
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
    expect(sim.ran()).toEqual(["false", "false", "apply-1"]);
  });
});

const observed = `
migration_phases:
  - phase_id: P1
    order: 1
    steps:
      - step_id: S1
        order: 1
        execution_details: { commands: ["flag 100%"] }
        estimated_duration: "1 hour observation"
        monitoring: { metrics_to_watch: [m1, m2, m3, m4] }
`;

describe("observation ends at its deadline whatever the readings' timing", () => {
  it("four watched metrics that take 150 ms each, read every 200 ms: some reading is always stale, and the step still ends", () => {
    // One hour at 0.0001 is 360 ms of real time; the watch interval is its 200 ms floor.
    const sim = new RunSimulation(observed, { metrics, timeScale: 0.0001, reading: zero, readMs: () => 150 });
    const start = sim.nowMs;
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
    const finished = sim.events.findIndex((e) => e.kind === "observation.finished");
    expect(finished).toBeGreaterThan(0);
    expect(sim.nowMs - start).toBeLessThan(360 + 150 + 1);
    expect(sim.decisions.measure).toBeLessThanOrEqual(4);
  });

  it("a failure in any watched reading still fails the step before the deadline", () => {
    let n = 0;
    const sim = new RunSimulation(observed, {
      metrics,
      timeScale: 0.0001,
      readMs: () => 150,
      reading: (request, nowMs) => ({ kind: "value", value: request.metric.name === "m2" && ++n > 0 ? 9.5 : 0, at: new Date(nowMs).toISOString() }),
    });
    expect(sim.advance()).toEqual({ kind: "finish", status: "failed" });
    expect(sim.state.steps.get("S1")?.reason).toMatch(/m2 read 9.5, past its critical threshold/);
  });
});

describe("rollback triggers read in the background never starve the run", () => {
  const watchedPlan = `${observed.replace(/\n\s+estimated_duration.*\n.*monitoring.*\n/, "\n")}      - step_id: S2
        order: 2
        execution_details: { commands: ["flag off old path"] }
rollback_strategy:
  rollback_levels:
    - { level: phase, trigger_conditions: ["m1 > 9", "m2 > 9", "m3 > 9", "m4 > 9"] }
`;

  it("with readings slower than the watch interval, steps still run, and readings stay at most half the time", () => {
    const sim = new RunSimulation(watchedPlan, { metrics, timeScale: 0.0001, reading: zero, readMs: () => 300, actMs: () => 1_000 });
    const start = sim.nowMs;
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
    expect(sim.ran()).toEqual(["flag 100%", "flag off old path"]);
    const readingMs = sim.decisions.measure * 300;
    expect(readingMs).toBeLessThanOrEqual((sim.nowMs - start) / 2 + 4 * 300);
  });

  it("a trigger whose readings are missing is read again at its interval, never spun on while a step is observed", () => {
    const plan = `${observed}rollback_strategy:\n  rollback_levels:\n    - { level: phase, trigger_conditions: ["m1 > 9"] }\n`;
    const sim = new RunSimulation(plan.replace("metrics_to_watch: [m1, m2, m3, m4]", "metrics_to_watch: []"), {
      metrics,
      timeScale: 0.0001,
      reading: () => ({ kind: "error", message: "scrape failed" }),
      actMs: () => 1_000,
    });
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
    expect(sim.decisions.wait).toBeLessThan(50);
  });
});
