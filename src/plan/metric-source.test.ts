import { describe, expect, it } from "vitest";
import { type MetricBinding, parseMetricSource, resolveMetric } from "./metric-source.js";
import type { Plan } from "./schema/plan-schema.js";

describe("parseMetricSource", () => {
  it.each([
    [
      "prometheus: sum(rate(app_errors_total[5m])) / sum(rate(app_requests_total[5m]))",
      { kind: "prometheus", promql: "sum(rate(app_errors_total[5m])) / sum(rate(app_requests_total[5m]))" },
    ],
    ["  prometheus :up", { kind: "prometheus", promql: "up" }],
    ["command: ./bin/error-rate --window 5m", { kind: "command", command: "./bin/error-rate --window 5m" }],
    ["command: echo 'a: b'", { kind: "command", command: "echo 'a: b'" }],
    [
      "sql: Cart Database: select count(*) from carts where updated_at > '12:00'",
      { kind: "sql", system: "Cart Database", query: "select count(*) from carts where updated_at > '12:00'" },
    ],
    ["sql: cart:\n  select 1\n", { kind: "sql", system: "cart", query: "select 1" }],
  ])("%s is a query", (method, query) => {
    expect(parseMetricSource(method)).toEqual({ kind: "query", query });
  });

  it.each(["Application metrics", "Grafana dashboard: checkout", "SQL: count of rows", "Prometheus counters", ""])("%j is prose", (method) => {
    expect(parseMetricSource(method)).toEqual({ kind: "prose" });
  });

  it.each([
    ["prometheus:", "prometheus", 'the prometheus query is empty; query must be "command: <shell>", "prometheus: <PromQL>" or "sql: <system>: <query>"'],
    ["command:   ", "command", 'the command query is empty; query must be "command: <shell>", "prometheus: <PromQL>" or "sql: <system>: <query>"'],
    ["sql: select 1", "sql", 'write "sql: <system>: <query>"'],
    ["sql: cart:", "sql", 'write "sql: <system>: <query>"'],
    ["sql: : select 1", "sql", 'write "sql: <system>: <query>"'],
  ])("%j names a provider but is no usable query", (method, provider, reason) => {
    expect(parseMetricSource(method)).toEqual({ kind: "invalid", provider, reason });
  });
});

const plan = {
  monitoring_and_observability: {
    migration_monitoring: [
      {
        metric_name: "Error rate",
        measurement_method: "prometheus: sum(rate(app_errors_total[5m])) / sum(rate(app_requests_total[5m]))",
        normal_range: "0-0.1%",
        alert_threshold: "0.5%",
        critical_threshold: "1%",
      },
      { metric_name: "Calculation accuracy", measurement_method: "Application metrics", normal_range: "100%", alert_threshold: "99.9%", critical_threshold: "99%" },
      { metric_name: "Replica lag", measurement_method: "sql: cart: select max(lag) from replicas" },
      { metric_name: "Latency", critical_threshold: "500" },
    ],
  },
  migration_phases: [{ steps: [{ monitoring: { metrics_to_watch: ["Queue depth", "Error rate"] } }] }],
} as unknown as Plan;

const noBindings = new Map<string, MetricBinding>();

describe("resolveMetric", () => {
  it("finds a plan metric case- and separator-insensitively, with its query, default unit and thresholds", () => {
    for (const name of ["Error rate", "error_rate", "error-rate", "ErrorRate"]) {
      const resolution = resolveMetric(name, plan, noBindings);
      expect(resolution).toMatchObject({
        kind: "resolved",
        metric: {
          name,
          source: { kind: "query", from: "plan", query: { kind: "prometheus", promql: "sum(rate(app_errors_total[5m])) / sum(rate(app_requests_total[5m]))" } },
          unit: "ratio",
          planMetric: { metric_name: "Error rate", normal_range: "0-0.1%", alert_threshold: "0.5%", critical_threshold: "1%" },
        },
      });
      expect(resolution.kind === "resolved" && resolution.metric.binding).toBeUndefined();
    }
  });

  it("lets the bindings' query and unit win over the plan's method, keeping the plan's thresholds", () => {
    const bindings = new Map([["error_rate", { query: "command: ./bin/error-rate", unit: "percent" as const, timeoutMs: 2_000 }]]);
    expect(resolveMetric("Error rate", plan, bindings)).toEqual({
      kind: "resolved",
      metric: {
        name: "Error rate",
        source: { kind: "query", from: "bindings", query: { kind: "command", command: "./bin/error-rate" } },
        unit: "percent",
        planMetric: plan.monitoring_and_observability?.migration_monitoring?.[0],
        binding: { name: "error_rate", entry: { query: "command: ./bin/error-rate", unit: "percent", timeoutMs: 2_000 } },
      },
    });
  });

  it("makes a prose method automatic once the bindings give a query", () => {
    expect(resolveMetric("calculation accuracy", plan, noBindings)).toMatchObject({
      kind: "resolved",
      metric: { source: { kind: "prose", method: "Application metrics" }, planMetric: { critical_threshold: "99%" } },
    });
    const bound = new Map([["Calculation accuracy", { query: "sql: cart: select avg(ok) from checks", unit: "ratio" as const }]]);
    expect(resolveMetric("calculation accuracy", plan, bound)).toMatchObject({
      kind: "resolved",
      metric: { source: { kind: "query", from: "bindings", query: { kind: "sql", system: "cart", query: "select avg(ok) from checks" } } },
    });
  });

  it("resolves a metric only the bindings define, without thresholds", () => {
    const bound = new Map([["cpu", { query: "prometheus: avg(cpu)", unit: "ratio" as const }]]);
    const resolution = resolveMetric("CPU", plan, bound);
    expect(resolution).toMatchObject({ kind: "resolved", metric: { source: { kind: "query", from: "bindings" }, binding: { name: "cpu" } } });
    expect(resolution.kind === "resolved" && resolution.metric.planMetric).toBeUndefined();
  });

  it("resolves metrics_to_watch names and methodless plan metrics with no source", () => {
    expect(resolveMetric("queue_depth", plan, noBindings)).toEqual({ kind: "resolved", metric: { name: "queue_depth", source: { kind: "none" }, unit: "ratio" } });
    expect(resolveMetric("latency", plan, noBindings)).toMatchObject({ kind: "resolved", metric: { source: { kind: "none" }, planMetric: { critical_threshold: "500" } } });
  });

  it("reports a plan method that names a provider but is broken", () => {
    const broken = { monitoring_and_observability: { migration_monitoring: [{ metric_name: "rows", measurement_method: "sql: select count(*) from t" }] } } as unknown as Plan;
    expect(resolveMetric("rows", broken, noBindings)).toMatchObject({
      kind: "resolved",
      metric: { source: { kind: "invalid", from: "plan", reason: 'write "sql: <system>: <query>"' } },
    });
  });

  it("says when a metric is not defined anywhere", () => {
    expect(resolveMetric("p99 latency", plan, noBindings)).toEqual({
      kind: "unknown",
      name: "p99 latency",
      message: 'metric "p99 latency" is not defined: no migration_monitoring metric, metrics_to_watch entry or bound metric has that name',
    });
  });

  it("prefers the exact spelling among near-duplicates, and never guesses between others", () => {
    const bound = new Map([
      ["error_rate", { query: "command: a", unit: "ratio" as const }],
      ["Error-Rate", { query: "command: b", unit: "ratio" as const }],
    ]);
    expect(resolveMetric("error_rate", plan, bound)).toMatchObject({ kind: "resolved", metric: { binding: { name: "error_rate" } } });
    expect(resolveMetric("Error rate", plan, bound)).toEqual({
      kind: "ambiguous",
      name: "Error rate",
      candidates: ["error_rate", "Error-Rate"],
      message: 'metric "Error rate" matches "error_rate", "Error-Rate" in the bindings\' metrics; write the name exactly as one of them',
    });
  });

  it("refuses a plan that defines the same metric twice", () => {
    const twice = { monitoring_and_observability: { migration_monitoring: [{ metric_name: "rows" }, { metric_name: "rows" }] } } as unknown as Plan;
    expect(resolveMetric("Rows", twice, noBindings)).toMatchObject({ kind: "ambiguous", message: 'metric "rows" is defined 2 times in migration_monitoring; keep one' });
  });
});
