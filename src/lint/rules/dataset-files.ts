import { datasetFileExtensions } from "../../plan/dataset-file-names.js";
import { collectDatasetReferences } from "../../plan/plan-references.js";
import { didYouMean } from "../closest-match.js";
import type { LintRule } from "../lint-rule.js";
import type { PlanFiles } from "../plan-files.js";

const DIR_PATH = ["linkage", "test_datasets_dir"] as const;

function joinDir(dir: string, name: string): string {
  return `${dir.replace(/\/+$/, "")}/${name}`;
}

/** Dataset ids present in the folder: its file names without a dataset extension. */
function listDatasetIds(files: PlanFiles, dir: string): string[] {
  return files.list(dir).flatMap((name) => {
    const extension = datasetFileExtensions.find((ext) => name.toLowerCase().endsWith(ext));
    return extension === undefined ? [] : [name.slice(0, -extension.length)];
  });
}

function findDatasetFile(files: PlanFiles, dir: string, id: string): "file" | "outside" | "missing" {
  const kinds = datasetFileExtensions.map((ext) => files.inspect(joinDir(dir, id + ext)).kind);
  if (kinds.includes("file")) return "file";
  return kinds.includes("outside") ? "outside" : "missing";
}

function describeFolder(dir: string, kind: string): string {
  const quoted = JSON.stringify(dir);
  if (kind === "directory") return `in ${quoted}`;
  return kind === "file" ? `in ${quoted}, which is a file, not a folder` : `in ${quoted}, which does not exist`;
}

export const datasetFilesRule: LintRule = {
  id: "dataset-files",
  description: "Every test dataset id resolves to <test_datasets_dir>/<id>.yaml, .yml or .json inside the plan's folder.",
  category: "files",
  severity: "error",
  check({ plan, files }, report) {
    const references = collectDatasetReferences(plan);
    const dir = plan.linkage?.test_datasets_dir?.trim();
    if (dir === undefined || dir === "") {
      const [first] = references;
      if (first === undefined) return;
      report({
        path: first.path,
        message: `test dataset ${JSON.stringify(first.value)} cannot be found because linkage.test_datasets_dir is not set; set it to the folder holding the dataset files (<id>.yaml, .yml or .json)`,
      });
      return;
    }
    const lookup = files.inspect(dir);
    if (lookup.kind === "outside") {
      report({
        path: DIR_PATH,
        message: `linkage.test_datasets_dir ${JSON.stringify(dir)} escapes the plan's folder; keep test datasets inside it`,
      });
      return;
    }
    const present = listDatasetIds(files, dir);
    const where = describeFolder(dir, lookup.kind);
    for (const reference of references) {
      const id = reference.value.trim();
      const found = findDatasetFile(files, dir, id);
      if (found === "file") continue;
      if (found === "outside") {
        report({ path: reference.path, message: `test dataset id ${JSON.stringify(id)} points outside the plan's folder; use a plain dataset id` });
        continue;
      }
      const tried = datasetFileExtensions.map((ext) => JSON.stringify(id + ext));
      report({
        path: reference.path,
        message: `test dataset ${JSON.stringify(id)} has no file: tried ${tried.join(", ")} ${where}; add the dataset or fix the id${didYouMean(id, present)}`,
      });
    }
  },
};
