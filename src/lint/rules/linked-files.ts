import type { Plan } from "../../plan/schema/plan-schema.js";
import type { Finding } from "../diagnostic.js";
import type { LintRule } from "../lint-rule.js";
import type { FileLookup } from "../plan-files.js";

type Linkage = NonNullable<Plan["linkage"]>;

const TRUTH_FILES = ["existing_system_truth_file", "enhancement_truth_file", "compatibility_analysis_file"] as const;
// test_datasets_dir escaping is reported by dataset-files, which cannot look there either.
const FOLDERS = { automation_scripts_dir: "scripts", test_datasets_dir: "test datasets" } as const;

function checkTruthFile(field: keyof Linkage & string, value: string, lookup: FileLookup): Finding | undefined {
  const path = ["linkage", field];
  const named = `linkage.${field} ${JSON.stringify(value)}`;
  switch (lookup.kind) {
    case "file":
      return undefined;
    case "outside":
      return { path, message: `${named} escapes the plan's folder; keep linked files inside it` };
    case "directory":
      return { path, message: `${named} is a folder, not a file; name the file itself` };
    case "missing":
      return { path, message: `${named} does not exist in the plan's folder; add the file or fix the path` };
  }
}

function checkFolder(field: keyof typeof FOLDERS, value: string, lookup: FileLookup): Finding | undefined {
  const path = ["linkage", field];
  const holds = FOLDERS[field];
  const named = `linkage.${field} ${JSON.stringify(value)}`;
  switch (lookup.kind) {
    case "directory":
      return undefined;
    case "outside":
      if (field === "test_datasets_dir") return undefined;
      return { path, message: `${named} escapes the plan's folder; keep ${holds} inside it` };
    case "file":
      return { path, message: `${named} is a file, not a folder; name the folder that holds the ${holds}` };
    case "missing":
      return { path, severity: "warning", message: `${named} does not exist in the plan's folder; create the folder or fix the path` };
  }
}

export const linkedFilesRule: LintRule = {
  id: "linked-files",
  description: "The files and folders named under linkage exist inside the plan's folder.",
  category: "files",
  severity: "error",
  check({ plan, files }, report) {
    const linkage = plan.linkage;
    if (linkage === null || linkage === undefined) return;
    for (const field of TRUTH_FILES) {
      const value = linkage[field]?.trim();
      if (value === undefined || value === "") continue;
      const finding = checkTruthFile(field, value, files.inspect(value));
      if (finding !== undefined) report(finding);
    }
    for (const field of Object.keys(FOLDERS) as Array<keyof typeof FOLDERS>) {
      const value = linkage[field]?.trim();
      if (value === undefined || value === "") continue;
      const finding = checkFolder(field, value, files.inspect(value));
      if (finding !== undefined) report(finding);
    }
  },
};
