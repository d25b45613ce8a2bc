import { CandidateIndex } from "../candidate-index.js";
import { formatDidYouMean } from "../closest-match.js";
import type { LintRule } from "../lint-rule.js";

export const criticalPathStepsRule: LintRule = {
  id: "critical-path-steps",
  description: "Each execution_timeline.critical_path entry names a step of the plan.",
  category: "references",
  severity: "error",
  check({ plan, index }, report) {
    let stepIds: CandidateIndex | undefined;
    (plan.execution_timeline?.critical_path ?? []).forEach((entry, i) => {
      const id = entry.step_id;
      if (index.stepsById.has(id)) return;
      const path = ["execution_timeline", "critical_path", i, "step_id"];
      const phase = index.phasesById.get(id);
      if (phase !== undefined) {
        const first = phase.steps[0]?.step.step_id;
        const example = first === undefined ? "" : ` such as ${JSON.stringify(first)}`;
        report({ path, message: `critical path entry ${JSON.stringify(id)} names a phase, not a step; the critical path lists steps: name one of its steps${example}` });
        return;
      }
      stepIds ??= new CandidateIndex(index.stepsById.keys());
      const hint = formatDidYouMean(stepIds.find(id)) || "; name the step_id of one of the plan's steps";
      report({ path, message: `critical path entry ${JSON.stringify(id)} names no step of the plan${hint}` });
    });
  },
};
