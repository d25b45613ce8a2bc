import type { RegressionSuite } from "./schema/plan-schema.js";

/** How a regression suite runs (SEMANTICS 11.1), in the order it is looked for. */
export type SuiteRun =
  /** A command bound to the suite id in the bindings' `checks`. */
  | { readonly kind: "command"; readonly command: string }
  /** `location`, an executable file in the plan's tree. */
  | { readonly kind: "script"; readonly path: string }
  /** The suite's datasets that have an execution block; the rest are attested. */
  | { readonly kind: "datasets"; readonly datasetIds: readonly string[] }
  /** Nothing to run: a person attests that the suite passed. */
  | { readonly kind: "attest" };

export interface SuiteRunLookup {
  /** The bindings' `checks`, text → command. */
  readonly boundChecks: ReadonlyMap<string, string>;
  /** Whether a path, relative to the plan's folder, is an executable file inside its tree. */
  readonly isExecutableInTree: (path: string) => boolean;
  /** Whether a dataset id has an execution block. */
  readonly isExecutableDataset: (datasetId: string) => boolean;
}

export function resolveSuiteRun(suite: RegressionSuite, lookup: SuiteRunLookup): SuiteRun {
  const bound = lookup.boundChecks.get(suite.regression_suite_id);
  if (bound !== undefined) return { kind: "command", command: bound };
  const location = suite.location?.trim();
  if (location && lookup.isExecutableInTree(location)) return { kind: "script", path: location };
  const datasetIds = (suite.test_dataset_ids ?? []).filter((id) => lookup.isExecutableDataset(id));
  if (datasetIds.length > 0) return { kind: "datasets", datasetIds };
  return { kind: "attest" };
}

/** Words for how a suite runs, as `bascule plan` and a dry run show it. */
export function describeSuiteRun(run: SuiteRun): string {
  switch (run.kind) {
    case "command":
      return `runs its bound command: ${run.command}`;
    case "script":
      return `runs ${run.path}`;
    case "datasets":
      return `runs dataset${run.datasetIds.length > 1 ? "s" : ""} ${run.datasetIds.join(", ")}`;
    case "attest":
      return "nothing to run: a person attests it (bind a command to its id in the bindings' checks to automate it)";
  }
}
