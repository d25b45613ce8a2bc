import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
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
  command: new CommandMetricProvider({ runner: new ShellCommandRunner(), cwd: dir, env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } }),
  sql: new SqlMetricProvider({ systems: new Map([["app", { kind: "sqlite", path }]]) }),
});
const options = { timeoutMs: 5_000 };

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
