import { describe, expect, it } from "vitest";
import { parsePlanText } from "../../plan/plan-document.js";
import { lintFixture, summarize } from "../../testing/lint-fixture.js";
import { lintPlan } from "../lint-plan.js";
import { continuousCheckAutomaticRule } from "./continuous-check-automatic.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [continuousCheckAutomaticRule] }).diagnostics);

const plan = (checks: string) => `migration_phases:
  - phase_id: PHASE-1
    steps:
      - step_id: STEP-1-1
monitoring_and_observability:
  migration_monitoring:
    - metric_name: Error rate
validation_strategy:
  continuous_validation:
    - validation_id: CV-1
      frequency: every 5 minutes
      checks: ${checks}
`;
const skipped = "it cannot run continuously, so a run notes it and skips it; write it as <metric> <op> <number> on a metric of the plan, or bind it in bascule.config.yaml checks";

describe("continuous-check-automatic", () => {
  it("accepts conditions on plan metrics and references", () => {
    expect(lint(plan('["error_rate < 1%", "STEP-1-1 successful"]'))).toEqual([]);
  });

  it("warns at each check only a person could make, and at conditions on unknown metrics", () => {
    expect(lint(plan('["No customer complaints", "error_rate < 1%", "queue depth < 100"]'))).toEqual([
      `warning continuous-check-automatic 12:16 the check "No customer complaints" of continuous validation "CV-1" is no condition on a metric and no reference, so only a person can check it: ${skipped}`,
      `warning continuous-check-automatic 12:61 the check "queue depth < 100" of continuous validation "CV-1" names metric "queue depth", which neither the plan nor the bindings define: ${skipped}`,
    ]);
  });

  it("accepts a check the bindings bind to a command", () => {
    const document = parsePlanText(plan('["No customer complaints"]'));
    if (document.kind === "source-problem") throw new Error(document.message);
    const files = { inspect: () => ({ kind: "missing" }) as const, list: () => [] };
    const lintWith = (checks: ReadonlyMap<string, string>) => lintPlan(document, { files, rules: [continuousCheckAutomaticRule], bindings: { checks } }).diagnostics.length;
    expect(lintWith(new Map([["No customer complaints", "scripts/count-complaints.sh"]]))).toBe(0);
    expect(lintWith(new Map())).toBe(1);
  });
});
