import { loadYaml } from "./load-yaml.js";
import type { PlanPath } from "./plan-path.js";
import type { Plan } from "./schema/plan-schema.js";
import type { LocateTarget, SourcePosition } from "./position-index.js";
import type { SourceProblem } from "./source-problem.js";
import { type SchemaIssue, validatePlanData } from "./validate-plan-data.js";

/** A plan read from text: the raw data, the typed plan, and a way back to file positions. */
export interface PlanDocument {
  readonly kind: "plan-document";
  readonly text: string;
  /** The loaded YAML before validation, for rules that check what the schema does not type. */
  readonly raw: Readonly<Record<string, unknown>>;
  /** Undefined only when the data could not be brought in line with the schema at all. */
  readonly plan: Plan | undefined;
  readonly schemaIssues: readonly SchemaIssue[];
  readonly filledPaths: readonly PlanPath[];
  /** Where a value (or its key) was written. */
  readonly locate: (path: PlanPath, target?: LocateTarget) => SourcePosition;
}

export function parsePlanText(text: string): PlanDocument | SourceProblem {
  const loaded = loadYaml(text);
  if (loaded.kind === "source-problem") return loaded;
  const raw = loaded.data;
  const { plan, issues, filledPaths } = validatePlanData(raw);
  return {
    kind: "plan-document",
    text,
    raw,
    plan,
    schemaIssues: issues,
    filledPaths,
    locate: (path, target) => loaded.positions.locate(path, target),
  };
}
