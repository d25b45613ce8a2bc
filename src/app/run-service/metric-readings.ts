import { redactSecrets } from "../../adapters/shell/redact-secrets.js";
import type { MetricProvider } from "../../ports/metric-provider.js";
import { listMonitoredMetrics, type MonitorTarget } from "../monitor/list-monitored-metrics.js";
import { EffectExecutor } from "../run/effect-executor.js";
import { maskMetricReadings } from "../run/redact-reading.js";
import type { Workspace } from "./workspace.js";

/**
 * Every metric of the plan and the bindings, with the providers a run reads them through and
 * the environment a run's `command:` metrics get (there is no run id here); secrets masked.
 */
export function monitoredMetrics(workspace: Workspace): { readonly targets: readonly MonitorTarget[]; readonly provider: MetricProvider } {
  const { session, ports } = workspace;
  const executor = new EffectExecutor({
    planDir: session.planDir,
    bindings: session.bindings,
    secrets: session.secrets,
    commands: ports.commands,
    sql: ports.sql,
    clock: ports.clock,
    baseEnv: workspace.env,
    runId: "",
  });
  const env = executor.environment({});
  delete env.BASCULE_RUN_ID;
  return {
    targets: listMonitoredMetrics(session.plan, session.bindings),
    provider: maskMetricReadings(ports.metrics(env), (text) => redactSecrets(text, session.secrets)),
  };
}
