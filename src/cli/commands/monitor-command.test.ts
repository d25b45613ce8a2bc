import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetricStatus } from "../../app/monitor/read-metrics.js";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, type RunFixture, writeRunFixture } from "../../testing/run-fixture.js";

afterAll(removeRunFixtures);

const monitored = [
  { metric_name: "Queue depth", measurement_method: "command: echo 42", normal_range: "0-50", alert_threshold: "80", critical_threshold: "100" },
  {
    metric_name: "Error ratio",
    measurement_method: "sql: app: SELECT errors * 1.0 / requests FROM stats",
    normal_range: "0-0.1%",
    alert_threshold: "0.5%",
    critical_threshold: "1%",
  },
  {
    metric_name: "Checkout accuracy",
    measurement_method: "sql: app: SELECT matched * 1.0 / total FROM accuracy",
    normal_range: "100%",
    alert_threshold: "99.9%",
    critical_threshold: "99%",
  },
  { metric_name: "Latency p99", measurement_method: "command: true", alert_threshold: "300", critical_threshold: "500" },
  { metric_name: "Cache status", measurement_method: "sql: app: SELECT 'n/a'", alert_threshold: "1", critical_threshold: "2" },
  { metric_name: "Broken probe", measurement_method: "command: echo probe down >&2; exit 3", alert_threshold: "1", critical_threshold: "2" },
  { metric_name: "Business KPIs", measurement_method: "Dashboards and weekly reports", alert_threshold: "1", critical_threshold: "2" },
  { metric_name: "Replication lag", normal_range: "0-1%", alert_threshold: "2%", critical_threshold: "5%" },
];

function writeMonitorFixture(): RunFixture {
  const fixture = writeRunFixture({
    plan: buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1")])], { monitoring_and_observability: { migration_monitoring: monitored } }),
    files: fixtureScripts,
    bindings: {
      systems: { app: { url: "sqlite:app.db" } },
      metrics: {
        // Bound in percent: 3 means 3%, judged against the plan's "2%" and "5%".
        replication_lag: { query: "command: echo 3", unit: "percent" },
        slow_probe: { query: "command: sleep 5; echo 1", timeout: "300 milliseconds" },
        deploys_today: { query: "command: echo 7" },
      },
    },
  });
  const db = new Database(join(fixture.dir, "app.db"));
  db.exec("CREATE TABLE stats (errors INTEGER, requests INTEGER); INSERT INTO stats VALUES (3, 100);");
  db.exec("CREATE TABLE accuracy (matched INTEGER, total INTEGER); INSERT INTO accuracy VALUES (9985, 10000);");
  db.close();
  return fixture;
}

describe("bascule monitor --once", () => {
  let fixture: RunFixture;
  beforeAll(() => {
    fixture = writeMonitorFixture();
  });

  it("--json reads every monitored and bound metric once and judges it against its thresholds", async () => {
    const outcome = await fixture.bascule("monitor", fixture.plan, "--once", "--json");
    expect(outcome.stderr).toBe("");
    expect(outcome.exitCode).toBe(0);
    const { metrics } = JSON.parse(outcome.stdout) as { metrics: MetricStatus[] };
    const byName = new Map(metrics.map((m) => [m.name, m]));
    // Plan order first, then what only the bindings name.
    expect(metrics.map((m) => m.name)).toEqual([
      "Queue depth",
      "Error ratio",
      "Checkout accuracy",
      "Latency p99",
      "Cache status",
      "Broken probe",
      "Business KPIs",
      "replication_lag",
      "slow_probe",
      "deploys_today",
    ]);
    expect(byName.get("Queue depth")).toMatchObject({ query: "command: echo 42", value: 42, state: "normal", at: expect.any(String) });
    expect(byName.get("Error ratio")).toEqual({
      name: "Error ratio",
      query: "sql: app: SELECT errors * 1.0 / requests FROM stats",
      unit: "ratio",
      value: 0.03,
      state: "critical",
      at: expect.any(String),
      thresholds: {
        direction: "higher-is-worse",
        normal: { min: 0, max: 0.001 },
        alert: 0.005,
        critical: 0.01,
        written: { normal_range: "0-0.1%", alert_threshold: "0.5%", critical_threshold: "1%" },
      },
    });
    // Lower is worse for accuracy: 99.85% is below the alert line of 99.9%, above critical's 99%.
    expect(byName.get("Checkout accuracy")).toMatchObject({ value: 0.9985, state: "alert", thresholds: { direction: "lower-is-worse" } });
    expect(byName.get("Replication lag")).toBeUndefined();
    expect(byName.get("replication_lag")).toMatchObject({ unit: "percent", value: 3, state: "alert", thresholds: { normal: { min: 0, max: 1 }, alert: 2, critical: 5 } });
  });

  it("--json says which kind of no data each metric without a number had, and why", async () => {
    const { metrics } = JSON.parse((await fixture.bascule("monitor", fixture.plan, "--once", "--json")).stdout) as { metrics: MetricStatus[] };
    const byName = new Map(metrics.map((m) => [m.name, m]));
    expect(byName.get("Latency p99")).toMatchObject({ value: null, state: "no data", no_data: "empty", reason: "empty: the provider returned no data" });
    expect(byName.get("Cache status")).toMatchObject({ value: null, state: "no data", no_data: "nan", reason: 'nan: the provider returned "n/a", not a number' });
    expect(byName.get("Broken probe")).toMatchObject({ state: "no data", no_data: "error", reason: expect.stringContaining("exited with code 3") });
    expect(byName.get("slow_probe")).toMatchObject({ state: "no data", no_data: "timeout", reason: expect.stringMatching(/^timeout: no answer within 300/) });
    expect(byName.get("Business KPIs")).toMatchObject({
      query: null,
      value: null,
      state: "not automatic",
      reason: expect.stringContaining('"Dashboards and weekly reports" is prose'),
    });
    expect(byName.get("deploys_today")).toMatchObject({ value: 7, state: "no thresholds", thresholds: null, reason: expect.stringContaining("no entry for it") });
    // Monitoring reads; it creates no state beside the plan.
    expect(fixture.exists(".bascule")).toBe(false);
  });

  it("prints a table with the thresholds as the plan wrote them, and a note per metric it could not judge", async () => {
    const outcome = await fixture.bascule("monitor", fixture.plan, "--once");
    expect(outcome.exitCode).toBe(0);
    const lines = outcome.stdout.split("\n");
    expect(lines[0]).toMatch(/^METRIC\s+VALUE\s+STATE\s+NORMAL\s+ALERT\s+CRITICAL$/);
    expect(lines).toContainEqual(expect.stringMatching(/^Error ratio\s+3%\s+critical\s+0-0\.1%\s+0\.5%\s+1%$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Checkout accuracy\s+99\.85%\s+alert\s+100%\s+99\.9%\s+99%$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Latency p99\s+–\s+no data\s+–\s+300\s+500$/));
    expect(outcome.stdout).toContain("  Latency p99: empty: the provider returned no data\n");
    expect(outcome.stdout).toContain('  Business KPIs: measurement_method "Dashboards and weekly reports" is prose');
  });
});

describe("bascule monitor, refreshing", () => {
  it("without a terminal prints one line per metric per refresh, each with its latest reading", async () => {
    const fixture = writeRunFixture({
      plan: buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1")])], {
        monitoring_and_observability: {
          migration_monitoring: [
            // Counts its own readings: 0, 1, 2.
            {
              metric_name: "Readings",
              measurement_method: "command: n=$(cat n 2>/dev/null || echo 0); echo $((n + 1)) > n; echo $n",
              alert_threshold: "1",
              critical_threshold: "2",
            },
            { metric_name: "Lag", measurement_method: "command: true", alert_threshold: "1", critical_threshold: "2" },
          ],
        },
      }),
      files: fixtureScripts,
    });
    const outcome = await fixture.bascule("monitor", fixture.plan, "--interval", "20ms", "--count", "3");
    expect(outcome.exitCode).toBe(0);
    const lines = outcome.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(6);
    expect(lines.filter((l) => l.includes(" Readings ")).map((l) => l.replace(/^\S+ /, ""))).toEqual(["Readings 0 normal", "Readings 1 alert", "Readings 2 critical"]);
    expect(lines.filter((l) => l.includes("Lag")).every((l) => l.endsWith(" Lag – no data (empty: the provider returned no data)"))).toBe(true);
    for (const line of lines) expect(Number.isNaN(Date.parse(line.split(" ")[0] ?? ""))).toBe(false);
  });

  it("--json without --once prints one JSON object per refresh", async () => {
    const fixture = writeMonitorFixture();
    const outcome = await fixture.bascule("monitor", fixture.plan, "--json", "--interval", "10ms", "--count", "2");
    expect(outcome.exitCode).toBe(0);
    const frames = outcome.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { at: string; metrics: MetricStatus[] });
    expect(frames).toHaveLength(2);
    for (const frame of frames) expect(frame.metrics.find((m) => m.name === "Error ratio")).toMatchObject({ state: "critical" });
  });

  it.each([["0"], ["soon"], ["2-3 seconds"]])("refuses --interval %j with exit 2", async (interval) => {
    const fixture = writeMonitorFixture();
    const outcome = await fixture.bascule("monitor", fixture.plan, "--interval", interval, "--count", "1");
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toContain("--interval must be a duration above 0");
  });
});
