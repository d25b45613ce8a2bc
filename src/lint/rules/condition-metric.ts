import type { Plan } from "../../plan/schema/plan-schema.js";
import { CandidateIndex } from "../candidate-index.js";
import type { LintRule } from "../lint-rule.js";

export const conditionMetricRule: LintRule = {
  id: "condition-metric",
  description: "A condition names a metric the plan or the bindings define, so it can be evaluated without a person.",
  category: "automation",
  severity: "info",
  check({ plan, index, checks }, report) {
    let names: CandidateIndex | undefined;
    for (const { site, kind } of checks) {
      if (kind.kind !== "condition" || kind.metricResolved || spokenForElsewhere(plan, site)) continue;
      names ??= new CandidateIndex(
        listMetricNames(
          plan,
          index.steps.map(({ step }) => step.monitoring?.metrics_to_watch),
        ),
      );
      const metric = kind.condition.metric;
      const close = names.find(metric);
      const fix =
        close === undefined
          ? "bind it in bascule.config.yaml to evaluate it automatically"
          : `rename it to ${JSON.stringify(close)} if that is the metric meant, or bind it in bascule.config.yaml to evaluate it automatically`;
      report({
        path: site.path,
        message: `condition ${JSON.stringify(site.text)} names metric ${JSON.stringify(metric)}, which no migration_monitoring metric or metrics_to_watch entry defines; ${fix}`,
      });
    }
  },
};

/** Sites whose own rule already says their metric is unknown, louder: continuous checks, risk triggers, automated gates' criteria. */
function spokenForElsewhere(plan: Plan, site: { readonly field: string; readonly path: readonly (string | number)[] }): boolean {
  if (site.field === "continuous_checks" || site.field === "contingency_trigger") return true;
  if (site.field !== "strategy_gate_criteria") return false;
  return plan.validation_strategy?.validation_gates?.[site.path[2] as number]?.type === "automated";
}

function listMetricNames(plan: Plan, watched: ReadonlyArray<readonly string[] | null | undefined>): string[] {
  const monitored = (plan.monitoring_and_observability?.migration_monitoring ?? []).map((m) => m.metric_name ?? "");
  return [...monitored, ...watched.flatMap((names) => names ?? [])].filter((name) => name.trim() !== "");
}
