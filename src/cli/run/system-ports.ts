import { CommandMetricProvider } from "../../adapters/metrics/command-metric-provider.js";
import { RoutingMetricProvider } from "../../adapters/metrics/routing-metric-provider.js";
import { SqlMetricProvider } from "../../adapters/metrics/sql-metric-provider.js";
import { PrometheusMetricProvider } from "../../adapters/prometheus/prometheus-metric-provider.js";
import { ShellCommandRunner } from "../../adapters/shell/shell-command-runner.js";
import { SqliteSqlRunner } from "../../adapters/sqlite/sqlite-sql-runner.js";
import { SystemClock } from "../../adapters/system-clock.js";
import type { Bindings } from "../../app/bindings/bindings.js";
import type { RunPorts } from "../../app/run/run-plan.js";

/** The real world: bash, SQLite files, the system clock, the bound metric providers. */
export function createSystemPorts(planDir: string, bindings: Bindings): RunPorts {
  const commands = new ShellCommandRunner();
  return {
    commands,
    sql: new SqliteSqlRunner(planDir),
    clock: new SystemClock(),
    metrics: (env) =>
      new RoutingMetricProvider({
        command: new CommandMetricProvider({ runner: commands, cwd: planDir, env }),
        sql: new SqlMetricProvider({ systems: bindings.systems }),
        ...(bindings.prometheus ? { prometheus: new PrometheusMetricProvider({ url: bindings.prometheus.url }) } : {}),
      }),
  };
}
