import type { PlanPath } from "./plan-path.js";
import type { Phase, Plan, Step, ValidationGate } from "./schema/plan-schema.js";

export interface IndexedPhase {
  readonly phase: Phase;
  /** Position in the file's list, for paths. */
  readonly index: number;
  readonly path: PlanPath;
  /** Steps in execution order (by `order`, then by position). */
  readonly steps: readonly IndexedStep[];
  readonly gate: ValidationGate | undefined;
}

export interface IndexedStep {
  readonly step: Step;
  readonly phase: Phase;
  readonly index: number;
  readonly path: PlanPath;
  /** Position in the whole run: 0 for the first step of the first phase. */
  readonly sequence: number;
}

/** The plan's phases and steps in the order a run executes them (SEMANTICS section 4). */
export interface PlanIndex {
  readonly phases: readonly IndexedPhase[];
  readonly steps: readonly IndexedStep[];
  readonly stepsById: ReadonlyMap<string, IndexedStep>;
  readonly phasesById: ReadonlyMap<string, IndexedPhase>;
  /** Gate id → the phase it closes. */
  readonly gatePhases: ReadonlyMap<string, IndexedPhase>;
}

export function indexPlan(plan: Plan): PlanIndex {
  const phaseList = (plan.migration_phases ?? []).map((phase, index) => ({ phase, index }));
  sortByOrder(phaseList, (p) => p.phase.order);
  const phases: IndexedPhase[] = [];
  const steps: IndexedStep[] = [];
  for (const { phase, index } of phaseList) {
    const path: PlanPath = ["migration_phases", index];
    const stepList = (phase.steps ?? []).map((step, stepIndex) => ({ step, stepIndex }));
    sortByOrder(stepList, (s) => s.step.order);
    const phaseSteps = stepList.map(({ step, stepIndex }, position) => ({
      step,
      phase,
      index: stepIndex,
      path: [...path, "steps", stepIndex],
      sequence: steps.length + position,
    }));
    for (const s of phaseSteps) steps.push(s);
    phases.push({ phase, index, path, steps: phaseSteps, gate: phase.validation_gate ?? undefined });
  }
  const stepsById = new Map<string, IndexedStep>();
  for (const s of steps) if (!stepsById.has(s.step.step_id)) stepsById.set(s.step.step_id, s);
  const phasesById = new Map<string, IndexedPhase>();
  const gatePhases = new Map<string, IndexedPhase>();
  for (const p of phases) {
    if (!phasesById.has(p.phase.phase_id)) phasesById.set(p.phase.phase_id, p);
    if (p.gate !== undefined && !gatePhases.has(p.gate.gate_id)) gatePhases.set(p.gate.gate_id, p);
  }
  return { phases, steps, stepsById, phasesById, gatePhases };
}

/** Stable sort by `order`; items without one keep their place after those with one. */
function sortByOrder<T>(items: T[], orderOf: (item: T) => number | null | undefined): void {
  items.sort((a, b) => (orderOf(a) ?? Number.MAX_SAFE_INTEGER) - (orderOf(b) ?? Number.MAX_SAFE_INTEGER));
}
