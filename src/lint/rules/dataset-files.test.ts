import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { datasetFilesRule } from "./dataset-files.js";

type Files = Readonly<Record<string, string>>;
const lint = (yaml: string, files: Files = {}) => summarize(lintFixture(yaml, { rules: [datasetFilesRule], files }).diagnostics);

/** Every dataset id the example plan names, as files in its test_datasets_dir. */
const exampleIds = [
  "FF-TEST-001",
  "ROLLBACK-TEST-001",
  "DATA-MIG-TEST-001",
  "ROLLBACK-TEST-002",
  "GATE-TEST-001",
  "REGRESSION-TEST-001",
  "ROLLBACK-TEST-003",
  "SERVICE-HEALTH-001",
  "CART-DEPLOY-001",
  "SMOKE-TEST-001",
  "DEPLOY-GATE-001",
  "ROLLBACK-TEST-004",
  "DISCOUNT-TEST-001",
  "CALC-TEST-001",
  "ROLLOUT-TEST-002",
  "ROLLOUT-TEST-003",
  "FINAL-VALIDATION-001",
  "UPTIME-TEST-001",
  "ALL-TESTS-001",
];
const exampleFiles = (ids: readonly string[]): Files =>
  Object.fromEntries(ids.map((id, i) => [`test-datasets/migration/${id}${[".yaml", ".yml", ".json"][i % 3]}`, "{}\n"]));

const gate = (ids: string, linkage = 'linkage:\n  test_datasets_dir: "datasets"\n') => `migration_phases:
  - phase_id: P1
    validation_gate:
      gate_id: G1
      test_dataset_ids: [${ids}]
${linkage}`;

describe("dataset-files", () => {
  it("accepts the spec's example when each of its datasets has a .yaml, .yml or .json file", () => {
    expect(lint(readExamplePlan(), exampleFiles(exampleIds))).toEqual([]);
  });

  it("flags the one dataset of the example that has no file, suggesting the near id", () => {
    const text = readExamplePlan();
    const line = text.split("\n").findIndex((l) => l.includes('rollback_test_id: "ROLLBACK-TEST-003"')) + 1;
    const files = exampleFiles(exampleIds.filter((id) => id !== "ROLLBACK-TEST-003"));
    expect(lint(text, files)).toEqual([
      `error dataset-files ${line}:25 test dataset "ROLLBACK-TEST-003" has no file: tried "ROLLBACK-TEST-003.yaml", "ROLLBACK-TEST-003.yml", "ROLLBACK-TEST-003.json" in "test-datasets/migration/"; add the dataset or fix the id; did you mean "ROLLBACK-TEST-001"?`,
    ]);
  });

  it("flags every place a missing dataset is named", () => {
    const yaml = `${gate('"SMOKE-1"')}success_criteria:\n  technical_success:\n    - criterion: x\n      test_dataset_id: SMOKE-1\n`;
    expect(lint(yaml, { "datasets/OTHER.yaml": "" })).toEqual([
      'error dataset-files 5:26 test dataset "SMOKE-1" has no file: tried "SMOKE-1.yaml", "SMOKE-1.yml", "SMOKE-1.json" in "datasets"; add the dataset or fix the id',
      'error dataset-files 11:24 test dataset "SMOKE-1" has no file: tried "SMOKE-1.yaml", "SMOKE-1.yml", "SMOKE-1.json" in "datasets"; add the dataset or fix the id',
    ]);
  });

  it("says when the dataset folder itself does not exist", () => {
    expect(lint(gate("A"))).toEqual([
      'error dataset-files 5:26 test dataset "A" has no file: tried "A.yaml", "A.yml", "A.json" in "datasets", which does not exist; add the dataset or fix the id',
    ]);
  });

  it("reports once, at the first reference, when linkage.test_datasets_dir is not set", () => {
    expect(lint(gate("A, B", ""))).toEqual([
      'error dataset-files 5:26 test dataset "A" cannot be found because linkage.test_datasets_dir is not set; set it to the folder holding the dataset files (<id>.yaml, .yml or .json)',
    ]);
  });

  it("needs no folder when the plan names no dataset", () => {
    expect(lint("migration_phases:\n  - phase_id: P1\n")).toEqual([]);
  });

  it("flags a dataset folder outside the plan's tree on the linkage field, and looks no further", () => {
    expect(lint(gate("A", 'linkage:\n  test_datasets_dir: "../shared/datasets"\n'))).toEqual([
      'error dataset-files 7:22 linkage.test_datasets_dir "../shared/datasets" escapes the plan\'s folder; keep test datasets inside it',
    ]);
  });

  it("flags a dataset id that climbs out of the dataset folder", () => {
    expect(lint(gate('"../../../etc/passwd"'), { "datasets/A.yaml": "" })).toEqual([
      'error dataset-files 5:26 test dataset id "../../../etc/passwd" points outside the plan\'s folder; use a plain dataset id',
    ]);
  });
});
