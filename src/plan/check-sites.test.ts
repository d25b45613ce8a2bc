import { describe, expect, it } from "vitest";
import { collectCheckSites, successCheckText } from "./check-sites.js";
import { parsePlanText } from "./plan-document.js";
import type { Plan } from "./schema/plan-schema.js";

function planOf(yaml: string): Plan {
  const document = parsePlanText(yaml);
  if (document.kind !== "plan-document" || document.plan === undefined) throw new Error("not a plan");
  return document.plan;
}

const plan = planOf(`
validation_strategy:
  validation_gates:
    - gate_id: VG-1
      criteria:
        - { criterion: "Errors stay low", measurement: error_rate, threshold: "< 0.1%" }
        - { test_dataset_id: DS-1 }
  continuous_validation:
    - { validation_id: CV-1, checks: ["queue_depth < 100"], alert_conditions: ["error_rate > 1%"] }
risk_mitigation:
  migration_risks:
    - { risk_id: R-1, contingency: { trigger: "replica_lag > 60" } }
success_criteria:
  technical_success:
    - { criterion: "Zero downtime", test_dataset_id: DS-2 }
    - { criterion: "Fast", measurement: p99, target: "< 200ms" }
  business_success:
    - { criterion: "Discounts used", measurement: "Discount rate", target: "> 10% of orders use discounts" }
  migration_complete_definition: { criteria: ["All gates passed"] }
post_migration:
  cleanup_tasks:
    - { task_id: C-1, validation: "old table is gone" }
  monitoring_period:
    enhanced_monitoring: ["replica_lag", "p99 latency", "No support tickets"]
`);

describe("collectCheckSites", () => {
  it("collects the checks of the sections beside the phases, each at its path", () => {
    expect(collectCheckSites(plan).map((site) => [site.field, site.text, site.path.join(".")])).toEqual([
      ["strategy_gate_criteria", "error_rate < 0.1%", "validation_strategy.validation_gates.0.criteria.0"],
      ["continuous_checks", "queue_depth < 100", "validation_strategy.continuous_validation.0.checks.0"],
      ["alert_conditions", "error_rate > 1%", "validation_strategy.continuous_validation.0.alert_conditions.0"],
      ["contingency_trigger", "replica_lag > 60", "risk_mitigation.migration_risks.0.contingency.trigger"],
      // A technical criterion with a dataset runs the dataset instead.
      ["technical_success", "p99 < 200ms", "success_criteria.technical_success.1"],
      ["completion_criteria", "All gates passed", "success_criteria.migration_complete_definition.criteria.0"],
      ["business_success", "Discount rate > 10%", "success_criteria.business_success.0"],
      ["cleanup_validation", "old table is gone", "post_migration.cleanup_tasks.0.validation"],
      // replica_lag is a metric a condition names: watched, not checked.
      ["enhanced_monitoring", "p99 latency", "post_migration.monitoring_period.enhanced_monitoring.1"],
      ["enhanced_monitoring", "No support tickets", "post_migration.monitoring_period.enhanced_monitoring.2"],
    ]);
  });

  it("takes the bindings' metrics as metrics too", () => {
    const sites = collectCheckSites(plan, { metricKeys: new Set(["p99latency"]) }).filter((site) => site.field === "enhanced_monitoring");
    expect(sites.map((site) => site.text)).toEqual(["No support tickets"]);
  });
});

describe("successCheckText", () => {
  it("reads a comparing target as a condition on the measurement, else keeps the criterion's words", () => {
    expect(successCheckText({ criterion: "Used", measurement: "Discount rate", target: "> 10% of orders" })).toBe("Discount rate > 10%");
    expect(successCheckText({ criterion: "Zero downtime", measurement: "Uptime", target: "100% uptime" })).toBe("Zero downtime");
    expect(successCheckText({ measurement: "Uptime" })).toBeUndefined();
  });
});
