import { type CheckKind, classifyCheck, isAutomaticCheck } from "../../plan/check-kind.js";
import type { PlanPath } from "../../plan/plan-path.js";
import { criterionCheckText } from "../../plan/strategy-criterion.js";
import type { LintRule } from "../lint-rule.js";

export const automatedGateCriteriaRule: LintRule = {
  id: "automated-gate-criteria",
  description: "Every criterion of a validation_strategy gate of type automated can be checked without a person (SEMANTICS section 11.1).",
  category: "automation",
  severity: "error",
  check({ plan, vocabulary }, report) {
    (plan.validation_strategy?.validation_gates ?? []).forEach((gate, i) => {
      if (gate.type !== "automated") return;
      const gateName = `automated gate ${JSON.stringify(gate.gate_id)}`;
      (gate.criteria ?? []).forEach((criterion, j) => {
        const path: PlanPath = ["validation_strategy", "validation_gates", i, "criteria", j];
        const text = criterionCheckText(criterion);
        if (text === undefined) {
          if ((criterion.test_dataset_id ?? "").trim() !== "") return;
          report({
            path,
            message: `${gateName} has a criterion with nothing to check; give it a measurement naming a metric with a threshold such as "< 0.1%", a criterion bound in bascule.config.yaml checks, or a test_dataset_id`,
          });
          return;
        }
        const kind = classifyCheck(text, vocabulary);
        if (isAutomaticCheck(kind)) return;
        // The text is the measurement's condition when the criterion has one, else its words.
        const fromMeasurement = text !== criterion.criterion?.trim();
        report({
          path: [...path, fromMeasurement ? "measurement" : "criterion"],
          message: `${gateName} never waits for a person, but its criterion ${JSON.stringify(text)} ${describeManualCheck(kind)}; name a metric of the plan in measurement with a threshold such as "< 0.1%", bind ${JSON.stringify(text)} in bascule.config.yaml checks, or make the gate hybrid`,
        });
      });
    });
  },
};

/** Why a check that is not automatic needs a person, as the end of a sentence about it. */
export function describeManualCheck(kind: CheckKind): string {
  return kind.kind === "condition"
    ? `names metric ${JSON.stringify(kind.condition.metric)}, which neither the plan nor the bindings define`
    : "is no condition on a metric and no reference, so only a person can check it";
}
