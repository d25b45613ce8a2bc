import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type LoadBindingsOptions, loadBindingsText, readBindingsFile } from "./load-bindings.js";

const dir = mkdtempSync(join(tmpdir(), "bascule-bindings-"));
const planDir = join(dir, "plan");
mkdirSync(planDir);
const file = join(dir, "config", "bascule.config.yaml");

function load(text: string, options: Partial<LoadBindingsOptions> = {}) {
  return loadBindingsText(text, { file, planDir, env: {}, ...options });
}

function bindingsOf(text: string, options: Partial<LoadBindingsOptions> = {}) {
  const result = load(text, options);
  if (result.kind !== "bindings") throw new Error(`expected bindings, got ${JSON.stringify(result.diagnostics)}`);
  return result;
}

/** Each diagnostic as `rule line:column message`, the way a reviewer reads them. */
function errorsOf(text: string, options: Partial<LoadBindingsOptions> = {}): string[] {
  const result = load(text, options);
  if (result.kind !== "invalid") throw new Error("expected the bindings to be invalid");
  return result.diagnostics.map((d) => `${d.rule} ${d.line}:${d.column} ${d.message}`);
}

const fullFile = `# bascule.config.yaml
systems:
  "Cart Database":
    url: "sqlite:.sim/cart.db"
  orders:
    url: "postgres://app:\${ORDERS_PASSWORD}@127.0.0.1:5432/orders"
sql_system: "Cart Database"
checks:
  "Backup file exists": "test -s backup/cart.sql"
metrics:
  error_rate:
    query: "command: ./bin/error-rate"
    unit: percent
  latency:
    query: "sql: orders: select avg(ms) from requests"
approvers:
  "DBA Lead": ["alice", "dana"]
  "Engineering Manager": ["bob"]
approval:
  policy: any
  allow_self_approval: true
idempotent_steps: ["STEP-3-1"]
time_scale: 0.0001
command_timeout: "30 minutes"
env:
  PATH: "\${BASCULE_PLAN_DIR}/bin:\${PATH}"
  PORT: 5432
environments:
  staging:
    systems: { "Cart Database": { url: "sqlite:.sim/staging-cart.db" } }
  production:
    approval: { policy: all }
`;

describe("loadBindingsText", () => {
  it("resolves a full file: connections, checks, metrics, approvers, timing and environment", () => {
    const { bindings, secrets } = bindingsOf(fullFile, { env: { ORDERS_PASSWORD: "s3cret", PATH: "/usr/bin" } });
    expect(bindings.file).toBe(file);
    expect(bindings.systems).toEqual(
      new Map([
        ["Cart Database", { url: `sqlite:${join(dir, "config", ".sim/cart.db")}`, kind: "sqlite", path: join(dir, "config", ".sim/cart.db") }],
        ["orders", { url: "postgres://app:s3cret@127.0.0.1:5432/orders", kind: "postgres" }],
      ]),
    );
    expect(bindings.sqlSystem).toBe("Cart Database");
    expect(bindings.checks).toEqual(new Map([["Backup file exists", "test -s backup/cart.sql"]]));
    expect(bindings.metrics).toEqual(
      new Map([
        ["error_rate", { query: "command: ./bin/error-rate", unit: "percent" }],
        ["latency", { query: "sql: orders: select avg(ms) from requests", unit: "ratio" }],
      ]),
    );
    expect(bindings.approvers).toEqual(
      new Map([
        ["DBA Lead", ["alice", "dana"]],
        ["Engineering Manager", ["bob"]],
      ]),
    );
    expect(bindings.approval).toEqual({ policy: "any", allowSelfApproval: true });
    expect(bindings.idempotentSteps).toEqual(new Set(["STEP-3-1"]));
    expect(bindings.timeScale).toBe(0.0001);
    expect(bindings.commandTimeoutMs).toBe(30 * 60_000);
    expect(bindings.env).toEqual({ PATH: `${planDir}/bin:/usr/bin`, PORT: "5432", BASCULE_PLAN_DIR: planDir });
    expect(secrets).toEqual(["s3cret"]);
  });

  it("gives defaults when the file sets nothing", () => {
    const { bindings, secrets } = bindingsOf("# nothing bound yet\n");
    expect(bindings.file).toBe(file);
    expect(bindings.systems.size).toBe(0);
    expect(bindings.sqlSystem).toBeUndefined();
    expect(bindings.approval).toEqual({ policy: "all", allowSelfApproval: false });
    expect(bindings.timeScale).toBeUndefined();
    expect(bindings.commandTimeoutMs).toBeUndefined();
    expect(bindings.env).toEqual({ BASCULE_PLAN_DIR: planDir });
    expect(secrets).toEqual([]);
  });

  it("treats a key left empty as absent", () => {
    expect(bindingsOf("checks:\nsystems:\n").bindings.checks.size).toBe(0);
  });
});

describe("metric settings and the Prometheus server", () => {
  const metricsOf = (text: string) => bindingsOf(`metrics:\n${text}`).bindings.metrics;

  it("reads on_missing, tries and timeout; leaves them absent when not written, for the defaults to apply", () => {
    const metrics = metricsOf(
      [
        "  strict: { query: 'prometheus: up', on_missing: fail, timeout: '3 seconds' }",
        "  careful: { query: 'prometheus: up', on_missing: pause }",
        "  patient: { query: 'prometheus: up', on_missing: inconclusive, tries: 5 }",
        "  counted: { query: 'prometheus: up', tries: 2 }",
        "  lenient: { query: 'prometheus: up', on_missing: inconclusive }",
        "  plain: { query: 'prometheus: up' }",
        "",
      ].join("\n"),
    );
    expect(Object.fromEntries(metrics)).toEqual({
      strict: { query: "prometheus: up", unit: "ratio", onMissing: { kind: "fail" }, timeoutMs: 3_000 },
      careful: { query: "prometheus: up", unit: "ratio", onMissing: { kind: "pause" } },
      patient: { query: "prometheus: up", unit: "ratio", onMissing: { kind: "inconclusive", tries: 5 } },
      counted: { query: "prometheus: up", unit: "ratio", onMissing: { kind: "inconclusive", tries: 2 } },
      lenient: { query: "prometheus: up", unit: "ratio", onMissing: { kind: "inconclusive", tries: 3 } },
      plain: { query: "prometheus: up", unit: "ratio" },
    });
    expect(metrics.get("plain")).not.toHaveProperty("onMissing");
    expect(metrics.get("plain")).not.toHaveProperty("timeoutMs");
  });

  it("reads the Prometheus URL after substitution, keeps its password secret, and lets an environment replace it", () => {
    const text = [
      'prometheus: { url: "http://${PROM_HOST:-127.0.0.1}:9090" }',
      "environments:",
      "  production:",
      '    prometheus: { url: "https://bascule:${PROM_PASSWORD}@prom.internal/prometheus" }',
      "",
    ].join("\n");
    expect(bindingsOf(text).bindings.prometheus).toEqual({ url: "http://127.0.0.1:9090" });
    expect(bindingsOf(text, { env: { PROM_HOST: "10.1.2.3" } }).bindings.prometheus).toEqual({ url: "http://10.1.2.3:9090" });
    const production = bindingsOf(text, { environment: "production", env: { PROM_PASSWORD: "pr0m" } });
    expect(production.bindings.prometheus).toEqual({ url: "https://bascule:pr0m@prom.internal/prometheus" });
    expect(production.secrets).toEqual(["pr0m"]);
  });

  it("has no Prometheus server when none is bound", () => {
    expect(bindingsOf("metrics: { m: { query: 'prometheus: up' } }\n").bindings.prometheus).toBeUndefined();
  });
});

describe("data migrations", () => {
  it("reads the key, the projections per side and the target batch duration, by migration id", () => {
    const text = [
      "data_migrations:",
      "  DM-1:",
      "    key_columns: [tenant_id, id]",
      "    source_query: SELECT tenant_id, id, round(total * 100) AS total_cents FROM orders",
      "    target_query: SELECT tenant_id, id, total_cents FROM orders_v2",
      "    target_batch_duration: 2 seconds",
      "  DM-2: {}",
      "",
    ].join("\n");
    const { dataMigrations } = bindingsOf(text).bindings;
    expect(dataMigrations.get("DM-1")).toEqual({
      keyColumns: ["tenant_id", "id"],
      sourceQuery: "SELECT tenant_id, id, round(total * 100) AS total_cents FROM orders",
      targetQuery: "SELECT tenant_id, id, total_cents FROM orders_v2",
      targetBatchMs: 2000,
    });
    expect(dataMigrations.get("DM-2")).toEqual({});
  });

  it("points at a batch duration that is not one, and at an unknown key with the nearest", () => {
    expect(errorsOf("data_migrations:\n  DM-1: { target_batch_duration: fast }\n")).toEqual([
      'bindings 2:34 data migration "DM-1": target_batch_duration: expected a duration like "30 minutes", "2-3 hours" or "1 week"',
    ]);
    expect(errorsOf("data_migrations:\n  DM-1: { key_column: [id] }\n")).toEqual(['bindings 2:11 unknown key "key_column" in data_migrations.DM-1; did you mean "key_columns"?']);
  });
});

describe("sqlite paths", () => {
  it.each([
    ["sqlite:cart.db", join(dir, "config", "cart.db")],
    ["sqlite:../data/cart.db", join(dir, "data", "cart.db")],
    ["sqlite:/var/lib/cart.db", "/var/lib/cart.db"],
    ["sqlite:///var/lib/cart.db", "/var/lib/cart.db"],
    ["sqlite:${BASCULE_PLAN_DIR}/cart.db", join(planDir, "cart.db")],
  ])("%s is %s", (url, path) => {
    const { bindings } = bindingsOf(`systems:\n  cart:\n    url: "${url}"\n`);
    expect(bindings.systems.get("cart")).toEqual({ url: `sqlite:${path}`, kind: "sqlite", path });
  });
});

describe("${VAR} substitution", () => {
  it("substitutes in every string value, with defaults for unset and empty variables", () => {
    const { bindings } = bindingsOf(
      [
        'sql_system: "${SYSTEM:-cart}"',
        "systems:",
        '  cart: { url: "sqlite:${DB:-cart.db}" }',
        'checks: { "Backup file exists": "test -s ${BACKUP}" }',
        'approvers: { "DBA Lead": ["${DBA}"] }',
        'command_timeout: "${TIMEOUT:-${FALLBACK_TIMEOUT}}"',
        'env: { GREETING: "${EMPTY:-hello}", RAW: "$${HOME} and $PWD" }',
        "",
      ].join("\n"),
      { env: { BACKUP: "backup/cart.sql", DBA: "alice", EMPTY: "", FALLBACK_TIMEOUT: "2 hours" } },
    );
    expect(bindings.sqlSystem).toBe("cart");
    expect(bindings.systems.get("cart")?.path).toBe(join(dir, "config", "cart.db"));
    expect(bindings.checks.get("Backup file exists")).toBe("test -s backup/cart.sql");
    expect(bindings.approvers.get("DBA Lead")).toEqual(["alice"]);
    expect(bindings.commandTimeoutMs).toBe(2 * 3_600_000);
    expect(bindings.env.GREETING).toBe("hello");
    expect(bindings.env.RAW).toBe("${HOME} and $PWD");
  });

  it("names each unknown variable at the place it is written", () => {
    const text = 'systems:\n  orders:\n    url: "postgres://app:${ORDERS_PASSWORD}@${DB_HOST}/orders"\n';
    expect(errorsOf(text)).toEqual([
      "bindings 3:26 variable ORDERS_PASSWORD is not set and has no default; set it, or write ${ORDERS_PASSWORD:-default}",
      "bindings 3:45 variable DB_HOST is not set and has no default; set it, or write ${DB_HOST:-default}",
    ]);
  });

  it("needs no variables of environments other than the chosen one", () => {
    const text =
      'environments:\n  production:\n    systems: { db: { url: "postgres://u:${PROD_PASSWORD}@h/db" } }\n  staging:\n    systems: { db: { url: "sqlite:staging.db" } }\n';
    expect(bindingsOf(text, { environment: "staging" }).bindings.systems.get("db")?.kind).toBe("sqlite");
    expect(errorsOf(text, { environment: "production" })).toEqual([
      "bindings 3:41 variable PROD_PASSWORD is not set and has no default; set it, or write ${PROD_PASSWORD:-default}",
    ]);
  });
});

describe("secrets", () => {
  const secretsOf = (text: string, env: Record<string, string>) => bindingsOf(text, { env }).secrets;

  it("collects a password substituted into a postgres URL, but not a PATH", () => {
    const text = 'systems:\n  orders: { url: "postgres://${DB_USER}:${DB_PASS}@db:5432/orders" }\nenv:\n  PATH: "${PATH}"\n';
    expect(secretsOf(text, { DB_USER: "app", DB_PASS: "hunter2", PATH: "/usr/bin:/bin" })).toEqual(["hunter2", "app"]);
  });

  it("collects values of variables whose names look secret, wherever they go", () => {
    const text = 'checks:\n  "API answers": "curl -H \'Authorization: ${Api_Token}\' https://api/health"\nenv:\n  AWS_KEY: "${AWS_ACCESS_KEY}"\n  REGION: "${REGION}"\n';
    expect(secretsOf(text, { Api_Token: "tok-123", AWS_ACCESS_KEY: "AKIA42", REGION: "eu-west-1" })).toEqual(["tok-123", "AKIA42"]);
  });

  it("collects a whole URL substituted from one variable, and a password written literally", () => {
    const text = 'systems:\n  a: { url: "${DATABASE_URL}" }\n  b: { url: "postgres://app:p%40ss@db/b" }\n';
    expect(secretsOf(text, { DATABASE_URL: "postgres://u:pw@h/a" })).toEqual(["postgres://u:pw@h/a", "p%40ss", "p@ss", "pw"]);
  });

  it("collects a literal value under a secret-looking env name", () => {
    expect(secretsOf('env:\n  SERVICE_TOKEN: "abc"\n  MODE: "fast"\n', {})).toEqual(["abc"]);
  });
});

describe("environments", () => {
  it("merges maps entry by entry and replaces other keys whole", () => {
    const text = [
      "systems:",
      '  cart: { url: "sqlite:cart.db" }',
      '  orders: { url: "sqlite:orders.db" }',
      'checks: { "Backup file exists": "test -s a", "Smoke test": "true" }',
      "approval: { policy: any, allow_self_approval: true }",
      "idempotent_steps: [STEP-1, STEP-2]",
      "environments:",
      "  production:",
      '    systems: { cart: { url: "postgres://db/cart" } }',
      '    checks: { "Backup file exists": "test -s b" }',
      "    approval: { policy: all }",
      "    idempotent_steps: [STEP-3]",
      "",
    ].join("\n");
    const { bindings } = bindingsOf(text, { environment: "production" });
    expect(bindings.systems.get("cart")).toEqual({ url: "postgres://db/cart", kind: "postgres" });
    expect(bindings.systems.get("orders")?.kind).toBe("sqlite");
    expect(bindings.checks).toEqual(
      new Map([
        ["Backup file exists", "test -s b"],
        ["Smoke test", "true"],
      ]),
    );
    expect(bindings.approval).toEqual({ policy: "all", allowSelfApproval: false });
    expect(bindings.idempotentSteps).toEqual(new Set(["STEP-3"]));
    expect(bindingsOf(text).bindings.approval).toEqual({ policy: "any", allowSelfApproval: true });
  });

  it("points errors in an environment's values into that environment", () => {
    const text = 'systems:\n  db: { url: "sqlite:a.db" }\nenvironments:\n  production:\n    systems:\n      db: { url: "mysql://h/db" }\n';
    expect(errorsOf(text, { environment: "production" })).toEqual([
      'bindings 6:18 environments.production.systems.db.url: expected "sqlite:PATH" or "postgres://…" (or "postgresql://…"), found "mysql:"',
    ]);
    expect(load(text).kind).toBe("bindings");
  });

  it("takes an environment left empty as no change", () => {
    expect(bindingsOf("time_scale: 0.5\nenvironments:\n  dev:\n", { environment: "dev" }).bindings.timeScale).toBe(0.5);
  });

  it("refuses an environment that is not defined, suggesting the nearest", () => {
    expect(errorsOf(fullFile, { environment: "prodution", env: { ORDERS_PASSWORD: "x", PATH: "" } })).toEqual([
      'bindings 28:1 environment "prodution" is not defined; defined environments: staging, production; did you mean "production"?',
    ]);
  });

  it("refuses an environment when the file has none", () => {
    expect(errorsOf("time_scale: 1\n", { environment: "staging" })).toEqual([
      'bindings 1:1 environment "staging" is not defined: this file has no environments; add it under environments:',
    ]);
  });
});

describe("errors, each at its line and column", () => {
  it.each([
    ["an unknown top-level key", "sytems: {}\n", 'bindings 1:1 unknown key "sytems"; did you mean "systems"?'],
    [
      "an unknown key with nothing near",
      "wiki: x\n",
      'bindings 1:1 unknown key "wiki"; known keys here: systems, sql_system, checks, metrics, data_migrations, prometheus, approvers, approval, idempotent_steps, time_scale, command_timeout, env, environments',
    ],
    ["an unknown key in a metric", 'metrics:\n  m:\n    query: "command: x"\n    units: percent\n', 'bindings 4:5 unknown key "units" in metrics.m; did you mean "unit"?'],
    [
      "an unknown key in an environment",
      "environments:\n  staging:\n    time_scal: 1\n",
      'bindings 3:5 unknown key "time_scal" in environments.staging; did you mean "time_scale"?',
    ],
    [
      "nested environments",
      "environments:\n  staging:\n    environments: {}\n",
      'bindings 3:5 "environments" cannot be nested inside an environment; an environment sets top-level keys: systems, sql_system, checks, metrics, data_migrations, prometheus, approvers, approval, idempotent_steps, time_scale, command_timeout, env',
    ],
    ["a system without a url", "systems:\n  cart: {}\n", 'bindings 2:3 systems.cart needs "url"'],
    ["a wrong type", "checks:\n  - test -s a\n", "bindings 2:3 checks must be a mapping, found a list"],
    ["a policy misspelt", "approval:\n  policy: al\n", 'bindings 2:11 approval.policy must be one of "all", "any", found text "al"; did you mean "all"?'],
    [
      "a unit not allowed",
      "metrics:\n  m:\n    query: 'command: x'\n    unit: percentage\n",
      'bindings 4:11 metrics.m.unit must be one of "ratio", "percent", found text "percentage"; did you mean "percent"?',
    ],
    ["a zero time scale", "time_scale: 0\n", "bindings 1:13 time_scale must be greater than 0"],
    ["a role with no identities", 'approvers:\n  "DBA Lead": []\n', 'bindings 2:15 approvers["DBA Lead"] must list at least one identity'],
    ["an env value that is a list", "env:\n  A: [1]\n", "bindings 2:6 env.A must be text, a number or true/false"],
    ["an env name that is not a variable", 'env:\n  "MY-VAR": x\n', 'bindings 2:3 env: "MY-VAR" is not a variable name; use letters, digits and _, not starting with a digit'],
    ["an env name Bascule sets", "env:\n  BASCULE_RUN_ID: x\n", "bindings 2:3 env: BASCULE_RUN_ID is set by Bascule itself; choose another name"],
    [
      "an unsupported URL scheme",
      'systems:\n  db:\n    url: "mysql://u:pw@h/db"\n',
      'bindings 3:10 systems.db.url: expected "sqlite:PATH" or "postgres://…" (or "postgresql://…"), found "mysql:"',
    ],
    [
      "an unparsable postgres URL",
      'systems:\n  db:\n    url: "postgres://u:p@ss@[bad/db"\n',
      "bindings 3:10 systems.db.url: not a valid postgres:// URL; percent-encode special characters in the user name and password",
    ],
    ["an empty sqlite path", 'systems:\n  db: { url: "sqlite:" }\n', 'bindings 2:14 systems.db.url: the SQLite path is empty; write "sqlite:path/to/file.db"'],
    [
      "sql_system not bound",
      'systems:\n  "Cart Database": { url: "sqlite:a.db" }\nsql_system: "Cart Databse"\n',
      'bindings 3:13 sql_system names system "Cart Databse", which is not bound; bound systems: Cart Database; did you mean "Cart Database"?',
    ],
    ["sql_system with no systems", "sql_system: cart\n", 'bindings 1:13 sql_system names system "cart", but no system is bound; add it under systems:'],
    [
      "a metric query of no known provider",
      "metrics:\n  m: { query: 'datadog: errors' }\n",
      'bindings 2:15 metric "m": query must be "command: <shell>", "prometheus: <PromQL>" or "sql: <system>: <query>"',
    ],
    [
      "a sql metric on an unbound system",
      "systems: { cart: { url: 'sqlite:a.db' }, orders: { url: 'sqlite:o.db' } }\nmetrics:\n  m: { query: 'sql: order: select 1' }\n",
      'bindings 3:15 metric "m": the query names system "order", which is not bound; bound systems: cart, orders; did you mean "orders"?',
    ],
    ["a sql metric without a query", "metrics:\n  m: { query: 'sql: select 1' }\n", 'bindings 2:15 metric "m": write "sql: <system>: <query>"'],
    [
      "a missing-data policy misspelt",
      "metrics:\n  m:\n    query: 'command: x'\n    on_missing: pase\n",
      'bindings 4:17 metrics.m.on_missing must be one of "fail", "pause", "inconclusive", found text "pase"; did you mean "pause"?',
    ],
    ["zero tries", "metrics:\n  m:\n    query: 'command: x'\n    tries: 0\n", "bindings 4:12 metrics.m.tries must be at least 1"],
    ["a fraction of a try", "metrics:\n  m:\n    query: 'command: x'\n    tries: 1.5\n", "bindings 4:12 metrics.m.tries must be a whole number, found the number 1.5"],
    ["tries as text", "metrics:\n  m:\n    query: 'command: x'\n    tries: three\n", 'bindings 4:12 metrics.m.tries must be a number, found text "three"'],
    [
      "tries with on_missing: fail",
      "metrics:\n  m:\n    query: 'command: x'\n    on_missing: fail\n    tries: 2\n",
      'bindings 5:12 metric "m": tries counts the readings of on_missing: inconclusive; remove it, or set on_missing: inconclusive instead of fail',
    ],
    [
      "a metric timeout that is not a duration",
      "metrics:\n  m: { query: 'command: x', timeout: 'quick' }\n",
      'bindings 2:38 metric "m": timeout: expected a duration like "30 minutes", "2-3 hours" or "1 week"',
    ],
    ["a metric timeout of zero", "metrics:\n  m: { query: 'command: x', timeout: '0 seconds' }\n", 'bindings 2:38 metric "m": timeout: a timeout must be longer than 0'],
    [
      "an unknown key in a metric, near on_missing",
      "metrics:\n  m: { query: 'command: x', on_mising: fail }\n",
      'bindings 2:29 unknown key "on_mising" in metrics.m; did you mean "on_missing"?',
    ],
    ["a prometheus section without url", "prometheus: {}\n", 'bindings 1:1 prometheus needs "url"'],
    [
      "a prometheus url of another scheme",
      "prometheus:\n  url: 'ftp://u:hunter2@prom:9090'\n",
      'bindings 2:8 prometheus.url: expected the server\'s http:// or https:// URL, like "http://127.0.0.1:9090", found "ftp:"',
    ],
    [
      "a prometheus url that is not a URL",
      "prometheus:\n  url: '127.0.0.1:9090'\n",
      'bindings 2:8 prometheus.url: expected the server\'s http:// or https:// URL, like "http://127.0.0.1:9090"',
    ],
    [
      "a prometheus url with a query",
      "prometheus: { url: 'http://prom:9090/api/v1/query?query=up' }\n",
      "bindings 1:20 prometheus.url: the server URL takes no ?query or #fragment; Bascule adds /api/v1/query itself",
    ],
    ["a timeout that is not a duration", 'command_timeout: "soon"\n', 'bindings 1:18 command_timeout: expected a duration like "30 minutes", "2-3 hours" or "1 week"'],
    ["a timeout range", 'command_timeout: "2-3 hours"\n', 'bindings 1:18 command_timeout: a timeout is one duration, like "30 minutes"'],
    ["a root that is a list", "- systems\n", "source 1:1 bascule.config.yaml must be a mapping of keys at the root, found a list"],
    ["a YAML syntax error", 'systems:\n  cart: { url: "sqlite:a.db"\n', "source 3:1 YAML syntax error: unexpected end of the stream within a flow collection"],
    ["a duplicated key", "time_scale: 1\ntime_scale: 2\n", "source 2:1 YAML syntax error: duplicated mapping key"],
  ])("%s", (_name, text, expected) => {
    expect(errorsOf(text)).toEqual([expected]);
  });

  it("reports an unknown key in prometheus and the url it then lacks", () => {
    expect(errorsOf("prometheus:\n  ulr: http://127.0.0.1:9090\n")).toEqual([
      'bindings 1:1 prometheus needs "url"',
      'bindings 2:3 unknown key "ulr" in prometheus; did you mean "url"?',
    ]);
  });

  it("reports every error at once, in file order", () => {
    expect(errorsOf("time_scale: -1\nsytems: {}\napproval: { policy: most }\n")).toEqual([
      "bindings 1:13 time_scale must be greater than 0",
      'bindings 2:1 unknown key "sytems"; did you mean "systems"?',
      'bindings 3:21 approval.policy must be one of "all", "any", found text "most"',
    ]);
  });

  it("never repeats a URL, which may hold a password, in a message", () => {
    const [message] = errorsOf('systems:\n  db: { url: "ftp://u:hunter2@h/" }\n');
    expect(message).not.toContain("hunter2");
  });
});

describe("readBindingsFile", () => {
  const read = (path: string | undefined, options: { environment?: string; planDir?: string } = {}) =>
    readBindingsFile(path, { planDir: options.planDir ?? planDir, env: {}, environment: options.environment, cwd: dir });

  it("finds bascule.config.yaml beside the plan and resolves sqlite paths against it", () => {
    const beside = mkdtempSync(join(dir, "beside-"));
    writeFileSync(join(beside, "bascule.config.yaml"), "systems:\n  cart: { url: 'sqlite:cart.db' }\n");
    const result = read(undefined, { planDir: beside });
    expect(result).toMatchObject({ kind: "bindings", bindings: { file: join(beside, "bascule.config.yaml") } });
    if (result.kind === "bindings") expect(result.bindings.systems.get("cart")?.path).toBe(join(beside, "cart.db"));
  });

  it("gives empty bindings when there is no file beside the plan", () => {
    const result = read(undefined);
    expect(result).toMatchObject({ kind: "bindings", secrets: [], bindings: { env: { BASCULE_PLAN_DIR: planDir } } });
    if (result.kind === "bindings") expect(result.bindings.file).toBeUndefined();
  });

  it("refuses --env when there is no file beside the plan", () => {
    expect(read(undefined, { environment: "staging" })).toMatchObject({
      kind: "invalid",
      file: join(planDir, "bascule.config.yaml"),
      diagnostics: [
        { rule: "bindings", line: 1, column: 1, message: expect.stringContaining('environment "staging" is not defined: there is no bascule.config.yaml beside the plan') },
      ],
    });
  });

  it("refuses a --config file that does not exist, relative to cwd", () => {
    expect(read("missing.yaml")).toMatchObject({
      kind: "invalid",
      file: join(dir, "missing.yaml"),
      diagnostics: [{ rule: "source", message: "no such file" }],
    });
  });

  it("refuses a folder and a binary file", () => {
    writeFileSync(join(dir, "binary.yaml"), new Uint8Array([0x89, 0x50, 0, 0]));
    expect(read("plan")).toMatchObject({ kind: "invalid", diagnostics: [{ rule: "source", message: expect.stringContaining("is a folder") }] });
    expect(read("binary.yaml")).toMatchObject({ kind: "invalid", diagnostics: [{ rule: "source", message: "file is binary, not a YAML text file" }] });
  });

  it("keeps the text of an invalid file for code frames", () => {
    writeFileSync(join(dir, "typo.yaml"), "sytems: {}\n");
    expect(read("typo.yaml")).toMatchObject({ kind: "invalid", text: "sytems: {}\n", diagnostics: [{ line: 1, column: 1 }] });
  });
});
