import type { MetricProvider, MetricQuery, MetricReadOptions, MetricReading } from "../../ports/metric-provider.js";

/** One provider per query kind; a kind left out reads as an error that says what to bind. */
export type MetricProviders = { readonly [K in MetricQuery["kind"]]?: MetricProvider };

const unbound: Readonly<Record<MetricQuery["kind"], string>> = {
  prometheus: 'no Prometheus server is bound; add prometheus: { url: "http://127.0.0.1:9090" } to bascule.config.yaml',
  command: "command metrics are not available here",
  sql: "SQL metrics are not available here",
};

/** The one `MetricProvider` the engine is given: dispatches each query by its kind. */
export class RoutingMetricProvider implements MetricProvider {
  readonly #providers: MetricProviders;

  constructor(providers: MetricProviders) {
    this.#providers = providers;
  }

  async read(query: MetricQuery, options: MetricReadOptions): Promise<MetricReading> {
    const provider = this.#providers[query.kind];
    if (provider === undefined) return { kind: "error", message: unbound[query.kind] };
    return provider.read(query, options);
  }
}
