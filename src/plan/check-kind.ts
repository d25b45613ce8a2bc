import type { PlanIndex } from "./plan-index.js";
import type { Plan } from "./schema/plan-schema.js";
import { type Condition, normalizeMetricKey, parseCondition } from "./values/condition.js";

export type ReferenceTarget = { readonly kind: "step" | "gate" | "prerequisite" | "phase"; readonly id: string };

/** The three kinds of check string (SEMANTICS section 2). */
export type CheckKind =
  | { readonly kind: "condition"; readonly condition: Condition; readonly metricResolved: boolean }
  | { readonly kind: "reference"; readonly target: ReferenceTarget; readonly outcome: string }
  | { readonly kind: "attestation"; readonly command?: string };

/** What a check string may name: the plan's ids and metrics, and the bindings' checks. */
export interface CheckVocabulary {
  readonly ids: ReadonlyMap<string, ReferenceTarget["kind"]>;
  readonly gateIdByPhaseNumber: ReadonlyMap<number, string>;
  readonly phaseIdByNumber: ReadonlyMap<number, string>;
  readonly metricKeys: ReadonlySet<string>;
  /** Exact check text → command, from the bindings' `checks`. */
  readonly boundChecks: ReadonlyMap<string, string>;
}

export interface BindingsVocabulary {
  readonly metricNames?: readonly string[];
  readonly checks?: ReadonlyMap<string, string>;
}

export function buildCheckVocabulary(plan: Plan, index: PlanIndex, bindings: BindingsVocabulary = {}): CheckVocabulary {
  const ids = new Map<string, ReferenceTarget["kind"]>();
  for (const p of plan.prerequisites ?? []) ids.set(p.prerequisite_id, "prerequisite");
  const gateIdByPhaseNumber = new Map<number, string>();
  const phaseIdByNumber = new Map<number, string>();
  for (const { phase, gate } of index.phases) {
    ids.set(phase.phase_id, "phase");
    if (gate) ids.set(gate.gate_id, "gate");
    if (typeof phase.order === "number") {
      phaseIdByNumber.set(phase.order, phase.phase_id);
      if (gate) gateIdByPhaseNumber.set(phase.order, gate.gate_id);
    }
  }
  for (const { step } of index.steps) ids.set(step.step_id, "step");
  const metricKeys = new Set<string>();
  for (const m of plan.monitoring_and_observability?.migration_monitoring ?? []) {
    if (m.metric_name) metricKeys.add(normalizeMetricKey(m.metric_name));
  }
  for (const { step } of index.steps) {
    for (const name of step.monitoring?.metrics_to_watch ?? []) metricKeys.add(normalizeMetricKey(name));
  }
  for (const name of bindings.metricNames ?? []) metricKeys.add(normalizeMetricKey(name));
  return { ids, gateIdByPhaseNumber, phaseIdByNumber, metricKeys, boundChecks: bindings.checks ?? new Map() };
}

const outcomeWords = "successful|succeeded|success|completed|complete|done|passed|verified|approved|finished";
const idReference = new RegExp(`^\\s*([A-Za-z][\\w.-]*)\\s+(?:is\\s+|has\\s+|was\\s+)?(${outcomeWords})\\s*\\.?$`, "i");
const phaseGateReference = new RegExp(`^\\s*phase\\s+(\\d+)\\s+(?:validation\\s+)?gate\\s+(${outcomeWords})\\s*\\.?$`, "i");
const phaseReference = new RegExp(`^\\s*phase\\s+(\\d+)\\s+(${outcomeWords})\\s*\\.?$`, "i");

export function classifyCheck(text: string, vocabulary: CheckVocabulary): CheckKind {
  const reference = matchReference(text, vocabulary);
  if (reference) return reference;
  const bound = vocabulary.boundChecks.get(text);
  const parsed = parseCondition(text);
  if (parsed.kind === "ok") {
    const metricResolved = vocabulary.metricKeys.has(parsed.value.metricKey);
    if (metricResolved || bound === undefined) return { kind: "condition", condition: parsed.value, metricResolved };
  }
  return bound === undefined ? { kind: "attestation" } : { kind: "attestation", command: bound };
}

/** Whether a check can be decided without a person: a resolved condition, a reference, a bound check. */
export function isAutomaticCheck(kind: CheckKind): boolean {
  switch (kind.kind) {
    case "condition":
      return kind.metricResolved;
    case "reference":
      return true;
    case "attestation":
      return kind.command !== undefined;
  }
}

function matchReference(text: string, vocabulary: CheckVocabulary): CheckKind | undefined {
  const gate = phaseGateReference.exec(text);
  if (gate) {
    const id = vocabulary.gateIdByPhaseNumber.get(Number(gate[1]));
    return id === undefined ? undefined : { kind: "reference", target: { kind: "gate", id }, outcome: lower(gate[2]) };
  }
  const phase = phaseReference.exec(text);
  if (phase) {
    const id = vocabulary.phaseIdByNumber.get(Number(phase[1]));
    return id === undefined ? undefined : { kind: "reference", target: { kind: "phase", id }, outcome: lower(phase[2]) };
  }
  const byId = idReference.exec(text);
  if (byId) {
    const id = byId[1] ?? "";
    const kind = vocabulary.ids.get(id);
    return kind === undefined ? undefined : { kind: "reference", target: { kind, id }, outcome: lower(byId[2]) };
  }
  return undefined;
}

function lower(value: string | undefined): string {
  return (value ?? "").toLowerCase();
}
