import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { validationDatasetsRule } from "./validation-datasets.js";

const lint = (yaml: string, strict = false) => summarize(lintFixture(yaml, { rules: [validationDatasetsRule], strict }).diagnostics);

const plan = `migration_phases:
  - phase_id: P1
    steps:
      - step_id: S1
        validation:
          validation_checks: ["Backup file exists"]
      - step_id: S2
        validation:
          test_dataset_ids: []
      - step_id: S3
      - step_id: S4
        validation:
          test_dataset_ids: ["DATA-001"]
    validation_gate:
      gate_id: G1
      criteria: ["New columns exist"]
  - phase_id: P2
    validation_gate:
      gate_id: G2
      test_dataset_ids: ["GATE-001"]
`;

describe("validation-datasets", () => {
  it("warns only on STEP-1-1 of the spec's example, whose validation names no dataset", () => {
    expect(lint(readExamplePlan())).toEqual([
      'warning validation-datasets 80:9 step "STEP-1-1" validation links no test dataset; list the datasets that prove the step worked in test_dataset_ids',
    ]);
  });

  it("warns on steps and gates without datasets and on a step without validation", () => {
    expect(lint(plan)).toEqual([
      'warning validation-datasets 5:9 step "S1" validation links no test dataset; list the datasets that prove the step worked in test_dataset_ids',
      'warning validation-datasets 9:11 step "S2" validation links no test dataset; list the datasets that prove the step worked in test_dataset_ids',
      'warning validation-datasets 10:9 step "S3" has no validation; add one whose test_dataset_ids name the datasets that prove the step worked',
      'warning validation-datasets 14:5 gate "G1" of phase "P1" links no test dataset; list the datasets that prove the phase worked in test_dataset_ids',
    ]);
  });

  it("points at an empty validation: key", () => {
    expect(lint("migration_phases:\n  - phase_id: P1\n    steps:\n      - step_id: S1\n        validation:\n")).toEqual([
      'warning validation-datasets 5:9 step "S1" has no validation; add one whose test_dataset_ids name the datasets that prove the step worked',
    ]);
  });

  it("is an error under --strict", () => {
    expect(lint(plan, true).every((line) => line.startsWith("error validation-datasets"))).toBe(true);
  });
});
