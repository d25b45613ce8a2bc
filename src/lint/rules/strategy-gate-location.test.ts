import { describe, expect, it } from "vitest";
import { lintFixture, summarize } from "../../testing/lint-fixture.js";
import { strategyGateLocationRule } from "./strategy-gate-location.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [strategyGateLocationRule] }).diagnostics);

const phases = `migration_phases:
  - phase_id: PHASE-1
    order: 1
    steps:
      - step_id: STEP-1-1
    validation_gate:
      gate_id: GATE-1
  - phase_id: PHASE-2
    order: 2
    steps:
      - step_id: STEP-2-1
`;
const gates = (...locations: string[]) =>
  `${phases}validation_strategy:\n  validation_gates:\n${locations.map((location, i) => `    - gate_id: VG-${i + 1}\n      ${location}\n`).join("")}`;
const accepted = 'write a phase, step or gate id, or "After PHASE-2", "PHASE-2 / STEP-2-1", "Phase 2" or "Before PHASE-3"';

describe("strategy-gate-location", () => {
  it("accepts every form a run can attach", () => {
    const yaml = gates("location: PHASE-1", "location: GATE-1", "location: After PHASE-2", 'location: "PHASE-2 / STEP-2-1"', "location: Phase 2", "location: Before PHASE-1");
    expect(lint(yaml)).toEqual([]);
  });

  it("flags a location that names nothing, suggesting the nearest id", () => {
    expect(lint(gates("location: After PHASE-3", "location: Production", "location: Phase 7"))).toEqual([
      `error strategy-gate-location 15:17 validation gate "VG-1" is located at "After PHASE-3", which names no phase, step or gate of the plan; did you mean "PHASE-1"?; ${accepted}`,
      `error strategy-gate-location 17:17 validation gate "VG-2" is located at "Production", which names no phase, step or gate of the plan; ${accepted}`,
      `error strategy-gate-location 19:17 validation gate "VG-3" is located at "Phase 7", which names no phase, step or gate of the plan; ${accepted}`,
    ]);
  });

  it("suggests the step a location misspells", () => {
    expect(lint(gates("location: After STEP-2-7 passed"))).toEqual([
      `error strategy-gate-location 15:17 validation gate "VG-1" is located at "After STEP-2-7 passed", which names no phase, step or gate of the plan; did you mean "STEP-2-1"?; ${accepted}`,
    ]);
  });

  it("flags a gate without a location at the gate, and an empty location at its value", () => {
    expect(lint(gates("name: Smoke gate", 'location: ""'))).toEqual([
      `error strategy-gate-location 14:7 validation gate "VG-1" has no location, so a run cannot tell where it joins; ${accepted}`,
      `error strategy-gate-location 17:17 validation gate "VG-2" has no location, so a run cannot tell where it joins; ${accepted}`,
    ]);
  });
});
