import type { ReferenceTarget } from "../../plan/check-kind.js";
import type { IndexedPhase, IndexedStep, PlanIndex } from "../../plan/plan-index.js";
import type { LintRule } from "../lint-rule.js";

/** A moment of the run: a phase's rank, then a slot in it (-1 start, steps 0…n-1, gate n, end n+1). */
type Moment = readonly [rank: number, slot: number];

interface Owner {
  readonly phase: IndexedPhase;
  readonly step?: IndexedStep;
}

export const unreachableConditionRule: LintRule = {
  id: "unreachable-condition",
  description: "A precondition or start condition never waits for a step, phase or gate that only completes later.",
  category: "ordering",
  severity: "error",
  check({ index, checks }, report) {
    const ranks = new Map(index.phases.map((p, rank) => [p.phase, rank]));
    for (const { site, kind } of checks) {
      if (kind.kind !== "reference") continue;
      if (site.field !== "preconditions" && site.field !== "start_condition") continue;
      const owner = findOwner(index, site.path);
      if (owner === undefined) continue;
      const reason = explainUnreachable(owner, kind.target, index, ranks);
      if (reason === undefined) continue;
      const subject = owner.step
        ? `precondition ${JSON.stringify(site.text)} of step ${JSON.stringify(owner.step.step.step_id)}`
        : `start condition ${JSON.stringify(site.text)} of phase ${JSON.stringify(owner.phase.phase.phase_id)}`;
      const before = owner.step ? "the step" : "the phase starts";
      report({ path: site.path, message: `${subject} ${reason}, so it can never hold; name something that completes before ${before}` });
    }
  },
};

/** The phase, and step, whose check sits at `path` (`migration_phases[i]…steps[j]…`). */
function findOwner(index: PlanIndex, path: readonly (string | number)[]): Owner | undefined {
  const phase = index.phases.find((p) => p.index === path[1]);
  if (phase === undefined) return undefined;
  if (path[2] !== "steps") return { phase };
  const step = phase.steps.find((s) => s.index === path[3]);
  return step === undefined ? undefined : { phase, step };
}

function explainUnreachable(owner: Owner, target: ReferenceTarget, index: PlanIndex, ranks: ReadonlyMap<unknown, number>): string | undefined {
  const ownRank = ranks.get(owner.phase.phase) ?? 0;
  const checkedAt: Moment = [ownRank, owner.step ? owner.phase.steps.indexOf(owner.step) : -1];
  const id = JSON.stringify(target.id);
  switch (target.kind) {
    case "step": {
      const step = index.stepsById.get(target.id);
      const phase = step && index.phases[ranks.get(step.phase) ?? -1];
      if (step === undefined || phase === undefined) return undefined;
      if (!isNotBefore([ranks.get(step.phase) ?? 0, phase.steps.indexOf(step)], checkedAt)) return undefined;
      if (step === owner.step) return "names the step itself";
      if (phase !== owner.phase) return `names step ${id} of the later phase ${JSON.stringify(phase.phase.phase_id)}`;
      return owner.step ? `names step ${id}, which runs after it` : `names step ${id} of this very phase, which runs only once it has started`;
    }
    case "phase": {
      const phase = index.phasesById.get(target.id);
      if (phase === undefined || !isNotBefore([ranks.get(phase.phase) ?? 0, phase.steps.length + 1], checkedAt)) return undefined;
      if (phase !== owner.phase) return `names the later phase ${id}`;
      return owner.step ? `names its own phase ${id}, which completes only after its steps` : "names the phase itself";
    }
    case "gate": {
      const phase = index.gatePhases.get(target.id);
      if (phase === undefined || !isNotBefore([ranks.get(phase.phase) ?? 0, phase.steps.length], checkedAt)) return undefined;
      if (phase !== owner.phase) return `names gate ${id} of the later phase ${JSON.stringify(phase.phase.phase_id)}`;
      return `names gate ${id} of its own phase, which is checked only after the phase's steps`;
    }
    case "prerequisite":
      return undefined;
  }
}

/** True when `completes` is not strictly before `checked`: the check would wait forever. */
function isNotBefore(completes: Moment, checked: Moment): boolean {
  return completes[0] > checked[0] || (completes[0] === checked[0] && completes[1] >= checked[1]);
}
