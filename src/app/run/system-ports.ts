import { CommandMetricProvider } from "../../adapters/metrics/command-metric-provider.js";
import { RoutingMetricProvider } from "../../adapters/metrics/routing-metric-provider.js";
import { SqlMetricProvider } from "../../adapters/metrics/sql-metric-provider.js";
import { PostgresMetricReader } from "../../adapters/postgres/postgres-metric-reader.js";
import { PostgresSqlRunner } from "../../adapters/postgres/postgres-sql-runner.js";
import { PrometheusMetricProvider } from "../../adapters/prometheus/prometheus-metric-provider.js";
import { ShellCommandRunner } from "../../adapters/shell/shell-command-runner.js";
import { SqlRunnerByScheme } from "../../adapters/sql-runner-by-scheme.js";
import { SqliteSqlRunner } from "../../adapters/sqlite/sqlite-sql-runner.js";
import { openSqliteJournalStore } from "../../adapters/sqlite/sqlite-journal-store.js";
import type { JournalStore } from "../../ports/journal-store.js";
import type { Bindings } from "../bindings/bindings.js";
import { systemClock } from "../local-system.js";
import type { RunPorts } from "./run-plan.js";
import { selfInvocation } from "./self-invocation.js";

/** The state store at a location `parseStateLocation` accepted: a SQLite file today. */
export function openStateStore(statePath: string): JournalStore {
  return openSqliteJournalStore(statePath);
}

export { systemClock } from "../local-system.js";

/** The real world: bash, SQLite files and PostgreSQL databases, the system clock, the bound metric providers. */
export function createSystemPorts(planDir: string, bindings: Bindings): RunPorts {
  const commands = new ShellCommandRunner();
  return {
    commands,
    sql: new SqlRunnerByScheme({ sqlite: new SqliteSqlRunner(planDir), postgres: new PostgresSqlRunner() }),
    clock: systemClock,
    selfCommand: selfInvocation(),
    metrics: (env) =>
      new RoutingMetricProvider({
        command: new CommandMetricProvider({ runner: commands, cwd: planDir, env }),
        sql: new SqlMetricProvider({ systems: bindings.systems, postgres: new PostgresMetricReader() }),
        ...(bindings.prometheus ? { prometheus: new PrometheusMetricProvider({ url: bindings.prometheus.url }) } : {}),
      }),
  };
}
