import { classifyCheck, isAutomaticCheck } from "../../plan/check-kind.js";
import type { LintRule } from "../lint-rule.js";
import { describeManualCheck } from "./automated-gate-criteria.js";

export const continuousCheckAutomaticRule: LintRule = {
  id: "continuous-check-automatic",
  description: "Every check of a continuous_validation entry can run without a person, since nobody attests a check at every interval (SEMANTICS section 11.1).",
  category: "automation",
  severity: "warning",
  check({ plan, vocabulary }, report) {
    (plan.validation_strategy?.continuous_validation ?? []).forEach((validation, i) => {
      validation.checks?.forEach((text, j) => {
        const kind = classifyCheck(text, vocabulary);
        if (isAutomaticCheck(kind)) return;
        report({
          path: ["validation_strategy", "continuous_validation", i, "checks", j],
          message: `the check ${JSON.stringify(text)} of continuous validation ${JSON.stringify(validation.validation_id)} ${describeManualCheck(kind)}: it cannot run continuously, so a run notes it and skips it; write it as <metric> <op> <number> on a metric of the plan, or bind it in bascule.config.yaml checks`,
        });
      });
    });
  },
};
