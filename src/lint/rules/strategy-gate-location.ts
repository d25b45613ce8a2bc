import { indexStrategyGates } from "../../plan/strategy-gate-location.js";
import { CandidateIndex } from "../candidate-index.js";
import { formatDidYouMean } from "../closest-match.js";
import type { LintRule } from "../lint-rule.js";

const acceptedForms = 'write a phase, step or gate id, or "After PHASE-2", "PHASE-2 / STEP-2-1", "Phase 2" or "Before PHASE-3"';

export const strategyGateLocationRule: LintRule = {
  id: "strategy-gate-location",
  description: "Every validation_strategy gate's location names a phase, step or gate of the plan, so a run knows where it joins (SEMANTICS section 11.1).",
  category: "references",
  severity: "error",
  check({ plan, index }, report) {
    let ids: CandidateIndex | undefined;
    for (const { gate, path, attachment } of indexStrategyGates(plan, index)) {
      if (attachment.kind !== "unresolved") continue;
      const name = `validation gate ${JSON.stringify(gate.gate_id)}`;
      const location = (gate.location ?? "").trim();
      if (location === "") {
        report({
          path: gate.location === undefined ? path : [...path, "location"],
          message: `${name} has no location, so a run cannot tell where it joins; ${acceptedForms}`,
        });
        continue;
      }
      ids ??= new CandidateIndex([...index.phasesById.keys(), ...index.stepsById.keys(), ...index.gatePhases.keys()]);
      report({
        path: [...path, "location"],
        message: `${name} is located at ${JSON.stringify(location)}, which names no phase, step or gate of the plan${formatDidYouMean(findNearId(location, ids))}; ${acceptedForms}`,
      });
    }
  },
};

/** The id nearest to a part of the location, the most specific part first, as the location is read. */
function findNearId(location: string, ids: CandidateIndex): string | undefined {
  const parts = location
    .replace(/^(before|after|at|end of|following)\s+/i, "")
    .split(/\s*(?:\/|>|,|:|\bthen\b)\s*/i)
    .map((part) => part.replace(/\s+(gate|phase|step|passed|completed?)$/i, "").trim())
    // `Phase 9` counts phases: it is no typo of an id.
    .filter((part) => part !== "" && !/^phase\s*#?\s*\d+$/i.test(part));
  for (const part of parts.reverse()) {
    const near = ids.find(part);
    if (near !== undefined) return near;
  }
  return undefined;
}
