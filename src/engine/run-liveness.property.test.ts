import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MetricReading } from "../ports/metric-provider.js";
import { RunSimulation } from "../testing/simulate-run.js";
import type { EngineMetric } from "./engine-metric.js";
import { buildMetricThresholds } from "./metric-thresholds.js";
import type { MissingDataPolicy } from "./missing-data-policy.js";
import { decideNext } from "./decide-next.js";
import type { Decision } from "./run-context.js";

/*
 * Liveness: from any state, without new input from outside, the engine reaches a pause or an
 * end, within a number of decisions bounded by the plan's size (plus readings at the watch
 * cadence over the time the plan itself takes), whatever the outcomes, the readings' values,
 * their timing or their absence, and however often the process dies and resumes.
 */

const thresholds = buildMetricThresholds({ normal_range: "0-3", alert_threshold: "6", critical_threshold: "9" });
if (thresholds.kind !== "ok") throw new Error("thresholds");
const metricThresholds = thresholds.value;
const metricNames = ["m1", "m2", "m3", "m4"] as const;

const stepArb = fc.record({
  fails: fc.boolean(),
  undo: fc.constantFrom("script", "none", "wall"),
  idempotent: fc.boolean(),
  precondition: fc.constantFrom("none", "metric", "bound-false", "bound-true", "prose", "reference"),
  observed: fc.boolean(),
  check: fc.constantFrom("none", "metric", "bound-false", "bound-true"),
});
const phaseArb = fc.record({
  steps: fc.array(stepArb, { minLength: 1, maxLength: 3 }),
  start: fc.constantFrom("none", "metric", "bound-false", "bound-true", "prose"),
  gate: fc.constantFrom("none", "block", "rollback", "manual_decision"),
  gateCheck: fc.constantFrom("none", "metric", "bound-false", "approval"),
  wall: fc.boolean(),
});
const worldArb = fc.record({
  phases: fc.array(phaseArb, { minLength: 1, maxLength: 3 }),
  triggers: fc.array(fc.record({ level: fc.constantFrom("step", "phase", "full"), approval: fc.boolean(), metric: fc.constantFrom(...metricNames) }), { maxLength: 2 }),
  health: fc.constantFrom("none", "notify", "pause", "rollback"),
  policies: fc.array(fc.constantFrom<MissingDataPolicy>({ kind: "fail" }, { kind: "pause" }, { kind: "inconclusive", tries: 2 }), { minLength: 4, maxLength: 4 }),
  // Readings cycle through these: a value, or no number at all.
  readings: fc.array(fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), fc.constant(Number.NaN)), { minLength: 1, maxLength: 12 }),
  // Reading latencies up to three watch intervals: some reading is then always stale somewhere.
  readMs: fc.array(fc.integer({ min: 0, max: 900 }), { minLength: 1, maxLength: 6 }),
  actMs: fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 4 }),
  crashes: fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }),
  maxRestarts: fc.integer({ min: 0, max: 3 }),
});
type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

const condition = (kind: string, i: number): string[] => {
  const metric = metricNames[i % metricNames.length];
  switch (kind) {
    case "metric":
      return [`${metric} < 5`];
    case "bound-false":
      return ["Bound false"];
    case "bound-true":
      return ["Bound true"];
    case "prose":
      return ["Someone looked at it"];
    case "reference":
      return i > 0 ? [`S0-0 successful`] : [];
    default:
      return [];
  }
};

function planOf(world: World): string {
  const lines: string[] = ["migration_phases:"];
  world.phases.forEach((phase, p) => {
    lines.push(`  - phase_id: P${p}`, `    order: ${p + 1}`);
    const start = condition(phase.start, p);
    if (start.length > 0) lines.push(`    start_condition: ${JSON.stringify(start)}`);
    lines.push("    steps:");
    phase.steps.forEach((step, s) => {
      const id = `S${p}-${s}`;
      lines.push(`      - step_id: ${id}`, `        order: ${s + 1}`);
      if (step.idempotent) lines.push("        x-idempotent: true");
      const pre = condition(step.precondition, p + s);
      if (pre.length > 0) lines.push(`        preconditions: ${JSON.stringify(pre)}`);
      lines.push(`        execution_details: { commands: [${JSON.stringify(step.fails ? `fail ${id}` : `apply ${id}`)}] }`);
      if (step.undo !== "none") lines.push(`        rollback_procedure: { can_rollback: ${step.undo === "script"}, rollback_script: "undo-${id}.sh" }`);
      const check = condition(step.check, s + 1);
      if (check.length > 0) lines.push(`        validation: { validation_checks: ${JSON.stringify(check)} }`);
      if (step.observed) {
        lines.push('        estimated_duration: "2 minutes observation"');
        lines.push(`        monitoring: { metrics_to_watch: [${metricNames.join(", ")}], alert_conditions: ["m1 > 8", "m2 > 8"] }`);
      }
    });
    if (phase.wall) lines.push("    rollback_point: { can_rollback_from_here: false }");
    if (phase.gate !== "none") {
      lines.push("    validation_gate:", `      gate_id: G${p}`, `      failure_response: ${phase.gate}`);
      if (phase.gateCheck === "approval") lines.push('      approvers: ["DBA Lead"]');
      else if (phase.gateCheck !== "none") lines.push(`      criteria: ${JSON.stringify(condition(phase.gateCheck, p + 2))}`);
    }
  });
  if (world.triggers.length > 0) {
    lines.push("rollback_strategy:", "  rollback_levels:");
    for (const t of world.triggers) lines.push(`    - level: ${t.level}`, `      trigger_conditions: ["${t.metric} > 9"]`, `      approval_required: ${t.approval}`);
  }
  if (world.health !== "none") {
    const response = world.health === "notify" ? "notify on-call" : world.health === "pause" ? "pause the migration" : "rollback the phase";
    lines.push(
      "monitoring_and_observability:",
      "  health_checks:",
      "    - check_name: Cart health",
      '      check_procedure: "command: curl cart"',
      '      frequency: "every 1 minute"',
      `      failure_response: ${response}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function metricsOf(world: World): Map<string, EngineMetric> {
  return new Map(
    metricNames.map(
      (name, i) =>
        [
          name,
          {
            name,
            query: { kind: "command", command: `read ${name}` },
            unit: "ratio",
            thresholds: metricThresholds,
            missing: world.policies[i] ?? { kind: "fail" },
            timeoutMs: 1_000,
          },
        ] as const,
    ),
  );
}

function simulate(world: World): { sim: RunSimulation; last: Decision | undefined; error?: string; planSize: number } {
  const cycle = <T>(values: readonly T[]) => {
    let i = 0;
    return () => values[i++ % values.length] as T;
  };
  const nextReading = cycle(world.readings);
  const nextReadMs = cycle(world.readMs);
  const nextActMs = cycle(world.actMs);
  const nextCrash = cycle(world.crashes);
  let restarts = 0;
  const sim = new RunSimulation(planOf(world), {
    metrics: metricsOf(world),
    timeScale: 0.01,
    checks: { "Bound false": "false", "Bound true": "true" },
    outcome: (effect) => {
      const run = effect.run;
      const command = run.kind === "shell" ? run.command : "";
      // A bound check's command is its verdict; "fail …" commands and health checks fail.
      return command.startsWith("fail") || command === "false" ? { outcome: { kind: "exited", exitCode: 1 } } : undefined;
    },
    reading: (request, nowMs): MetricReading => {
      if (request.metric.query.kind === "command" && request.metric.query.command.includes("curl cart")) {
        return { kind: "value", value: nextReading() > 5 ? 1 : 0, at: new Date(nowMs).toISOString() };
      }
      const value = nextReading();
      return Number.isNaN(value) ? { kind: "error", message: "scrape failed" } : { kind: "value", value, at: new Date(nowMs).toISOString() };
    },
    readMs: () => nextReadMs(),
    actMs: () => nextActMs(),
    crash: () => {
      if (restarts >= world.maxRestarts || !nextCrash()) return false;
      restarts += 1;
      return true;
    },
  });
  const steps = world.phases.reduce((n, p) => n + p.steps.length, 0);
  const planSize = 1 + world.phases.length * 2 + steps + world.triggers.length + (world.health === "none" ? 0 : 1);
  try {
    return { sim, last: sim.advance(20_000), planSize };
  } catch (error) {
    const next = JSON.stringify(decideNext({ ...sim.context, nowMs: sim.nowMs }, sim.state));
    return {
      sim,
      last: undefined,
      error: `${String(error)}; decisions ${JSON.stringify(sim.decisions)}; next ${next.slice(0, 400)}; now ${sim.nowMs}; events ${JSON.stringify(sim.events.slice(1))}`,
      planSize,
    };
  }
}

describe("the engine always reaches a pause or an end", () => {
  it("for generated plans, outcomes, readings, reading delays and restarts", () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const { sim, last, error, planSize } = simulate(world);
        // It settles: no decision loop, no reading that never ends.
        expect(last?.kind === "pause" || last?.kind === "finish", `did not settle (${error}):\n${planOf(world)}\n${sim.kinds().slice(-12).join(", ")}`).toBe(true);
        // Bookkeeping and actions are linear in the plan's size, for each life of the process.
        const forward = sim.decisions.record + sim.decisions.act;
        expect(forward).toBeLessThanOrEqual(40 * planSize * (1 + sim.restarts));
        // Readings come at the watch cadence, never faster, over the time the run took.
        const elapsedMs = sim.nowMs - Date.parse("2025-10-06T15:00:00Z");
        const cadenceMs = 200;
        const sites = 2 + metricNames.length + world.triggers.length + 1 + 3 * planSize;
        expect(sim.decisions.measure).toBeLessThanOrEqual((elapsedMs / cadenceMs + 3) * sites * (1 + sim.restarts));
      }),
      { numRuns: Number(process.env.BASCULE_PROPERTY_RUNS ?? 300) },
    );
  });
});
