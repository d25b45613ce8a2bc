import type { PlanIndex } from "../../plan/plan-index.js";
import type { Phase, Plan } from "../../plan/schema/plan-schema.js";
import { CandidateIndex } from "../candidate-index.js";
import { didYouMean } from "../closest-match.js";
import type { Finding } from "../diagnostic.js";
import type { LintRule } from "../lint-rule.js";

export const rollbackProcedureReferencesRule: LintRule = {
  id: "rollback-procedure-references",
  description: "Step ids named in a phase's rollback_point.rollback_procedure exist, belong to that phase and can be rolled back.",
  category: "references",
  severity: "error",
  check({ plan, index }, report) {
    // Walking the whole plan for other ids is only worth it once an unknown id-like token shows up.
    let otherIds: Set<string> | undefined;
    const readOtherIds = () => (otherIds ??= collectNonStepIds(plan));
    const leadingWords = new Set([...index.stepsById.keys()].map(readLeadingWord));
    let stepIds: CandidateIndex | undefined;
    const readStepIds = () => (stepIds ??= new CandidateIndex(index.stepsById.keys()));
    (plan.migration_phases ?? []).forEach((phase, i) => {
      const text = phase.rollback_point?.rollback_procedure;
      if (!text) return;
      const path = ["migration_phases", i, "rollback_point", "rollback_procedure"];
      for (const token of new Set(tokenize(text))) {
        if (index.stepsById.has(token)) checkNamedStep(token, phase, index, (finding) => report({ path, ...finding }));
        else if (isLikelyStepId(token, readStepIds, readOtherIds, leadingWords)) {
          const hint = didYouMean(token, readStepIds()) || "; name an existing step id";
          report({ path, message: `${describeProcedure(phase)} names step ${JSON.stringify(token)}, which the plan does not have${hint}` });
        }
      }
    });
  },
};

function checkNamedStep(stepId: string, phase: Phase, index: PlanIndex, report: (finding: Omit<Finding, "path">) => void): void {
  const named = index.stepsById.get(stepId);
  if (named === undefined) return;
  const id = JSON.stringify(stepId);
  if (named.phase !== phase) {
    report({
      severity: "warning",
      message: `${describeProcedure(phase)} names step ${id}, which belongs to phase ${JSON.stringify(named.phase.phase_id)}; a rollback point undoes its own phase, so name only steps of ${JSON.stringify(phase.phase_id)}`,
    });
  }
  if (named.step.rollback_procedure?.can_rollback === false) {
    report({
      message: `${describeProcedure(phase)} names step ${id}, whose can_rollback is false, so there is nothing to run; remove it from the procedure or give the step a rollback`,
    });
  }
}

function describeProcedure(phase: Phase): string {
  return `rollback procedure of phase ${JSON.stringify(phase.phase_id)}`;
}

/** Word-like runs of the text; a sentence's closing dot is not part of an id. */
function tokenize(text: string): string[] {
  return (text.match(/[\w.-]+/g) ?? []).map((token) => token.replace(/\.+$/, "")).filter((token) => token !== "");
}

/**
 * An unknown token is taken for a step id only when it is shaped like one (a letter first,
 * then letters and digits in `-`/`_`-separated parts, with a digit: STEP-1-2, s_12), is no
 * other id of the plan (a phase, a gate, a test), and shares its leading word with the plan's
 * step ids or is a near miss of one: prose words and test ids like ROLLBACK-TEST-003 are
 * never mistaken for steps.
 */
function isLikelyStepId(token: string, readStepIds: () => CandidateIndex, readOtherIds: () => ReadonlySet<string>, leadingWords: ReadonlySet<string>): boolean {
  if (!/^[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)+$/.test(token) || !/\d/.test(token)) return false;
  if (readOtherIds().has(token)) return false;
  return leadingWords.has(readLeadingWord(token)) || readStepIds().find(token) !== undefined;
}

function readLeadingWord(id: string): string {
  return (/^[A-Za-z]+/.exec(id)?.[0] ?? "").toLowerCase();
}

/** Every value of a key ending in `_id` or `_ids` other than a step's, anywhere in the plan. */
function collectNonStepIds(plan: Plan): Set<string> {
  const ids = new Set<string>();
  const pending: unknown[] = [plan];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) for (const item of node) pending.push(item);
    else if (node !== null && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "step_id" || !/_ids?$/.test(key)) pending.push(value);
        else if (typeof value === "string") ids.add(value);
        else if (Array.isArray(value)) for (const item of value) if (typeof item === "string") ids.add(item);
      }
    }
  }
  return ids;
}
