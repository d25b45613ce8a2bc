import jsYaml from "js-yaml";
import { defaultTreeLimits, measureTree } from "./measure-tree.js";
import { formatPlanPath } from "./plan-path.js";
import { PositionIndex } from "./position-index.js";
import { type SourceProblem, sourceProblem } from "./source-problem.js";

export type LoadedYaml =
  | { readonly kind: "loaded"; readonly data: Record<string, unknown>; readonly positions: PositionIndex }
  | SourceProblem;

/**
 * Loads plan text with js-yaml (YAML 1.2 core schema, so dates stay strings), the fastest
 * parser available, recording every node's place in the text as it goes.
 */
export function loadYaml(text: string): LoadedYaml {
  if (isOnlyComments(text)) {
    return sourceProblem("empty", "file is empty; a plan starts with sections like `metadata:` and `migration_phases:`");
  }
  let data: unknown;
  const positions = new PositionIndex(text);
  try {
    data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, json: false, listener: positions.listener });
  } catch (error) {
    return describeLoadError(error);
  }
  if (data === null || data === undefined) {
    return sourceProblem("empty", "file holds no YAML content; a plan is a mapping of sections");
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    const found = Array.isArray(data) ? "a list" : `a ${typeof data}`;
    return sourceProblem("not-a-mapping", `the plan must be a mapping of sections at the root, found ${found}`, {
      line: 1,
      column: 1,
    });
  }
  // The loader's nesting counts a key being read as one more level: allow for it.
  if (positions.maxDepth > defaultTreeLimits.maxDepth + 1) {
    return sourceProblem("too-deep", "nesting is deeper than 64 levels; real plans nest about 8");
  }
  // Only aliases can make the loaded tree larger than the text; without any, skip the count.
  if (mayHaveAliases(text)) {
    const measure = measureTree(data);
    switch (measure.kind) {
      case "ok":
        break;
      case "too-deep":
        return sourceProblem("too-deep", `nesting is deeper than 64 levels at ${formatPlanPath(measure.path)}`);
      case "cyclic":
        return sourceProblem("alias-expansion", `an alias refers to its own anchor at ${formatPlanPath(measure.path)}`);
      case "too-many-nodes":
        return sourceProblem(
          "alias-expansion",
          "anchors and aliases expand to more than 2,000,000 values; refusing a possible alias bomb",
        );
    }
  }
  return { kind: "loaded", data: data as Record<string, unknown>, positions };
}

/** An alias is `*name` where a value may start; a false positive only costs the count. */
function mayHaveAliases(text: string): boolean {
  return /(?:^|[\s[{,:-])\*[^\s,\]}]/.test(text);
}

/** No line with content: blank lines, comments and `---` only. Stops at the first content. */
function isOnlyComments(text: string): boolean {
  return !/^[ \t]*(?!#|---[ \t]*\r?$)\S/m.test(text);
}

function describeLoadError(error: unknown): SourceProblem {
  if (error instanceof jsYaml.YAMLException) {
    const reason = error.reason || "invalid YAML";
    return sourceProblem("yaml-syntax", `YAML syntax error: ${reason}`, {
      line: (error.mark?.line ?? 0) + 1,
      column: (error.mark?.column ?? 0) + 1,
    });
  }
  // js-yaml recurses per nesting level; absurd nesting overflows the stack before any limit.
  if (error instanceof RangeError) {
    return sourceProblem("too-deep", "nesting is too deep to read; real plans nest about 8 levels");
  }
  throw error;
}
