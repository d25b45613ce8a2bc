import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { phaseGateRule } from "./phase-gate.js";

const lint = (yaml: string, strict = false) => summarize(lintFixture(yaml, { rules: [phaseGateRule], strict }).diagnostics);

const gateless = `migration_phases:
  - phase_id: P1
    order: 1
    validation_gate:
      gate_id: G1
      criteria: ["Backup completed"]
  - phase_id: P2
    order: 2
  - phase_id: P3
    order: 3
    validation_gate:
`;

describe("phase-gate", () => {
  it("accepts the spec's example: every phase has a gate", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("warns on each phase without a gate, an empty validation_gate included", () => {
    expect(lint(gateless)).toEqual([
      'warning phase-gate 7:15 phase "P2" has no validation_gate; add one with criteria and test_dataset_ids so the run checks the phase before the next one starts',
      'warning phase-gate 9:15 phase "P3" has no validation_gate; add one with criteria and test_dataset_ids so the run checks the phase before the next one starts',
    ]);
  });

  it("is an error under --strict", () => {
    expect(lint(gateless, true).map((line) => line.split(" ").slice(0, 3).join(" "))).toEqual(["error phase-gate 7:15", "error phase-gate 9:15"]);
  });

  it("says nothing about a plan without phases", () => {
    expect(lint("metadata:\n  version: '1.0.0'\n")).toEqual([]);
  });
});
