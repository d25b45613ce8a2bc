import type { Plan } from "../../plan/schema/plan-schema.js";
import type { Finding } from "../diagnostic.js";
import type { LintRule } from "../lint-rule.js";
import { type MissingReference, reportMissingFiles } from "../missing-files.js";
import type { FileLookup, PlanFiles } from "../plan-files.js";

type Linkage = NonNullable<Plan["linkage"]>;

const TRUTH_FILES = ["existing_system_truth_file", "enhancement_truth_file", "compatibility_analysis_file"] as const;
// test_datasets_dir escaping is reported by dataset-files, which cannot look there either.
const FOLDERS = { automation_scripts_dir: "scripts", test_datasets_dir: "test datasets" } as const;

function checkTruthFile(field: keyof Linkage & string, value: string, lookup: FileLookup): Finding | MissingReference | undefined {
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
      return { name: value, path, looked: [value], message: `${named} does not exist in the plan's folder; add the file or fix the path` };
  }
}

function checkFolder(field: keyof typeof FOLDERS, value: string, lookup: FileLookup): Finding | MissingReference | undefined {
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
      return { name: value, path, looked: [value], folder: true, message: `${named} does not exist in the plan's folder; create the folder or fix the path` };
  }
}

/** What the linkage rule finds: linked files and folders that are not there, and paths that are wrong. */
export interface LinkedFilesCheck {
  readonly missing: readonly MissingReference[];
  readonly problems: readonly Finding[];
}

export function findMissingLinkedFiles(plan: Plan, files: PlanFiles): LinkedFilesCheck {
  const missing: MissingReference[] = [];
  const problems: Finding[] = [];
  const linkage = plan.linkage;
  if (linkage === null || linkage === undefined) return { missing, problems };
  const add = (found: Finding | MissingReference | undefined) => {
    if (found === undefined) return;
    if ("name" in found) missing.push(found);
    else problems.push(found);
  };
  for (const field of TRUTH_FILES) {
    const value = linkage[field]?.trim();
    if (value !== undefined && value !== "") add(checkTruthFile(field, value, files.inspect(value)));
  }
  for (const field of Object.keys(FOLDERS) as Array<keyof typeof FOLDERS>) {
    const value = linkage[field]?.trim();
    if (value !== undefined && value !== "") add(checkFolder(field, value, files.inspect(value)));
  }
  return { missing, problems };
}

export const linkedFilesRule: LintRule = {
  id: "linked-files",
  description: "The files and folders named under linkage exist inside the plan's folder.",
  category: "files",
  severity: "error",
  check({ plan, files, document }, report) {
    const { missing, problems } = findMissingLinkedFiles(plan, files);
    for (const problem of problems) report(problem);
    // Linked documents and folders are never run (SEMANTICS section 2): one that is absent leaves
    // every step runnable, so the run is not refused for it; the missing scripts and datasets are.
    reportMissingFiles(
      plan,
      missing,
      document.locate,
      report,
      (grouped, list) => {
        const fileCount = grouped.filter((f) => !f.folder).length;
        const folderCount = grouped.length - fileCount;
        const counted = [
          fileCount === 0 ? undefined : `${fileCount} linked ${fileCount === 1 ? "file" : "files"}`,
          folderCount === 0 ? undefined : `${folderCount} linked ${folderCount === 1 ? "folder" : "folders"}`,
        ].filter((part) => part !== undefined);
        return `${counted.join(" and ")} the plan names are missing from the plan's folder: ${list}; add them or fix the paths`;
      },
      "warning",
    );
  },
};
