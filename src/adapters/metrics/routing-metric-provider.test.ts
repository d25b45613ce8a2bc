import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeMetricProviderContract } from "../../testing/metric-provider-contract.js";
import { ShellCommandRunner } from "../shell/shell-command-runner.js";
import { CommandMetricProvider } from "./command-metric-provider.js";
import { RoutingMetricProvider } from "./routing-metric-provider.js";
import { SqlMetricProvider } from "./sql-metric-provider.js";

const dir = mkdtempSync(join(tmpdir(), "bascule-routing-metric-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = join(dir, "app.db");
const db = new Database(path);
db.exec("CREATE TABLE stats (error_rate REAL); INSERT INTO stats VALUES (0.003);");
db.close();

const router = new RoutingMetricProvider({
  command: new CommandMetricProvider({ runner: new ShellCommandRunner({ killGraceMs: 500 }), cwd: dir, env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } }),
  sql: new SqlMetricProvider({
    systems: new Map([
      ["app", { kind: "sqlite", path }],
      ["archive", { kind: "sqlite", path: join(dir, "archive.db") }],
    ]),
  }),
});
const options = { timeoutMs: 5_000 };

// Each case goes to one of the two providers, so the contract holds of the router whichever it picks.
describeMetricProviderContract("RoutingMetricProvider over command and SQLite", async () => {
  const sql = (query: string, system = "app") => ({ kind: "sql", system, query }) as const;
  const command = (text: string) => ({ kind: "command", command: text }) as const;
  return {
    provider: router,
    valueOf: (value) => (value % 2 === 0 ? command(`echo ${value}`) : sql(`SELECT ${value}`)),
    empty: sql("SELECT error_rate FROM stats WHERE error_rate > 1"),
    notANumber: command("echo NaN"),
    refused: sql("SELEC error_rate FROM stats"),
    unreachable: { provider: router, query: sql("SELECT 1", "archive") },
    foreign: { kind: "prometheus", promql: "up" },
    stall: { abortable: true, start: async () => ({ provider: router, query: command("sleep 10; echo 1"), release: async () => undefined }) },
  };
});

describe("RoutingMetricProvider", () => {
  it("sends each query to the provider of its kind", async () => {
    expect(await router.read({ kind: "command", command: "echo 12" }, options)).toMatchObject({ kind: "value", value: 12 });
    expect(await router.read({ kind: "sql", system: "app", query: "SELECT error_rate FROM stats" }, options)).toMatchObject({ kind: "value", value: 0.003 });
  });

  it("reads a kind with no provider as an error that says what to bind", async () => {
    expect(await router.read({ kind: "prometheus", promql: "up" }, options)).toEqual({
      kind: "error",
      message: 'no Prometheus server is bound; add prometheus: { url: "http://127.0.0.1:9090" } to bascule.config.yaml',
    });
  });
});
