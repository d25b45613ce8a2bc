import { describe, expect, it } from "vitest";
import type { BindingsVocabulary } from "../../plan/check-kind.js";
import { parsePlanText } from "../../plan/plan-document.js";
import { lintFixture, summarize } from "../../testing/lint-fixture.js";
import { lintPlan } from "../lint-plan.js";
import { automatedGateCriteriaRule } from "./automated-gate-criteria.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [automatedGateCriteriaRule] }).diagnostics);

const plan = `migration_phases:
  - phase_id: PHASE-1
    steps:
      - step_id: STEP-1-1
monitoring_and_observability:
  migration_monitoring:
    - metric_name: Error rate
validation_strategy:
  validation_gates:
    - gate_id: VG-1
      location: After PHASE-1
      type: TYPE
      criteria:
`;
const gate = (type: string, criteria: string) => `${plan.replace("TYPE", type)}${criteria}`;
const fixes = (text: string) =>
  `name a metric of the plan in measurement with a threshold such as "< 0.1%", bind ${JSON.stringify(text)} in bascule.config.yaml checks, or make the gate hybrid`;

describe("automated-gate-criteria", () => {
  it("accepts conditions on plan metrics, references and datasets", () => {
    const criteria = `        - criterion: Errors stay low
          measurement: Error rate
          threshold: "< 0.1%"
        - criterion: STEP-1-1 successful
        - test_dataset_id: DS-CART-TOTALS
`;
    expect(lint(gate("automated", criteria))).toEqual([]);
  });

  it("flags what only a person could check, at the field it comes from", () => {
    const criteria = `        - criterion: Checkout feels fast
        - measurement: p99 latency
          threshold: "< 250ms"
        - measurement: Error rate
          threshold: "0.1%"
`;
    expect(lint(gate("automated", criteria))).toEqual([
      `error automated-gate-criteria 14:22 automated gate "VG-1" never waits for a person, but its criterion "Checkout feels fast" is no condition on a metric and no reference, so only a person can check it; ${fixes("Checkout feels fast")}`,
      `error automated-gate-criteria 15:24 automated gate "VG-1" never waits for a person, but its criterion "p99 latency < 250ms" names metric "p99 latency", which neither the plan nor the bindings define; ${fixes("p99 latency < 250ms")}`,
      `error automated-gate-criteria 17:11 automated gate "VG-1" has a criterion with nothing to check; give it a measurement naming a metric with a threshold such as "< 0.1%", a criterion bound in bascule.config.yaml checks, or a test_dataset_id`,
    ]);
  });

  it("leaves manual and hybrid gates to their sign-off", () => {
    const criteria = "        - criterion: Checkout feels fast\n";
    expect(lint(gate("hybrid", criteria))).toEqual([]);
    expect(lint(gate("manual", criteria))).toEqual([]);
  });

  it("accepts a criterion the bindings bind to a command, or whose metric they define", () => {
    const document = parsePlanText(gate("automated", '        - criterion: Backup file exists\n        - measurement: queue depth\n          threshold: "< 100"\n'));
    if (document.kind === "source-problem") throw new Error(document.message);
    const files = { inspect: () => ({ kind: "missing" }) as const, list: () => [] };
    const lintWith = (bindings: BindingsVocabulary) => lintPlan(document, { files, rules: [automatedGateCriteriaRule], bindings }).diagnostics.map((d) => d.message);
    expect(lintWith({ checks: new Map([["Backup file exists", "test -s backup/cart.sql"]]), metricNames: ["queue_depth"] })).toEqual([]);
    expect(lintWith({})).toEqual([
      expect.stringContaining('criterion "Backup file exists" is no condition'),
      expect.stringContaining('criterion "queue depth < 100" names metric "queue depth"'),
    ]);
  });
});
