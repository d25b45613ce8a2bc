import type { MissingFile, MissingFiles } from "../lint/missing-files.js";
import { formatPlanPath } from "../plan/plan-path.js";
import type { ExplainedMissingFile, ExplainedMissingFiles } from "./plan-explanation.js";

/** The missing files as `bascule plan --format json` shows them: snake_case, paths as text. */
export function explainMissingFiles(missing: MissingFiles): ExplainedMissingFiles {
  const explain = (file: MissingFile): ExplainedMissingFile => ({
    name: file.name,
    looked: file.looked,
    folder: file.folder,
    suggestion: file.suggestion ?? null,
    referenced_by: file.references.map((r) => ({ owner: r.owner, path: formatPlanPath(r.path), line: r.line, column: r.column })),
  });
  return {
    total: missing.scripts.length + missing.datasets.length + missing.linked.length,
    scripts: missing.scripts.map(explain),
    datasets: missing.datasets.map(explain),
    linked_files: missing.linked.map(explain),
  };
}
