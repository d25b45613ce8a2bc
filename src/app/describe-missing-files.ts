import type { ExplainedMissingFile, ExplainedMissingFiles } from "../planner/plan-explanation.js";

/** The "Missing files" part of `plan` and `run --dry-run`: a summary line, then one group per kind. */
export interface MissingFilesDescription {
  readonly summary: string;
  readonly groups: readonly { readonly title: string; readonly items: readonly MissingFileItem[] }[];
}

/** `name` as the plan writes it; `detail` like `(STEP-1-1, STEP-2-1; lines 77, 120)`. */
export interface MissingFileItem {
  readonly name: string;
  readonly detail: string;
}

/** Undefined when nothing is missing. */
export function describeMissingFiles(missing: ExplainedMissingFiles): MissingFilesDescription | undefined {
  if (missing.total === 0) return undefined;
  const counts = [
    count(missing.scripts.length, "script", "scripts"),
    count(missing.datasets.length, "test dataset", "test datasets"),
    count(missing.linked_files.length, "linked file or folder", "linked files and folders"),
  ].filter((part) => part !== undefined);
  const blocking = missing.scripts.length + missing.datasets.length > 0;
  const consequence = blocking ? "a run refuses the plan until its scripts and datasets exist" : "a run does not need them, but the plan's readers do";
  const groups = [];
  if (missing.scripts.length > 0) groups.push({ title: `${count(missing.scripts.length, "script", "scripts")}:`, items: missing.scripts.map(describeFile) });
  if (missing.datasets.length > 0) {
    groups.push({
      title: `${count(missing.datasets.length, "test dataset", "test datasets")} ${describeDatasetFolder(missing.datasets)}:`,
      items: missing.datasets.map(describeFile),
    });
  }
  if (missing.linked_files.length > 0) {
    groups.push({ title: `${count(missing.linked_files.length, "linked file or folder", "linked files and folders")} (linkage):`, items: missing.linked_files.map(describeFile) });
  }
  return { summary: `Missing files: the plan names ${missing.total} its folder lacks (${counts.join(", ")}); ${consequence}`, groups };
}

/** `scripts/a.sh` and `(STEP-1-1, STEP-2-1; lines 77, 120; did you mean "scripts/b.sh"?)` */
function describeFile(file: ExplainedMissingFile): MissingFileItem {
  const owners = [...new Set(file.referenced_by.map((r) => r.owner))].join(", ");
  const lines = file.referenced_by.map((r) => r.line);
  const where = lines.length === 1 ? `line ${lines[0]}` : `lines ${lines.join(", ")}`;
  const hint = file.suggestion === null ? "" : `; did you mean ${JSON.stringify(file.suggestion)}?`;
  return { name: file.name, detail: `(${file.folder ? "a folder; " : ""}${owners}; ${where}${hint})` };
}

function describeDatasetFolder(datasets: readonly ExplainedMissingFile[]): string {
  const tried = datasets[0]?.looked[0];
  if (tried === undefined) return "(linkage.test_datasets_dir is not set)";
  const slash = tried.lastIndexOf("/");
  return `(<id>.yaml, .yml or .json in ${JSON.stringify(slash === -1 ? "." : tried.slice(0, slash + 1))})`;
}

function count(n: number, one: string, many: string): string | undefined {
  return n === 0 ? undefined : `${n} ${n === 1 ? one : many}`;
}
