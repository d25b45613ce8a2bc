import type { MetricQuery } from "../ports/metric-provider.js";
import type { MonitoredMetric, Plan } from "./schema/plan-schema.js";
import { normalizeMetricKey } from "./values/condition.js";

/**
 * A `measurement_method` read as a provider query (SEMANTICS section 3):
 * - `query`: `prometheus: <PromQL>`, `command: <shell>` or `sql: <system>: <query>`;
 * - `prose`: any other text ("Application metrics"): documentation, not automatic;
 * - `invalid`: it names a provider but is not a usable query (`sql: select 1` names no
 *   system), so it is neither run nor quietly taken as prose.
 */
export type MetricSource =
  | { readonly kind: "query"; readonly query: MetricQuery }
  | { readonly kind: "prose" }
  | { readonly kind: "invalid"; readonly provider: MetricQuery["kind"]; readonly reason: string };

export const metricQueryShape = 'query must be "command: <shell>", "prometheus: <PromQL>" or "sql: <system>: <query>"';

// Provider names are lower case, as SEMANTICS writes them: "SQL: reports" stays prose.
const PROVIDER = /^\s*(command|prometheus|sql)\s*:(.*)$/s;

export function parseMetricSource(method: string): MetricSource {
  const match = PROVIDER.exec(method);
  if (match === null) return { kind: "prose" };
  const provider = match[1] as MetricQuery["kind"];
  const rest = (match[2] ?? "").trim();
  if (rest === "") return { kind: "invalid", provider, reason: `the ${provider} query is empty; ${metricQueryShape}` };
  if (provider === "prometheus") return { kind: "query", query: { kind: "prometheus", promql: rest } };
  if (provider === "command") return { kind: "query", query: { kind: "command", command: rest } };
  // The system is everything before the first colon: a query may contain colons ('12:00').
  const colon = rest.indexOf(":");
  const system = rest.slice(0, Math.max(colon, 0)).trim();
  const query = rest.slice(colon + 1).trim();
  if (colon === -1 || system === "" || query === "") return { kind: "invalid", provider, reason: 'write "sql: <system>: <query>"' };
  return { kind: "query", query: { kind: "sql", system, query } };
}

/** What `resolveMetric` needs of a bindings `metrics` entry; `BoundMetric` is one. */
export interface MetricBinding {
  readonly query: string;
  readonly unit: "ratio" | "percent";
}

/** Where a resolved metric's numbers come from, and whether that is automatic. */
export type ResolvedMetricSource =
  | { readonly kind: "query"; readonly query: MetricQuery; readonly from: "bindings" | "plan" }
  | { readonly kind: "prose"; readonly method: string }
  | { readonly kind: "invalid"; readonly from: "bindings" | "plan"; readonly reason: string }
  /** Known by name only (a `metrics_to_watch` entry, or a plan metric with no method). */
  | { readonly kind: "none" };

export interface ResolvedMetric<B extends MetricBinding = MetricBinding> {
  /** As the condition wrote it. */
  readonly name: string;
  readonly source: ResolvedMetricSource;
  /** From the bindings entry; a plan cannot say. @default "ratio" */
  readonly unit: "ratio" | "percent";
  /** The plan's `migration_monitoring` entry: `normal_range`, `alert_threshold`, `critical_threshold`. */
  readonly planMetric?: MonitoredMetric;
  /** The bindings entry and the name it is bound under (timeout and missing-data policy live there). */
  readonly binding?: { readonly name: string; readonly entry: B };
}

export type MetricResolution<B extends MetricBinding = MetricBinding> =
  | { readonly kind: "resolved"; readonly metric: ResolvedMetric<B> }
  | { readonly kind: "unknown"; readonly name: string; readonly message: string }
  | { readonly kind: "ambiguous"; readonly name: string; readonly candidates: readonly string[]; readonly message: string };

/**
 * Finds the metric a condition names. Precedence:
 * 1. Names match case- and separator-insensitively (`normalizeMetricKey`); when several
 *    entries of the same list match, the one written exactly as the condition wins, and
 *    otherwise the result is `ambiguous`: never a guess.
 * 2. The query: the bindings entry's `query` wins over the plan's `measurement_method`,
 *    because the bindings say where this environment's numbers are.
 * 3. The unit comes from the bindings only (`ratio` unless bound as `percent`).
 * 4. The thresholds come from the plan's `migration_monitoring` entry only.
 * A metric named only by a step's `metrics_to_watch` resolves with source `none`.
 */
export function resolveMetric<B extends MetricBinding>(
  name: string,
  plan: Pick<Plan, "monitoring_and_observability" | "migration_phases">,
  bindings: ReadonlyMap<string, B>,
): MetricResolution<B> {
  const key = normalizeMetricKey(name);
  const monitored = (plan.monitoring_and_observability?.migration_monitoring ?? []).filter((m) => typeof m.metric_name === "string");
  const planPick = pickByName(name, key, monitored, (m) => m.metric_name as string);
  const bindingPick = pickByName(name, key, [...bindings.keys()], (bound) => bound);
  for (const [pick, where] of [
    [planPick, "migration_monitoring"],
    [bindingPick, "the bindings' metrics"],
  ] as const) {
    if (pick.kind === "ambiguous") {
      const listed = pick.candidates.map((c) => JSON.stringify(c)).join(", ");
      const message =
        pick.candidates.length === 1
          ? `metric ${listed} is defined ${pick.count} times in ${where}; keep one`
          : `metric ${JSON.stringify(name)} matches ${listed} in ${where}; write the name exactly as one of them`;
      return { kind: "ambiguous", name, candidates: pick.candidates, message };
    }
  }
  const planMetric = planPick.kind === "one" ? planPick.item : undefined;
  const bindingName = bindingPick.kind === "one" ? bindingPick.item : undefined;
  const entry = bindingName === undefined ? undefined : bindings.get(bindingName);
  if (planMetric === undefined && entry === undefined && !isWatched(key, plan)) {
    return {
      kind: "unknown",
      name,
      message: `metric ${JSON.stringify(name)} is not defined: no migration_monitoring metric, metrics_to_watch entry or bound metric has that name`,
    };
  }
  const metric: ResolvedMetric<B> = {
    name,
    source: chooseSource(entry, planMetric),
    unit: entry?.unit ?? "ratio",
    ...(planMetric === undefined ? {} : { planMetric }),
    ...(bindingName === undefined || entry === undefined ? {} : { binding: { name: bindingName, entry } }),
  };
  return { kind: "resolved", metric };
}

function chooseSource(entry: MetricBinding | undefined, planMetric: MonitoredMetric | undefined): ResolvedMetricSource {
  if (entry !== undefined) return fromSource(parseMetricSource(entry.query), "bindings", entry.query);
  const method = planMetric?.measurement_method;
  if (typeof method !== "string" || method.trim() === "") return { kind: "none" };
  return fromSource(parseMetricSource(method), "plan", method);
}

function fromSource(source: MetricSource, from: "bindings" | "plan", text: string): ResolvedMetricSource {
  switch (source.kind) {
    case "query":
      return { kind: "query", query: source.query, from };
    case "invalid":
      return { kind: "invalid", from, reason: source.reason };
    case "prose":
      // The bindings validate their queries, so prose there is a bug upstream; say so all the same.
      return from === "plan" ? { kind: "prose", method: text } : { kind: "invalid", from, reason: metricQueryShape };
  }
}

type NamePick<T> = { kind: "none" } | { kind: "one"; item: T } | { kind: "ambiguous"; candidates: string[]; count: number };

function pickByName<T>(name: string, key: string, items: readonly T[], nameOf: (item: T) => string): NamePick<T> {
  const matches = items.filter((item) => normalizeMetricKey(nameOf(item)) === key);
  if (matches.length === 0) return { kind: "none" };
  const first = matches[0] as T;
  if (matches.length === 1) return { kind: "one", item: first };
  const exact = matches.filter((item) => nameOf(item) === name);
  if (exact.length === 1) return { kind: "one", item: exact[0] as T };
  return { kind: "ambiguous", candidates: [...new Set(matches.map(nameOf))], count: matches.length };
}

function isWatched(key: string, plan: Pick<Plan, "migration_phases">): boolean {
  return (plan.migration_phases ?? []).some((phase) =>
    (phase.steps ?? []).some((step) => (step.monitoring?.metrics_to_watch ?? []).some((watched) => normalizeMetricKey(watched) === key)),
  );
}
