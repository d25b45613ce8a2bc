import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetricReading } from "../../ports/metric-provider.js";
import { describeMetricProviderContract } from "../../testing/metric-provider-contract.js";
import { type MetricsExporter, startMetricsExporter } from "../../testing/metrics-exporter.js";
import { locatePrometheus, type PrometheusServer, startPrometheusServer } from "../../testing/prometheus-server.js";
import { PrometheusMetricProvider } from "./prometheus-metric-provider.js";

const prometheus = locatePrometheus();
const inCi = process.env.CI === "true";
if (prometheus.kind === "missing" && !inCi) console.warn(`skipping the Prometheus tests: ${prometheus.message}`);

if (prometheus.kind === "missing" && inCi) {
  describe("without a prometheus binary", () => {
    it("fails in CI, which must have one installed", () => {
      throw new Error(prometheus.message);
    });
  });
}

/** An HTTP server on a free loopback port, answering each request with `handle`. */
async function startHttpServer(handle: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ server: Server; base: string }> {
  const server = createServer(handle);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stopHttpServer(server: Server): Promise<void> {
  server.closeAllConnections();
  server.close();
  await once(server, "close");
}

/** A base URL where nothing listens: a port that was free a moment ago. */
async function closedUrl(): Promise<string> {
  const { server, base } = await startHttpServer(() => undefined);
  await stopHttpServer(server);
  return base;
}

/** One exporter and one Prometheus scraping it for the whole file, started by whichever suite asks first. */
let backend: Promise<{ exporter: MetricsExporter; server: PrometheusServer }> | undefined;
function startBackend(): Promise<{ exporter: MetricsExporter; server: PrometheusServer }> {
  backend ??= (async () => {
    const exporter = await startMetricsExporter();
    const server = await startPrometheusServer({ binary: prometheus.kind === "found" ? prometheus.path : "", targets: [exporter.target], scrapeInterval: "1s" });
    console.info(`Prometheus ready in ${server.startupMs} ms`);
    return { exporter, server };
  })();
  return backend;
}
afterAll(async () => {
  if (backend === undefined) return;
  const { exporter, server } = await backend;
  await server.stop();
  await exporter.close();
});

describe.runIf(prometheus.kind === "found")("with a real Prometheus", () => {
  describeMetricProviderContract("PrometheusMetricProvider", async () => {
    const { server } = await startBackend();
    const provider = new PrometheusMetricProvider({ url: server.url });
    const promql = (text: string) => ({ kind: "prometheus", promql: text }) as const;
    return {
      provider,
      valueOf: (value) => promql(String(value)),
      empty: promql("app_metric_that_does_not_exist"),
      notANumber: promql("0/0"),
      refused: promql("sum("),
      unreachable: { provider: new PrometheusMetricProvider({ url: await closedUrl() }), query: promql("up") },
      foreign: { kind: "command", command: "echo 1" },
      stall: {
        abortable: true,
        async start() {
          // Accepts the query and never answers: only a timeout or a cancel ends the wait.
          const silent = await startHttpServer(() => undefined);
          return { provider: new PrometheusMetricProvider({ url: silent.base }), query: promql("up"), release: () => stopHttpServer(silent.server) };
        },
      },
    };
  });
});

describe.runIf(prometheus.kind === "found")("PrometheusMetricProvider against a real Prometheus", () => {
  let provider: PrometheusMetricProvider;
  let metrics: ReturnType<typeof registerMetrics>;

  function registerMetrics(on: MetricsExporter) {
    return {
      errors: on.counter("app_errors_total"),
      requests: on.counter("app_requests_total"),
      queueDepth: on.gauge("app_queue_depth"),
      connections: on.gauge("app_connections", ["pool"]),
    };
  }

  beforeAll(async () => {
    const { exporter, server } = await startBackend();
    metrics = registerMetrics(exporter);
    provider = new PrometheusMetricProvider({ url: server.url });
  }, 60_000);

  const read = (promql: string): Promise<MetricReading> => provider.read({ kind: "prometheus", promql }, { timeoutMs: 5_000 });

  /** Reads until `accept` holds or the budget is spent, and returns the last reading either way. */
  async function readUntil(promql: string, accept: (reading: MetricReading) => boolean, budgetMs = 30_000): Promise<MetricReading> {
    const deadline = Date.now() + budgetMs;
    let reading = await read(promql);
    while (!accept(reading) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      reading = await read(promql);
    }
    return reading;
  }

  const isValue = (expected?: number) => (r: MetricReading) => r.kind === "value" && (expected === undefined || r.value === expected);

  it("reads a gauge, and sees each new value the test sets once it is scraped", async () => {
    metrics.queueDepth.set(7);
    const first = await readUntil("app_queue_depth", isValue(7));
    expect(first).toMatchObject({ kind: "value", value: 7 });
    metrics.queueDepth.set(11);
    expect(await readUntil("app_queue_depth", isValue(11))).toMatchObject({ kind: "value", value: 11 });
  });

  it("reads an error ratio from sum(rate(...)): NaN while nothing happens, then the share of failed requests", async () => {
    const ratio = "sum(rate(app_errors_total[1m])) / sum(rate(app_requests_total[1m]))";
    expect(await readUntil(ratio, (r) => r.kind === "nan")).toEqual({ kind: "nan", raw: "NaN" });
    // Both in one tick, so every scrape sees them together.
    metrics.requests.inc(200);
    metrics.errors.inc(10);
    const reading = await readUntil(ratio, isValue());
    expect(reading.kind).toBe("value");
    expect(reading.kind === "value" && reading.value).toBeCloseTo(0.05, 9);
    expect(await readUntil("sum(rate(app_errors_total[1m]))", isValue())).toMatchObject({ kind: "value", value: expect.any(Number) });
  });

  it("reads a series that no target has as empty", async () => {
    expect(await read('app_queue_depth{job="no-such-job"}')).toEqual({ kind: "empty" });
  });

  it("refuses several series, asking to aggregate them; their sum is one value", async () => {
    metrics.connections.set({ pool: "a" }, 3);
    metrics.connections.set({ pool: "b" }, 4);
    const several = await readUntil("app_connections", (r) => r.kind === "error");
    expect(several).toMatchObject({ kind: "error", message: expect.stringContaining("the query returned 2 series (app_connections{") });
    expect(several).toMatchObject({ message: expect.stringContaining('pool="a"') });
    expect(several).toMatchObject({ message: expect.stringContaining("aggregate them, e.g. sum(...) or max(...)") });
    expect(await readUntil("sum(app_connections)", isValue(7))).toMatchObject({ kind: "value", value: 7 });
  });

  it("reads scalar results, and infinities as nan", async () => {
    expect(await readUntil("scalar(sum(app_connections))", isValue(7))).toMatchObject({ kind: "value", value: 7 });
    expect(await read("2 * 21")).toMatchObject({ kind: "value", value: 42 });
    expect(await read("1/0")).toEqual({ kind: "nan", raw: "+Inf" });
    expect(await read("-1/0")).toEqual({ kind: "nan", raw: "-Inf" });
  });

  it("reads a query Prometheus refuses, and a range vector, as errors", async () => {
    expect(await read("sum(")).toMatchObject({ kind: "error", message: expect.stringMatching(/^Prometheus refused the query \(bad_data\): .*parse error/) });
    expect(await read("app_queue_depth[1m]")).toEqual({
      kind: "error",
      message: "the query returned a range vector; a metric needs one number: wrap it in a function such as rate(...) or avg_over_time(...)",
    });
  });
});

describe("PrometheusMetricProvider when the server misbehaves", () => {
  let stub: Server;
  let base = "";
  const seen: Array<{ url: string; authorization?: string }> = [];
  const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => void> = {
    "/html": (_request, response) => response.writeHead(502, { "content-type": "text/html" }).end("<html>Bad gateway</html>"),
    "/auth": (_request, response) =>
      response.writeHead(200).end(JSON.stringify({ status: "success", data: { resultType: "vector", result: [{ metric: {}, value: [1767261600, "0.25"] }] } })),
  };

  beforeAll(async () => {
    ({ server: stub, base } = await startHttpServer((request, response) => {
      seen.push({ url: request.url ?? "", ...(request.headers.authorization === undefined ? {} : { authorization: request.headers.authorization }) });
      const prefix = Object.keys(routes).find((p) => request.url?.startsWith(`${p}/`));
      if (prefix === undefined) response.writeHead(404).end();
      else routes[prefix]?.(request, response);
    }));
  });

  afterAll(() => stopHttpServer(stub));

  const up = { kind: "prometheus", promql: "up" } as const;

  it("reads a cancelled query as an error naming the server", async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await new PrometheusMetricProvider({ url: `${base}/html` }).read(up, { timeoutMs: 2_000, signal: controller.signal })).toEqual({
      kind: "error",
      message: `the query to Prometheus at ${base}/html was cancelled`,
    });
  });

  it("reads an answer that is not JSON as an error quoting it", async () => {
    expect(await new PrometheusMetricProvider({ url: `${base}/html` }).read(up, { timeoutMs: 2_000 })).toEqual({
      kind: "error",
      message: `Prometheus at ${base}/html answered HTTP 502 with no JSON: <html>Bad gateway</html>`,
    });
  });

  it("reads a server that is not there as an error saying the connection was refused", async () => {
    const url = await closedUrl();
    expect(await new PrometheusMetricProvider({ url }).read(up, { timeoutMs: 2_000 })).toEqual({
      kind: "error",
      message: `cannot reach Prometheus at ${url}: connection refused`,
    });
  });

  it("sends a user and password in the URL as Basic auth, never in messages, under the URL's path prefix", async () => {
    const provider = new PrometheusMetricProvider({ url: `${base.replace("//", "//bascule:s%40cret@")}/auth/` });
    expect(await provider.read({ kind: "prometheus", promql: "avg(up)" }, { timeoutMs: 2_000 })).toEqual({ kind: "value", value: 0.25, at: "2026-01-01T10:00:00.000Z" });
    const request = seen.at(-1);
    expect(request?.authorization).toBe(`Basic ${Buffer.from("bascule:s@cret").toString("base64")}`);
    expect(request?.url).toBe("/auth/api/v1/query?query=avg%28up%29&timeout=2000ms");
  });
});
