import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { datasetFilesRule } from "./dataset-files.js";
import { specExampleDatasets } from "../../testing/spec-example.js";

type Files = Readonly<Record<string, string>>;
const lint = (yaml: string, files: Files = {}) => summarize(lintFixture(yaml, { rules: [datasetFilesRule], files }).diagnostics);

const exampleIds = specExampleDatasets;
const exampleFiles = (ids: readonly string[]): Files => Object.fromEntries(ids.map((id, i) => [`test-datasets/migration/${id}${[".yaml", ".yml", ".json"][i % 3]}`, "{}\n"]));

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

  it("names a dataset named in two places once, with both owners, at the first place", () => {
    const yaml = `${gate('"SMOKE-1"')}success_criteria:\n  technical_success:\n    - criterion: x\n      test_dataset_id: SMOKE-1\n`;
    expect(lint(yaml, { "datasets/OTHER.yaml": "" })).toEqual([
      'error dataset-files 5:26 1 test dataset the plan names has no file in "datasets": SMOKE-1 (G1, success_criteria.technical_success[0].test_dataset_id); add <id>.yaml, .yml or .json for each, or fix the ids',
    ]);
  });

  it("flags the example's datasets in an empty folder as one finding, at the first, each id once with its owners", () => {
    const text = readExamplePlan();
    const line = text.split("\n").findIndex((l) => l.includes('verification_test_id: "FF-TEST-001"')) + 1;
    const owners: Record<string, string> = {
      "FF-TEST-001": "PREREQ-002",
      "ROLLBACK-TEST-001": "STEP-1-1",
      "DATA-MIG-TEST-001": "STEP-1-2",
      "ROLLBACK-TEST-002": "STEP-1-2",
      "GATE-TEST-001": "GATE-1",
      "REGRESSION-TEST-001": "GATE-1, GATE-2, success_criteria.migration_complete_definition.validation_required[1]",
      "ROLLBACK-TEST-003": "PHASE-1",
      "SERVICE-HEALTH-001": "STEP-2-1",
      "CART-DEPLOY-001": "STEP-2-2",
      "SMOKE-TEST-001": "STEP-2-2",
      "DEPLOY-GATE-001": "GATE-2",
      "ROLLBACK-TEST-004": "PHASE-2",
      "DISCOUNT-TEST-001": "STEP-3-1",
      "CALC-TEST-001": "STEP-3-1",
      "ROLLOUT-TEST-002": "STEP-3-2",
      "ROLLOUT-TEST-003": "STEP-3-3",
      "FINAL-VALIDATION-001": "GATE-3, success_criteria.migration_complete_definition.validation_required[0]",
      "UPTIME-TEST-001": "success_criteria.technical_success[0].test_dataset_id",
      "ALL-TESTS-001": "success_criteria.technical_success[1].test_dataset_id",
    };
    const list = exampleIds.map((id) => `${id} (${owners[id]})`).join(", ");
    expect(lint(text)).toEqual([
      `error dataset-files ${line}:29 19 test datasets the plan names have no file in "test-datasets/migration/", which does not exist: ${list}; add <id>.yaml, .yml or .json for each, or fix the ids`,
    ]);
  });

  it("suggests a near id for each missing dataset of a group, and keeps an escaping id apart", () => {
    expect(lint(gate('"SMOKE-2", "LOAD-1", "../../x"'), { "datasets/SMOKE-1.yaml": "" })).toEqual([
      'error dataset-files 5:26 2 test datasets the plan names have no file in "datasets": SMOKE-2 (G1; did you mean "SMOKE-1"?), LOAD-1 (G1); add <id>.yaml, .yml or .json for each, or fix the ids',
      'error dataset-files 5:47 test dataset id "../../x" points outside the plan\'s folder; use a plain dataset id',
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
