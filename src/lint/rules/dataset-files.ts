import { datasetFileExtensions, datasetFileNames } from "../../plan/dataset-file-names.js";
import { collectDatasetReferences } from "../../plan/plan-references.js";
import type { Plan } from "../../plan/schema/plan-schema.js";
import { findClosestMatch } from "../closest-match.js";
import type { Finding } from "../diagnostic.js";
import type { LintRule } from "../lint-rule.js";
import { formatSuggestion, type MissingReference, reportMissingFiles } from "../missing-files.js";
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

/** What the dataset rule finds: ids with no file, and ids or folders that can never be read. */
export interface DatasetCheck {
  readonly missing: readonly MissingReference[];
  readonly problems: readonly Finding[];
  /** `in "dir"`, with why the folder is no help when it is not one; undefined when no folder is set. */
  readonly where: string | undefined;
}

export function findMissingDatasets(plan: Plan, files: PlanFiles): DatasetCheck {
  const references = collectDatasetReferences(plan);
  const dir = plan.linkage?.test_datasets_dir?.trim();
  if (dir === undefined || dir === "") {
    const [first] = references;
    const missing = references.map((r) => ({ name: r.value.trim(), path: r.path, looked: [] }));
    if (first === undefined) return { missing, problems: [], where: undefined };
    const message = `test dataset ${JSON.stringify(first.value)} cannot be found because linkage.test_datasets_dir is not set; set it to the folder holding the dataset files (<id>.yaml, .yml or .json)`;
    return { missing, problems: [{ path: first.path, message }], where: undefined };
  }
  const lookup = files.inspect(dir);
  if (lookup.kind === "outside") {
    const message = `linkage.test_datasets_dir ${JSON.stringify(dir)} escapes the plan's folder; keep test datasets inside it`;
    return { missing: [], problems: [{ path: DIR_PATH, message }], where: undefined };
  }
  const present = listDatasetIds(files, dir);
  const where = describeFolder(dir, lookup.kind);
  const missing: MissingReference[] = [];
  const problems: Finding[] = [];
  for (const reference of references) {
    const id = reference.value.trim();
    const found = findDatasetFile(files, dir, id);
    if (found === "file") continue;
    if (found === "outside") {
      problems.push({ path: reference.path, message: `test dataset id ${JSON.stringify(id)} points outside the plan's folder; use a plain dataset id` });
      continue;
    }
    const tried = datasetFileNames(id);
    const suggestion = findClosestMatch(id, present);
    missing.push({
      name: id,
      path: reference.path,
      looked: tried.map((name) => joinDir(dir, name)),
      suggestion,
      message: `test dataset ${JSON.stringify(id)} has no file: tried ${tried.map((t) => JSON.stringify(t)).join(", ")} ${where}; add the dataset or fix the id${formatSuggestion(suggestion)}`,
    });
  }
  return { missing, problems, where };
}

export const datasetFilesRule: LintRule = {
  id: "dataset-files",
  description: "Every test dataset id resolves to <test_datasets_dir>/<id>.yaml, .yml or .json inside the plan's folder.",
  category: "files",
  severity: "error",
  check({ plan, files, document }, report) {
    const { missing, problems, where } = findMissingDatasets(plan, files);
    for (const problem of problems) report(problem);
    // With no folder set the one finding above says it all; else the missing ids are one finding, at the first.
    if (where === undefined) return;
    reportMissingFiles(plan, missing, document.locate, report, (grouped, list) => {
      const count = grouped.length === 1 ? "1 test dataset the plan names has" : `${grouped.length} test datasets the plan names have`;
      return `${count} no file ${where}: ${list}; add <id>.yaml, .yml or .json for each, or fix the ids`;
    });
  },
};
