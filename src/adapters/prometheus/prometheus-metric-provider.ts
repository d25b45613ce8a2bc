import type { MetricProvider, MetricQuery, MetricReadOptions, MetricReading } from "../../ports/metric-provider.js";

export interface PrometheusMetricProviderOptions {
  /** The server's base URL, like `http://127.0.0.1:9090`; a user and password in it become Basic auth. */
  readonly url: string;
}

type Sample = [number, string];
type InstantResult =
  | { resultType: "vector"; result: Array<{ metric: Record<string, string>; value: Sample }> }
  | { resultType: "scalar"; result: Sample }
  | { resultType: "string"; result: Sample }
  | { resultType: "matrix"; result: unknown[] };

/**
 * Reads `prometheus:` metrics with instant queries (`GET /api/v1/query`). One series or a
 * scalar is a value; an empty vector is `empty`; several series are an error asking to
 * aggregate, because picking one would be a guess.
 */
export class PrometheusMetricProvider implements MetricProvider {
  readonly #endpoint: URL;
  readonly #authorization: string | undefined;
  /** For messages: the URL without its password. */
  readonly #shown: string;

  constructor(options: PrometheusMetricProviderOptions) {
    const base = new URL(options.url);
    this.#authorization =
      base.username === "" && base.password === ""
        ? undefined
        : `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString("base64")}`;
    base.username = "";
    base.password = "";
    this.#shown = base.origin + base.pathname.replace(/\/$/, "");
    this.#endpoint = new URL(`${base.pathname.replace(/\/$/, "")}/api/v1/query`, base.origin);
  }

  async read(query: MetricQuery, options: MetricReadOptions): Promise<MetricReading> {
    if (query.kind !== "prometheus") return { kind: "error", message: `the Prometheus provider cannot read a ${query.kind} query` };
    const url = new URL(this.#endpoint);
    url.searchParams.set("query", query.promql);
    // The server stops evaluating too, instead of working on for nobody.
    url.searchParams.set("timeout", `${Math.max(1, Math.ceil(options.timeoutMs))}ms`);
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
    try {
      const response = await fetch(url, {
        signal,
        headers: { accept: "application/json", ...(this.#authorization === undefined ? {} : { authorization: this.#authorization }) },
      });
      const text = await response.text();
      return readResponse(response.status, text, this.#shown);
    } catch (error) {
      if (timeout.aborted) return { kind: "timeout", timeoutMs: options.timeoutMs };
      if (options.signal?.aborted) return { kind: "error", message: `the query to Prometheus at ${this.#shown} was cancelled` };
      return { kind: "error", message: `cannot reach Prometheus at ${this.#shown}: ${describeFetchError(error)}` };
    }
  }
}

function readResponse(status: number, text: string, server: string): MetricReading {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const excerpt = text.trim().slice(0, 200);
    return { kind: "error", message: `Prometheus at ${server} answered HTTP ${status} with no JSON${excerpt === "" ? "" : `: ${excerpt}`}` };
  }
  if (!isRecord(body) || (body.status !== "success" && body.status !== "error")) {
    return { kind: "error", message: `Prometheus at ${server} answered HTTP ${status} with JSON that is not a query result` };
  }
  if (body.status === "error") {
    const type = typeof body.errorType === "string" ? ` (${body.errorType})` : "";
    return { kind: "error", message: `Prometheus refused the query${type}: ${String(body.error ?? `HTTP ${status}`)}` };
  }
  if (status < 200 || status > 299) return { kind: "error", message: `Prometheus at ${server} answered HTTP ${status}` };
  return readResult(body.data as InstantResult);
}

function readResult(data: InstantResult | undefined): MetricReading {
  switch (data?.resultType) {
    case "scalar":
    case "string":
      return readSample(data.result);
    case "vector": {
      const series = data.result;
      if (series.length === 0) return { kind: "empty" };
      const [only] = series;
      if (series.length === 1 && only !== undefined) return readSample(only.value);
      const shown = series.slice(0, 3).map((s) => formatSeries(s.metric));
      const more = series.length > 3 ? `, and ${series.length - 3} more` : "";
      return {
        kind: "error",
        message: `the query returned ${series.length} series (${shown.join(", ")}${more}); a metric needs one number: aggregate them, e.g. sum(...) or max(...), or select one with a label matcher`,
      };
    }
    case "matrix":
      return { kind: "error", message: "the query returned a range vector; a metric needs one number: wrap it in a function such as rate(...) or avg_over_time(...)" };
    default:
      return { kind: "error", message: "Prometheus answered with a result of no known type" };
  }
}

function readSample(sample: Sample | undefined): MetricReading {
  const [seconds, raw] = sample ?? [];
  if (typeof raw !== "string" || typeof seconds !== "number") return { kind: "error", message: "Prometheus answered with a malformed sample" };
  const value = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  // "NaN", "+Inf", "-Inf", and a string result that is not a number: no value to compare.
  if (!Number.isFinite(value)) return { kind: "nan", raw };
  return { kind: "value", value, at: new Date(Math.round(seconds * 1000)).toISOString() };
}

function formatSeries(labels: Record<string, string>): string {
  const { __name__: name = "", ...rest } = labels;
  const pairs = Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${name}{${pairs.join(", ")}}`;
}

function describeFetchError(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  if (cause?.code === "ECONNREFUSED") return "connection refused";
  if (cause?.code === "ENOTFOUND") return "host not found";
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
