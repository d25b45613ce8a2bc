import { describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep } from "../testing/run-fixture.js";
import { indexPlan } from "./plan-index.js";
import type { Plan } from "./schema/plan-schema.js";
import { resolveGateLocation } from "./strategy-gate-location.js";

const plan = buildPlan([
  buildPhase("PHASE-1", [buildStep("STEP-1-1"), buildStep("STEP-1-2")], { validation_gate: { gate_id: "GATE-1" } }),
  buildPhase("PHASE-2", [buildStep("STEP-2-1")]),
  buildPhase("PHASE-3", [buildStep("STEP-3-1")]),
]) as unknown as Plan;
const index = indexPlan(plan);
const at = (location: string) => resolveGateLocation(location, index);

describe("resolveGateLocation", () => {
  it("reads ids of phases, steps and gates", () => {
    expect(at("PHASE-2")).toEqual({ kind: "phase", phaseId: "PHASE-2" });
    expect(at("STEP-2-1")).toEqual({ kind: "step", stepId: "STEP-2-1", phaseId: "PHASE-2" });
    expect(at("GATE-1")).toEqual({ kind: "phase", phaseId: "PHASE-1" });
  });

  it("reads the prose forms of SEMANTICS 11.1", () => {
    expect(at("After PHASE-2")).toEqual({ kind: "phase", phaseId: "PHASE-2" });
    expect(at("PHASE-2 / STEP-2-1")).toEqual({ kind: "step", stepId: "STEP-2-1", phaseId: "PHASE-2" });
    expect(at("Phase 3")).toEqual({ kind: "phase", phaseId: "PHASE-3" });
    expect(at("after phase-1 gate")).toEqual({ kind: "phase", phaseId: "PHASE-1" });
  });

  it("reads Before as after whatever runs just before", () => {
    expect(at("Before PHASE-3")).toEqual({ kind: "phase", phaseId: "PHASE-2" });
    expect(at("Before PHASE-1")).toEqual({ kind: "start" });
    expect(at("Before STEP-1-2")).toEqual({ kind: "step", stepId: "STEP-1-1", phaseId: "PHASE-1" });
    expect(at("Before STEP-2-1")).toEqual({ kind: "phase", phaseId: "PHASE-1" });
  });

  it("says when a location names nothing", () => {
    expect(at("After PHASE-9").kind).toBe("unresolved");
    expect(at("PHASE-2 / STEP-2-7")).toEqual({ kind: "unresolved", reason: '"STEP-2-7" names no phase, step or gate of the plan' });
    expect(at("Production").kind).toBe("unresolved");
    expect(at("").kind).toBe("unresolved");
  });
});
