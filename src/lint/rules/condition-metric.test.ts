import { describe, expect, it } from "vitest";
import { parsePlanText } from "../../plan/plan-document.js";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { lintPlan } from "../lint-plan.js";
import { conditionMetricRule } from "./condition-metric.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [conditionMetricRule] }).diagnostics);

const plan = `migration_phases:
  - phase_id: P1
    start_condition:
      - "Backup completed"
      - "queue_depth < 100"
    steps:
      - step_id: S1
        validation:
          success_criteria:
            - "Error-Rate < 0.1%"
            - "p99 latency < 250ms"
            - "checkout latncy < 250ms"
        monitoring:
          metrics_to_watch: ["checkout_latency"]
          alert_conditions: ["checkout latency > 500ms"]
monitoring_and_observability:
  migration_monitoring:
    - metric_name: "error rate"
`;

describe("condition-metric", () => {
  it("notes each condition of the spec's example whose metric the example does not define", () => {
    const found = lint(readExamplePlan());
    expect(found.map((line) => line.split(" ").slice(0, 3).join(" "))).toEqual(
      ["83:15", "100:30", "292:15", "311:15", "312:15", "323:13", "337:15", "365:15", "389:11", "443:7"].map((at) => `info condition-metric ${at}`),
    );
    expect(found[2]).toBe(
      'info condition-metric 292:15 condition "Error rate < 0.1%" names metric "Error rate", which no migration_monitoring metric or metrics_to_watch entry defines; bind it in bascule.config.yaml to evaluate it automatically',
    );
  });

  it("notes unknown metrics, suggests a near one, and ignores defined metrics and prose", () => {
    expect(lint(plan)).toEqual([
      'info condition-metric 5:9 condition "queue_depth < 100" names metric "queue_depth", which no migration_monitoring metric or metrics_to_watch entry defines; bind it in bascule.config.yaml to evaluate it automatically',
      'info condition-metric 11:15 condition "p99 latency < 250ms" names metric "p99 latency", which no migration_monitoring metric or metrics_to_watch entry defines; bind it in bascule.config.yaml to evaluate it automatically',
      'info condition-metric 12:15 condition "checkout latncy < 250ms" names metric "checkout latncy", which no migration_monitoring metric or metrics_to_watch entry defines; rename it to "checkout_latency" if that is the metric meant, or bind it in bascule.config.yaml to evaluate it automatically',
    ]);
  });

  it("accepts a metric the bindings define", () => {
    const document = parsePlanText('migration_phases:\n  - phase_id: P1\n    start_condition: ["queue_depth < 100"]\n');
    if (document.kind === "source-problem") throw new Error(document.message);
    const files = { inspect: () => ({ kind: "missing" }) as const, list: () => [] };
    const report = lintPlan(document, { files, rules: [conditionMetricRule], bindings: { metricNames: ["queue-depth"] } });
    expect(report.diagnostics).toEqual([]);
  });
});
