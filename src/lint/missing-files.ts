import type { PlanPath } from "../plan/plan-path.js";
import type { SourcePosition } from "../plan/position-index.js";
import type { Plan } from "../plan/schema/plan-schema.js";
import type { Finding } from "./diagnostic.js";
import { nameReferenceOwner } from "./name-reference-owner.js";

/** One place the plan names a file that is not there. */
export interface MissingFileReference {
  readonly path: PlanPath;
  /** The step, gate, phase or level that names it, else the field's path. */
  readonly owner: string;
  readonly line: number;
  readonly column: number;
}

/** A file (or folder) the plan names that is not in the plan's folder, with every place naming it. */
export interface MissingFile {
  /** As the plan names it: a script path, a dataset id, a linked file or folder. */
  readonly name: string;
  /** Where it was looked for, relative to the plan's folder. */
  readonly looked: readonly string[];
  /** A near name that does exist, when the name looks like a typo of it. */
  readonly suggestion: string | undefined;
  /** A folder (`linkage.test_datasets_dir`, `linkage.automation_scripts_dir`) rather than a file. */
  readonly folder: boolean;
  /** In the file's order; never empty. */
  readonly references: readonly MissingFileReference[];
}

/** What the plan names and its folder lacks, by kind: what `plan` and `run --dry-run` list first. */
export interface MissingFiles {
  readonly scripts: readonly MissingFile[];
  readonly datasets: readonly MissingFile[];
  readonly linked: readonly MissingFile[];
}

/** One reference as a rule finds it, before grouping by name. */
export interface MissingReference {
  readonly name: string;
  readonly path: PlanPath;
  readonly looked: readonly string[];
  readonly suggestion?: string | undefined;
  readonly folder?: boolean;
  /** The finding for this reference alone, when it is the only one. */
  readonly message?: string;
}

export type Locate = (path: PlanPath) => Pick<SourcePosition, "line" | "column">;

/** One entry per name, in the order the file first names each, references in file order. */
export function groupMissingReferences(plan: Plan, references: readonly MissingReference[], locate: Locate): MissingFile[] {
  const byName = new Map<string, { first: MissingReference; firstAt: MissingFileReference; references: MissingFileReference[] }>();
  for (const reference of references) {
    const { line, column } = locate(reference.path);
    const entry = { path: reference.path, owner: nameReferenceOwner(plan, reference.path), line, column };
    // `./check.sh` and `check.sh` are one file.
    const key = reference.name.replace(/^(\.\/)+/, "");
    const group = byName.get(key);
    if (group === undefined) byName.set(key, { first: reference, firstAt: entry, references: [entry] });
    else {
      group.references.push(entry);
      // Named as the file first names it.
      if (compareReferences(entry, group.firstAt) < 0) {
        group.first = reference;
        group.firstAt = entry;
      }
    }
  }
  const groups = [...byName.values()].map(({ first, references: refs }) => ({
    name: first.name,
    looked: first.looked,
    suggestion: first.suggestion,
    folder: first.folder === true,
    references: refs.sort(compareReferences),
  }));
  return groups.sort((a, b) => compareReferences(a.references[0] as MissingFileReference, b.references[0] as MissingFileReference));
}

function compareReferences(a: MissingFileReference, b: MissingFileReference): number {
  return a.line - b.line || a.column - b.column;
}

/** `scripts/a.sh (STEP-1-1, STEP-2-1; did you mean "scripts/b.sh"?)`: owners named once each. */
export function describeMissingFile(file: MissingFile): string {
  const owners = [...new Set(file.references.map((r) => r.owner))].join(", ");
  return `${file.name} (${owners}${formatSuggestion(file.suggestion)})`;
}

/** `; did you mean "x"?`, or nothing. */
export function formatSuggestion(suggestion: string | undefined): string {
  return suggestion === undefined ? "" : `; did you mean ${JSON.stringify(suggestion)}?`;
}

/** The one reference, when the plan names a single missing file once: it keeps its detailed message. */
export function singleMissingReference(grouped: readonly MissingFile[], references: readonly MissingReference[]): MissingReference | undefined {
  return grouped.length === 1 && grouped[0]?.references.length === 1 ? references[0] : undefined;
}

/**
 * Reports a rule's missing files: the one missing reference in its own words, else one finding
 * at the first reference listing them all (a plan pasted alone lacks them all at once).
 * `describe` words that finding from the files and their list.
 */
export function reportMissingFiles(
  plan: Plan,
  references: readonly MissingReference[],
  locate: Locate,
  report: (finding: Finding) => void,
  describe: (files: readonly MissingFile[], list: string) => string,
  severity?: Finding["severity"],
): void {
  const grouped = groupMissingReferences(plan, references, locate);
  const single = singleMissingReference(grouped, references);
  const first = single ?? grouped[0]?.references[0];
  if (first === undefined) return;
  const message = single !== undefined ? (single.message ?? "") : describe(grouped, grouped.map(describeMissingFile).join(", "));
  report({ path: first.path, message, ...(severity === undefined ? {} : { severity }) });
}
