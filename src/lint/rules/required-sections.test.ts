import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { requiredSectionsRule } from "./required-sections.js";

const lint = (yaml: string, strict = false) => summarize(lintFixture(yaml, { rules: [requiredSectionsRule], strict }).diagnostics);

const noRisks = "warning required-sections 1:1 the plan identifies no risks; add risk_mitigation.migration_risks, each with a mitigation";
const noCommunication = "warning required-sections 1:1 the plan has no communication_plan; add one saying who is told what and when, and how incidents are escalated";

const complete = `monitoring_and_observability:
  migration_monitoring:
    - metric_name: error_rate
risk_mitigation:
  migration_risks:
    - risk_id: R1
      mitigation:
        preventive_measures: ["Backup first"]
    - risk_id: R2
      mitigation:
        preventive_measures: []
    - risk_id: R3
communication_plan:
  status_reporting:
    frequency: hourly
success_criteria:
  technical_success:
    - criterion: "Zero downtime"
`;

describe("required-sections", () => {
  it("warns that the spec's example has no risk_mitigation and no communication_plan, at its first key", () => {
    expect(lint(readExamplePlan())).toEqual([noRisks.replace("1:1", "2:1"), noCommunication.replace("1:1", "2:1")]);
  });

  it("reports each missing section at the plan's root, empty ones included", () => {
    expect(lint("metadata:\n  version: '1.0.0'\nmonitoring_and_observability:\n  dashboards: []\ncommunication_plan: {}\n")).toEqual([
      "warning required-sections 1:1 the plan defines no monitoring; add monitoring_and_observability.migration_monitoring with the metrics to watch and their alert thresholds",
      noRisks,
      noCommunication,
      "warning required-sections 1:1 the plan has no success_criteria; add technical_success and business_success criteria that say when the migration is done",
    ]);
  });

  it("reports each risk without a mitigation at the risk", () => {
    expect(lint(complete)).toEqual([
      'warning required-sections 9:7 risk "R2" has no mitigation; add mitigation with preventive_measures, a detection_method or a response_procedure',
      'warning required-sections 12:7 risk "R3" has no mitigation; add mitigation with preventive_measures, a detection_method or a response_procedure',
    ]);
  });

  it("is an error under --strict", () => {
    expect(lint(complete, true).map((line) => line.split(" ").slice(0, 3).join(" "))).toEqual(["error required-sections 9:7", "error required-sections 12:7"]);
  });
});
