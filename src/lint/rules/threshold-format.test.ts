import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { thresholdFormatRule } from "./threshold-format.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [thresholdFormatRule] }).diagnostics);

const metric = (normal: string, alert: string, critical: string, name = "Error Rate") => `monitoring_and_observability:
  migration_monitoring:
    - metric_name: "${name}"
      normal_range: "${normal}"
      alert_threshold: "${alert}"
      critical_threshold: "${critical}"
`;

describe("threshold-format", () => {
  it("accepts the spec's example: an error rate where higher is worse, an accuracy where lower is worse", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it.each([
    ["higher is worse", "0-0.1%", "0.5%", "1%"],
    ["lower is worse", "100%", "99.9%", "99%"],
    ["plain numbers", "0-200", "500", "1000"],
    ["an alert at the edge of the normal range", "0-0.5%", "0.5%", "1%"],
  ])("accepts consistent thresholds: %s", (_name, normal, alert, critical) => {
    expect(lint(metric(normal, alert, critical))).toEqual([]);
  });

  it("flags a threshold that does not parse, with the parser's reason", () => {
    expect(lint(metric("0-0.1%", "> 0.5%", "1%"))).toEqual([
      'error threshold-format 5:24 alert_threshold "> 0.5%" of metric "Error Rate" is not a threshold: a threshold is a value or a range, not a comparison; expected a value like "0.5%" or "250", or a range like "0-0.1%"',
    ]);
  });

  it("flags an alert beyond the critical threshold when higher is worse", () => {
    expect(lint(metric("0-0.1%", "2%", "1%"))).toEqual([
      'warning threshold-format 5:24 alert_threshold "2%" of metric "Error Rate" is not between normal_range "0-0.1%" and critical_threshold "1%"; the critical threshold is above the normal range, so higher is worse and the alert should lie between the two',
    ]);
  });

  it("flags an alert inside the normal range when lower is worse", () => {
    expect(lint(metric("99.95-100%", "99.99%", "99%", "Accuracy"))).toEqual([
      'warning threshold-format 5:24 alert_threshold "99.99%" of metric "Accuracy" is not between normal_range "99.95-100%" and critical_threshold "99%"; the critical threshold is below the normal range, so lower is worse and the alert should lie between the two',
    ]);
  });

  it("flags a critical threshold inside the normal range, where no direction can be inferred", () => {
    expect(lint(metric("0-5%", "6%", "2%"))).toEqual([
      'warning threshold-format 6:27 critical_threshold "2%" of metric "Error Rate" lies within normal_range "0-5%", so whether higher or lower is worse cannot be inferred; put the critical threshold outside the normal range',
    ]);
  });

  it("flags a metric mixing percentages and plain numbers, and compares nothing", () => {
    expect(lint(metric("0-0.1%", "5", "1%"))).toEqual([
      'warning threshold-format 5:24 alert_threshold "5" of metric "Error Rate" has no % while normal_range "0-0.1%" has one; write every threshold of the metric in the same unit',
    ]);
  });

  it("checks only the parts given, and still checks their units", () => {
    const yaml = `monitoring_and_observability:
  migration_monitoring:
    - normal_range: "0-100"
      critical_threshold: "90%"
`;
    expect(lint(yaml)).toEqual([
      'warning threshold-format 4:27 critical_threshold "90%" of the metric at migration_monitoring[0] has a % while normal_range "0-100" does not; write every threshold of the metric in the same unit',
    ]);
  });
});
