import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { linkedFilesRule } from "./linked-files.js";

type Files = Readonly<Record<string, string>>;
const lint = (yaml: string, files: Files = {}) => summarize(lintFixture(yaml, { rules: [linkedFilesRule], files }).diagnostics);

const exampleFiles: Files = {
  "existing-system-truth.yaml": "{}\n",
  "enhancement-truth.yaml": "{}\n",
  "compatibility-analysis.yaml": "{}\n",
  "test-datasets/migration/A.yaml": "{}\n",
  "scripts/migration/a.sh": "",
};

describe("linked-files", () => {
  it("accepts the spec's example when its linked files and folders exist", () => {
    expect(lint(readExamplePlan(), exampleFiles)).toEqual([]);
  });

  it("flags the example's linkage in an empty folder as one warning listing files and folders: nothing a run executes is missing", () => {
    const text = readExamplePlan();
    const at = (key: string) => text.split("\n").findIndex((line) => line.startsWith(`  ${key}:`)) + 1;
    expect(lint(text)).toEqual([
      `warning linked-files ${at("existing_system_truth_file")}:31 3 linked files and 2 linked folders the plan names are missing from the plan's folder: existing-system-truth.yaml (linkage.existing_system_truth_file), enhancement-truth.yaml (linkage.enhancement_truth_file), compatibility-analysis.yaml (linkage.compatibility_analysis_file), test-datasets/migration/ (linkage.test_datasets_dir), scripts/migration/ (linkage.automation_scripts_dir); add them or fix the paths`,
    ]);
  });

  it("keeps the detailed message for a single missing linked file", () => {
    expect(lint('linkage:\n  enhancement_truth_file: "truth.yaml"\n')).toEqual([
      'warning linked-files 2:27 linkage.enhancement_truth_file "truth.yaml" does not exist in the plan\'s folder; add the file or fix the path',
    ]);
  });

  it("flags linked files that escape the plan's folder", () => {
    const yaml = 'linkage:\n  enhancement_truth_file: "../truth/enhancement.yaml"\n  automation_scripts_dir: "/opt/scripts"\n';
    expect(lint(yaml)).toEqual([
      'error linked-files 2:27 linkage.enhancement_truth_file "../truth/enhancement.yaml" escapes the plan\'s folder; keep linked files inside it',
      'error linked-files 3:27 linkage.automation_scripts_dir "/opt/scripts" escapes the plan\'s folder; keep scripts inside it',
    ]);
  });

  it("leaves an escaping test_datasets_dir to dataset-files, so it is reported once", () => {
    expect(lint('linkage:\n  test_datasets_dir: "../datasets"\n')).toEqual([]);
  });

  it("flags a folder named as a truth file and a file named as a folder", () => {
    const yaml = "linkage:\n  existing_system_truth_file: truth\n  test_datasets_dir: datasets.yaml\n";
    expect(lint(yaml, { "truth/a.yaml": "", "datasets.yaml": "" })).toEqual([
      'error linked-files 2:31 linkage.existing_system_truth_file "truth" is a folder, not a file; name the file itself',
      'error linked-files 3:22 linkage.test_datasets_dir "datasets.yaml" is a file, not a folder; name the folder that holds the test datasets',
    ]);
  });

  it("says nothing when the plan has no linkage", () => {
    expect(lint("metadata:\n  version: '1'\n")).toEqual([]);
  });
});
