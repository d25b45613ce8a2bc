import { isAbsolute, resolve } from "node:path";
import type { Diagnostic } from "../../lint/diagnostic.js";
import { didYouMean } from "../../lint/closest-match.js";
import { defaultMissingDataPolicy, type MissingDataPolicy } from "../../engine/missing-data-policy.js";
import { metricQueryShape, parseMetricSource } from "../../plan/metric-source.js";
import { formatPlanPath } from "../../plan/plan-path.js";
import { parseDuration } from "../../plan/values/duration.js";
import { invalid, ok, type ParseResult } from "../../plan/values/parse-result.js";
import { type BindingsSource, bindingsDiagnostic } from "./bindings-diagnostic.js";
import type { BoundDataMigration, BoundMetric, BoundPrometheus, BoundSystem, Bindings } from "./bindings.js";
import type { BindingsFile } from "./bindings-schema.js";
import type { MergedBindings } from "./merge-environment.js";

export interface ResolveBindingsOptions {
  /** Absolute path of the bindings file; `sqlite:` paths resolve against its folder. */
  readonly file: string;
  /** Absolute path of the plan's folder, given to commands as `BASCULE_PLAN_DIR`. */
  readonly planDir: string;
}

export type ResolvedBindings = { readonly kind: "resolved"; readonly bindings: Bindings } | { readonly kind: "invalid"; readonly diagnostics: readonly Diagnostic[] };

const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks the values that only make sense after substitution and builds the `Bindings`. */
export function resolveBindings(merged: MergedBindings, source: BindingsSource, options: ResolveBindingsOptions): ResolvedBindings {
  const diagnostics: Diagnostic[] = [];
  const fail = (path: readonly (string | number)[], message: string, target: "key" | "value" = "value") => diagnostics.push(bindingsDiagnostic(source, path, message, { target }));
  const baseDir = resolve(options.file, "..");

  const systems = new Map<string, BoundSystem>();
  for (const [name, { value, path }] of merged.systems) {
    const system = resolveSystemUrl(value.url, baseDir);
    if (system.kind === "ok") systems.set(name, system.value);
    else fail([...path, "url"], `${formatPlanPath([...path, "url"])}: ${system.reason}`);
  }
  const boundNames = [...merged.systems.keys()];
  const unbound = (name: string) =>
    boundNames.length === 0
      ? `names system ${JSON.stringify(name)}, but no system is bound; add it under systems:`
      : `names system ${JSON.stringify(name)}, which is not bound; bound systems: ${boundNames.join(", ")}${didYouMean(name, boundNames)}`;

  const sqlSystem = merged.sql_system;
  if (sqlSystem !== undefined && !merged.systems.has(sqlSystem.value)) fail(sqlSystem.path, `sql_system ${unbound(sqlSystem.value)}`);

  const metrics = new Map<string, BoundMetric>();
  for (const [name, { value, path }] of merged.metrics) {
    const problems = resolveMetricEntry(value, (system) => (merged.systems.has(system) ? undefined : unbound(system)));
    for (const problem of problems.problems) fail([...path, problem.key], `metric ${JSON.stringify(name)}: ${problem.message}`);
    if (problems.problems.length === 0) metrics.set(name, problems.metric);
  }

  const dataMigrations = new Map<string, BoundDataMigration>();
  for (const [id, { value, path }] of merged.data_migrations) {
    let targetBatchMs: number | undefined;
    if (typeof value.target_batch_duration === "string") {
      const parsed = parseTimeout(value.target_batch_duration);
      if (parsed.kind === "ok") targetBatchMs = parsed.value;
      else fail([...path, "target_batch_duration"], `data migration ${JSON.stringify(id)}: target_batch_duration: ${parsed.reason}`);
    }
    dataMigrations.set(id, {
      ...(value.key_columns ? { keyColumns: value.key_columns } : {}),
      ...(typeof value.source_query === "string" ? { sourceQuery: value.source_query } : {}),
      ...(typeof value.target_query === "string" ? { targetQuery: value.target_query } : {}),
      ...(targetBatchMs === undefined ? {} : { targetBatchMs }),
    });
  }

  let prometheus: BoundPrometheus | undefined;
  if (merged.prometheus !== undefined) {
    const problem = checkPrometheusUrl(merged.prometheus.value.url);
    if (problem === undefined) prometheus = { url: merged.prometheus.value.url };
    else fail([...merged.prometheus.path, "url"], `prometheus.url: ${problem}`);
  }

  let commandTimeoutMs: number | undefined;
  if (merged.command_timeout !== undefined) {
    const timeout = parseTimeout(merged.command_timeout.value);
    if (timeout.kind === "ok") commandTimeoutMs = timeout.value;
    else fail(merged.command_timeout.path, `command_timeout: ${timeout.reason}`);
  }

  const env: Record<string, string> = {};
  for (const [name, { value, path }] of merged.env) {
    if (!envName.test(name)) fail(path, `env: ${JSON.stringify(name)} is not a variable name; use letters, digits and _, not starting with a digit`, "key");
    else if (name.startsWith("BASCULE_")) fail(path, `env: ${name} is set by Bascule itself; choose another name`, "key");
    else env[name] = String(value);
  }
  env.BASCULE_PLAN_DIR = options.planDir;

  if (diagnostics.length > 0) return { kind: "invalid", diagnostics };
  const approval = merged.approval?.value;
  return {
    kind: "resolved",
    bindings: {
      file: options.file,
      systems,
      ...(sqlSystem === undefined ? {} : { sqlSystem: sqlSystem.value }),
      checks: new Map([...merged.checks].map(([text, { value }]) => [text, value])),
      metrics,
      dataMigrations,
      ...(prometheus === undefined ? {} : { prometheus }),
      approvers: new Map([...merged.approvers].map(([role, { value }]) => [role, [...new Set(value)]])),
      approval: { policy: approval?.policy ?? "all", allowSelfApproval: approval?.allow_self_approval ?? false },
      idempotentSteps: new Set(merged.idempotent_steps?.value ?? []),
      ...(merged.time_scale === undefined ? {} : { timeScale: merged.time_scale.value }),
      ...(commandTimeoutMs === undefined ? {} : { commandTimeoutMs }),
      env,
    },
  };
}

/** `sqlite:PATH` (relative to `baseDir`; `sqlite:///abs` also works) or a `postgres://` URL. */
export function resolveSystemUrl(url: string, baseDir: string): ParseResult<BoundSystem> {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === "sqlite") {
    let file = url.slice("sqlite:".length);
    if (file.startsWith("//")) file = file.slice(2);
    if (file === "") return invalid('the SQLite path is empty; write "sqlite:path/to/file.db"');
    if (file === ":memory:") return invalid("an in-memory SQLite database lasts one connection; name a file");
    const path = isAbsolute(file) ? file : resolve(baseDir, file);
    return ok({ url: `sqlite:${path}`, kind: "sqlite", path });
  }
  if (scheme === "postgres" || scheme === "postgresql") {
    // The message never repeats the URL: it may hold a password.
    if (!URL.canParse(url)) {
      return invalid(`not a valid ${scheme}:// URL; percent-encode special characters in the user name and password`);
    }
    return ok({ url, kind: "postgres" });
  }
  const found = scheme === undefined ? "no scheme" : `"${scheme}:"`;
  return invalid(`expected "sqlite:PATH" or "postgres://…" (or "postgresql://…"), found ${found}`);
}

type MetricEntry = NonNullable<BindingsFile["metrics"]>[string];
type EntryProblem = { readonly key: string; readonly message: string };

function resolveMetricEntry(entry: MetricEntry, checkSystem: (system: string) => string | undefined): { metric: BoundMetric; problems: EntryProblem[] } {
  const problems: EntryProblem[] = [];
  const source = parseMetricSource(entry.query);
  if (source.kind === "prose") problems.push({ key: "query", message: metricQueryShape });
  else if (source.kind === "invalid") problems.push({ key: "query", message: source.reason });
  else if (source.query.kind === "sql") {
    const problem = checkSystem(source.query.system);
    if (problem !== undefined) problems.push({ key: "query", message: `the query ${problem}` });
  }
  const onMissing = entry.on_missing ?? undefined;
  const tries = entry.tries ?? undefined;
  if (tries !== undefined && (onMissing === "fail" || onMissing === "pause")) {
    problems.push({ key: "tries", message: `tries counts the readings of on_missing: inconclusive; remove it, or set on_missing: inconclusive instead of ${onMissing}` });
  }
  let timeoutMs: number | undefined;
  if (entry.timeout !== undefined && entry.timeout !== null) {
    const timeout = parseTimeout(entry.timeout);
    if (timeout.kind === "ok") timeoutMs = timeout.value;
    else problems.push({ key: "timeout", message: `timeout: ${timeout.reason}` });
  }
  const policy = decideMissingDataPolicy(onMissing, tries);
  const metric: BoundMetric = {
    query: entry.query,
    unit: entry.unit ?? "ratio",
    ...(policy === undefined ? {} : { onMissing: policy }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
  return { metric, problems };
}

/** `tries` alone means inconclusive after that many, the default policy's kind. */
function decideMissingDataPolicy(onMissing: "fail" | "pause" | "inconclusive" | undefined, tries: number | undefined): MissingDataPolicy | undefined {
  if (onMissing === "fail" || onMissing === "pause") return { kind: onMissing };
  if (onMissing === undefined && tries === undefined) return undefined;
  return { kind: "inconclusive", tries: tries ?? defaultMissingDataPolicy.tries };
}

/** The message never repeats the URL: it may hold a password. */
function checkPrometheusUrl(url: string): string | undefined {
  const expected = 'expected the server\'s http:// or https:// URL, like "http://127.0.0.1:9090"';
  if (!URL.canParse(url)) return expected;
  const parsed = new URL(url);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return `${expected}, found "${parsed.protocol}"`;
  if (parsed.search !== "" || parsed.hash !== "") return "the server URL takes no ?query or #fragment; Bascule adds /api/v1/query itself";
  return undefined;
}

function parseTimeout(text: string): ParseResult<number> {
  const parsed = parseDuration(text);
  if (parsed.kind === "invalid") return parsed;
  const { minMs, maxMs, observation } = parsed.value;
  if (observation || minMs !== maxMs) return invalid('a timeout is one duration, like "30 minutes"');
  if (maxMs <= 0) return invalid("a timeout must be longer than 0");
  return ok(maxMs);
}
