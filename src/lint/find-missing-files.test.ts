import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createNodePlanFiles } from "../adapters/node-fs/node-plan-files.js";
import { parsePlanText } from "../plan/plan-document.js";
import { countMissingFiles, findMissingFiles } from "./find-missing-files.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function findIn(yaml: string, files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "bascule-missing-"));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const document = parsePlanText(yaml);
  if (document.kind !== "plan-document" || document.plan === undefined) throw new Error("not a plan");
  return findMissingFiles(document.plan, createNodePlanFiles(dir), document.locate);
}

describe("findMissingFiles", () => {
  const yaml = `migration_phases:
  - phase_id: P1
    steps:
      - step_id: S2
        validation: { validation_script: "check.sh", test_dataset_ids: [D1, D2] }
      - step_id: S1
        execution_details: { commands: ["./check.sh --all", "./bin/go"] }
        validation: { test_dataset_ids: [D1] }
linkage:
  test_datasets_dir: data
  enhancement_truth_file: truth.yaml
`;

  it("groups each missing file once (./check.sh is check.sh), in the file's order, with every place that names it", () => {
    const missing = findIn(yaml, { "data/D2.json": "{}", "bin/go": "" });
    expect(missing.scripts).toEqual([
      {
        name: "check.sh",
        looked: ["check.sh"],
        suggestion: undefined,
        folder: false,
        references: [
          { path: ["migration_phases", 0, "steps", 0, "validation", "validation_script"], owner: "S2", line: 5, column: 42 },
          { path: ["migration_phases", 0, "steps", 1, "execution_details", "commands", 0], owner: "S1", line: 7, column: 41 },
        ],
      },
    ]);
    expect(missing.datasets.map((d) => [d.name, d.looked, d.references.map((r) => `${r.owner} ${r.line}:${r.column}`)])).toEqual([
      ["D1", ["data/D1.yaml", "data/D1.yml", "data/D1.json"], ["S2 5:73", "S1 8:42"]],
    ]);
    expect(missing.linked.map((l) => [l.name, l.folder])).toEqual([["truth.yaml", false]]);
    expect(countMissingFiles(missing)).toBe(3);
  });

  it("finds nothing missing when the folder holds every file", () => {
    const missing = findIn(yaml, { "check.sh": "", "bin/go": "", "data/D1.yaml": "{}", "data/D2.yml": "{}", "truth.yaml": "{}" });
    expect(countMissingFiles(missing)).toBe(0);
  });
});
