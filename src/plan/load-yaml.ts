import jsYaml from "js-yaml";
import { findExpandingAlias } from "./find-expanding-alias.js";
import { findSecondDocument } from "./find-second-document.js";
import { defaultTreeLimits, measureTree } from "./measure-tree.js";
import { nameComplexKeys } from "./name-complex-keys.js";
import { formatPlanPath } from "./plan-path.js";
import { PositionIndex } from "./position-index.js";
import { describeForeignDocument, recognizeForeignDocument } from "./recognize-foreign-document.js";
import { type SourceProblem, sourceProblem } from "./source-problem.js";

export type LoadedYaml = { readonly kind: "loaded"; readonly data: Record<string, unknown>; readonly positions: PositionIndex } | SourceProblem;

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
    data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, json: false, listener: nameComplexKeys(positions.listener) });
  } catch (error) {
    return describeLoadError(error, text);
  }
  if (data === null || data === undefined) {
    return sourceProblem("empty", "file holds no YAML content; a plan is a mapping of sections");
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    const found = Array.isArray(data) ? "a list" : `a ${typeof data}`;
    const foreign = recognizeForeignDocument(data);
    const looksLike = foreign === undefined ? "" : `: ${describeForeignDocument(foreign)}`;
    return sourceProblem("not-a-mapping", `the plan must be a mapping of sections at the root, found ${found}${looksLike}`, {
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
      case "too-many-nodes": {
        const limit = defaultTreeLimits.maxExpandedNodes;
        const alias = findExpandingAlias(data, limit);
        const at = alias === undefined ? undefined : positions.locate(alias);
        return sourceProblem(
          "alias-expansion",
          `${alias === undefined ? "anchors and aliases expand" : `this alias (at ${formatPlanPath(alias)}) takes the document`} to more than ${limit.toLocaleString("en-US")} values once expanded; refusing a possible alias bomb`,
          at === undefined ? undefined : { line: at.line, column: at.column },
        );
      }
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

function describeLoadError(error: unknown, text: string): SourceProblem {
  if (error instanceof jsYaml.YAMLException && error.mark === undefined && /single document/.test(error.reason)) {
    const second = findSecondDocument(text);
    const at = second === undefined ? { line: 1, column: 1 } : lineColumnAt(text, second);
    const foreign = second === undefined ? undefined : recognizeFirstDocument(text.slice(0, second));
    const message =
      foreign === undefined
        ? "the file holds more than one YAML document and a plan is one: a second document starts here; remove this `---` line, or move what follows to a file of its own"
        : `${describeForeignDocument(foreign)}; it also holds more than one YAML document, and a second starts here`;
    return sourceProblem("yaml-syntax", message, at);
  }
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

/** A stream of Kubernetes manifests is the usual many-document file: say so when the first is one. */
function recognizeFirstDocument(text: string): ReturnType<typeof recognizeForeignDocument> {
  try {
    return recognizeForeignDocument(jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, json: false }));
  } catch {
    return undefined;
  }
}

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
