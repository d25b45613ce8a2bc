import { describe, expect, it } from "vitest";
import { parsePlanText } from "../../plan/plan-document.js";
import { lintFixture, summarize } from "../../testing/lint-fixture.js";
import { lintPlan } from "../lint-plan.js";
import { riskTriggerProseRule } from "./risk-trigger-prose.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [riskTriggerProseRule] }).diagnostics);

const risks = (...triggers: string[]) => `migration_phases:
  - phase_id: PHASE-1
monitoring_and_observability:
  migration_monitoring:
    - metric_name: Error rate
risk_mitigation:
  migration_risks:
${triggers.map((trigger, i) => `    - risk_id: RISK-${i + 1}\n      contingency: { trigger: "${trigger}" }\n`).join("")}`;
const fix = "so a run cannot watch it: it documents when an operator should act; write it as <metric> <op> <number> on a metric of the plan to have it watched";

describe("risk-trigger-prose", () => {
  it("says nothing of a trigger on a plan metric", () => {
    expect(lint(risks("error_rate > 1%"))).toEqual([]);
  });

  it("notes prose triggers, references and conditions on unknown metrics", () => {
    expect(lint(risks("Cart totals drift", "PHASE-1 completed", "p99 latency > 2s"))).toEqual([
      `info risk-trigger-prose 9:31 the trigger "Cart totals drift" of risk "RISK-1" is no condition on a metric, ${fix}`,
      `info risk-trigger-prose 11:31 the trigger "PHASE-1 completed" of risk "RISK-2" is no condition on a metric, ${fix}`,
      `info risk-trigger-prose 13:31 the trigger "p99 latency > 2s" of risk "RISK-3" names metric "p99 latency", which neither the plan nor the bindings define, ${fix}`,
    ]);
  });

  it("says nothing of a trigger the bindings bind to a command", () => {
    const document = parsePlanText(risks("Carts fail to load"));
    if (document.kind === "source-problem") throw new Error(document.message);
    const files = { inspect: () => ({ kind: "missing" }) as const, list: () => [] };
    const lintWith = (checks: ReadonlyMap<string, string>) => lintPlan(document, { files, rules: [riskTriggerProseRule], bindings: { checks } }).diagnostics.length;
    expect(lintWith(new Map([["Carts fail to load", "scripts/carts-failing.sh"]]))).toBe(0);
    expect(lintWith(new Map())).toBe(1);
  });
});
