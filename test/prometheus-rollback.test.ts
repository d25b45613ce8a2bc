import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrometheusMetricProvider } from "../src/adapters/prometheus/prometheus-metric-provider.js";
import type { MetricStatus } from "../src/app/monitor/read-metrics.js";
import type { JournalEvent, MetricSampled } from "../src/engine/journal-event.js";
import type { MetricReading } from "../src/ports/metric-provider.js";
import { type MetricsExporter, startMetricsExporter } from "../src/testing/metrics-exporter.js";
import { locatePrometheus, type PrometheusServer, startPrometheusServer } from "../src/testing/prometheus-server.js";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, type RunFixture, type StartedBascule, writeRunFixture } from "../src/testing/run-fixture.js";

// The acceptance criterion of metrics and automatic rollback: a real Prometheus scrapes an
// application the test controls; the test raises the application's error ratio in the middle
// of an observation, and the run, a real `bascule` process, rolls back at the level whose
// trigger names that metric, keeping the readings that made it do so.

const prometheus = locatePrometheus();
const inCi = process.env.CI === "true";
if (prometheus.kind === "missing" && !inCi) console.warn(`skipping the Prometheus rollback tests: ${prometheus.message}`);

if (prometheus.kind === "missing" && inCi) {
  describe("without a prometheus binary", () => {
    it("fails in CI, which must have one installed", () => {
      throw new Error(prometheus.message);
    });
  });
}

/** The share of failed requests over the last 5 s of one test case's traffic. */
const errorRatioQuery = (label: string) => `sum(rate(app_errors_total{case="${label}"}[5s])) / sum(rate(app_requests_total{case="${label}"}[5s]))`;

const BASELINE = 0.005;
const RAISED = 0.2;

/**
 * One phase: a plain step, then a step observed for "2 hours" (18 s at time_scale 0.0025) whose
 * own alert condition (> 50%) stays quiet at the raised 20%, so only the rollback level's
 * trigger (> 5%) can end the observation early.
 */
function writeObservedFixture(label: string, prometheusUrl: string, level: Readonly<Record<string, unknown>>): RunFixture {
  const observed = buildStep("STEP-1-2", {
    estimated_duration: "2 hours observation",
    monitoring: { metrics_to_watch: ["Error ratio"], alert_conditions: ["Error ratio > 50%"] },
  });
  return writeRunFixture({
    plan: buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1"), observed], { validation_gate: { gate_id: "GATE-1", failure_response: "rollback" } })], {
      monitoring_and_observability: {
        migration_monitoring: [
          { metric_name: "Error ratio", measurement_method: `prometheus: ${errorRatioQuery(label)}`, normal_range: "0-1%", alert_threshold: "3%", critical_threshold: "50%" },
        ],
      },
      rollback_strategy: { rollback_levels: [{ level: "phase", trigger_conditions: ["Error ratio > 5%"], ...level }] },
    }),
    files: fixtureScripts,
    bindings: { prometheus: { url: prometheusUrl }, time_scale: 0.0025 },
  });
}

/** Settles once the process prints `text`, or has ended without printing it. */
function printed(run: StartedBascule, text: string): Promise<boolean> {
  return new Promise((resolve) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        run.child.stdout?.off("data", onData);
        resolve(true);
      }
    };
    run.child.stdout?.on("data", onData);
    void run.exited.then(() => resolve(seen.includes(text)));
  });
}

const samplesOf = (events: readonly JournalEvent[]) => events.filter((e): e is MetricSampled => e.kind === "metric.sampled");
const readingValue = (sample: MetricSampled) => (sample.reading.kind === "value" ? sample.reading.value : Number.NaN);

describe.runIf(prometheus.kind === "found")("a run watching a real Prometheus", () => {
  let exporter: MetricsExporter;
  let server: PrometheusServer;
  let traffic: ReturnType<typeof setInterval>;
  /** The error ratio of each case's traffic, changed by the test while a run watches it. */
  const errorRatio = new Map<string, number>([
    ["auto", BASELINE],
    ["approval", BASELINE],
  ]);

  beforeAll(async () => {
    exporter = await startMetricsExporter();
    const requests = exporter.counter("app_requests_total", ["case"]);
    const errors = exporter.counter("app_errors_total", ["case"]);
    // Steady traffic, both counters moved in one tick so every scrape sees them together.
    traffic = setInterval(() => {
      for (const [label, ratio] of errorRatio) {
        requests.inc({ case: label }, 200);
        errors.inc({ case: label }, 200 * ratio);
      }
    }, 100);
    server = await startPrometheusServer({ binary: prometheus.kind === "found" ? prometheus.path : "", targets: [exporter.target], scrapeInterval: "1s" });
    // Prometheus needs two scrapes before a rate exists: start no run before the ratio reads.
    const provider = new PrometheusMetricProvider({ url: server.url });
    for (const label of errorRatio.keys()) {
      const reading = await readUntil(provider, errorRatioQuery(label), (r) => r.kind === "value" && Math.abs(r.value - BASELINE) < 1e-6);
      if (reading.kind !== "value") throw new Error(`the error ratio of case ${label} never became readable: ${JSON.stringify(reading)}`);
    }
  }, 60_000);

  afterAll(async () => {
    clearInterval(traffic);
    await server?.stop();
    await exporter?.close();
    removeRunFixtures();
  });

  it("rolls the phase back when the error ratio crosses the level's trigger mid-observation, keeping the readings as evidence", async () => {
    const fixture = writeObservedFixture("auto", server.url, { decision_maker: "On-call engineer", approval_required: false });
    const baseline = await monitorErrorRatio(fixture);
    expect(baseline).toMatchObject({ query: `prometheus: ${errorRatioQuery("auto")}`, state: "normal" });
    expect(baseline?.value).toBeCloseTo(BASELINE, 9);
    const run = fixture.start("run", fixture.plan);
    const observing = await printed(run, "observing until");
    errorRatio.set("auto", RAISED);
    const exited = await run.exited;
    expect(observing, exited.stdout + exited.stderr).toBe(true);
    expect(exited.code, exited.stdout + exited.stderr).toBe(1);

    expect((await fixture.status()).run.status).toBe("rolled_back");
    const events = await fixture.events();
    const fired = events.findIndex((e) => e.kind === "trigger.fired");
    expect(events[fired]).toMatchObject({
      kind: "trigger.fired",
      level: "phase",
      condition: "Error ratio > 5%",
      needsApproval: false,
      detail: expect.stringContaining("Error ratio read 0."),
    });
    expect(events.find((e) => e.kind === "rollback.started")).toMatchObject({
      level: "phase",
      trigger: "metric",
      reason: expect.stringContaining('rollback trigger "Error ratio > 5%" held'),
      plannedSteps: ["STEP-1-2", "STEP-1-1"],
    });
    // The rollback scripts ran, the observed step's first.
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "undo STEP-1-2", "undo STEP-1-1"]);

    const triggerSamples = samplesOf(events.slice(0, fired)).filter((s) => s.purpose === "trigger");
    const held = triggerSamples.at(-1) as MetricSampled;
    expect(held).toMatchObject({ metric: "Error ratio", condition: "Error ratio > 5%", holds: true, reading: { kind: "value" } });
    expect(readingValue(held)).toBeGreaterThan(0.05);
    // Before it, the same trigger read the baseline: normal, and not holding.
    const before = triggerSamples.slice(0, -1);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((s) => s.holds === false)).toBe(true);
    expect(before.some((s) => s.level === "normal" && Math.abs(readingValue(s) - BASELINE) < 1e-6)).toBe(true);
    // The observation watched all along, and its own alert (> 50%) never held: the trigger rolled back.
    const observed = samplesOf(events).filter((s) => s.purpose === "observation");
    expect(observed.length).toBeGreaterThan(0);
    expect(observed.some((s) => s.holds === true)).toBe(false);
    // `bascule monitor` reads the same metric from the same Prometheus: past alert (3%), short of critical (50%).
    expect(await monitorErrorRatio(fixture)).toMatchObject({ state: "alert", value: expect.any(Number) });
  }, 60_000);

  it("pauses for the decision maker when the level needs approval, and `decide rollback` rolls the phase back", async () => {
    const fixture = writeObservedFixture("approval", server.url, { decision_maker: "Incident commander", approval_required: true });
    const run = fixture.start("run", fixture.plan);
    const observing = await printed(run, "observing until");
    errorRatio.set("approval", RAISED);
    const exited = await run.exited;
    expect(observing, exited.stdout + exited.stderr).toBe(true);
    expect(exited.code, exited.stdout + exited.stderr).toBe(3);

    const paused = await fixture.status();
    expect(paused.run.status).toBe("paused");
    expect(paused.waiting_for?.kind).toBe("decision");
    const events = await fixture.events();
    expect(events).toContainEqual(expect.objectContaining({ kind: "trigger.fired", level: "phase", needsApproval: true, decisionMaker: "Incident commander" }));
    expect(events).toContainEqual(
      expect.objectContaining({
        kind: "run.paused",
        waitingFor: expect.objectContaining({ kind: "decision", reason: expect.stringContaining("Incident commander decides"), options: ["rollback", "proceed"] }),
      }),
    );
    // Nothing is undone before someone decides.
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2"]);
    expect(events.some((e) => e.kind === "rollback.started")).toBe(false);

    const decided = await fixture.bascule("decide", fixture.plan, "rollback", "--as", "ines");
    expect(decided.exitCode, decided.stdout + decided.stderr).toBe(1);
    expect((await fixture.status()).run.status).toBe("rolled_back");
    const after = await fixture.events();
    expect(after).toContainEqual(expect.objectContaining({ kind: "decision.recorded", decision: "rollback", by: "ines" }));
    expect(after).toContainEqual(expect.objectContaining({ kind: "rollback.started", level: "phase", trigger: "metric", plannedSteps: ["STEP-1-2", "STEP-1-1"] }));
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "undo STEP-1-2", "undo STEP-1-1"]);
    const held = samplesOf(after).filter((s) => s.purpose === "trigger" && s.holds === true);
    expect(held).toHaveLength(1);
    expect(readingValue(held[0] as MetricSampled)).toBeGreaterThan(0.05);
  }, 60_000);
});

async function monitorErrorRatio(fixture: RunFixture): Promise<MetricStatus | undefined> {
  const outcome = await fixture.bascule("monitor", fixture.plan, "--once", "--json");
  expect(outcome.exitCode, outcome.stderr).toBe(0);
  return (JSON.parse(outcome.stdout) as { metrics: MetricStatus[] }).metrics.find((m) => m.name === "Error ratio");
}

/** Reads until `accept` holds or the budget is spent, and returns the last reading either way. */
async function readUntil(provider: PrometheusMetricProvider, promql: string, accept: (reading: MetricReading) => boolean, budgetMs = 30_000): Promise<MetricReading> {
  const deadline = Date.now() + budgetMs;
  let reading = await provider.read({ kind: "prometheus", promql }, { timeoutMs: 5_000 });
  while (!accept(reading) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    reading = await provider.read({ kind: "prometheus", promql }, { timeoutMs: 5_000 });
  }
  return reading;
}
