import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { PlanPath } from "./plan-path.js";

export interface SourcePosition {
  /** 1-based line and column of the start, and of the end (exclusive). */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** False when the exact path is absent and the nearest enclosing value was used. */
  readonly exact: boolean;
}

export type LocateTarget = "value" | "key";

/**
 * Maps plan paths back to file positions. The position-keeping parser is an order of
 * magnitude slower than the loader, so it runs once, on first use: a clean plan never pays.
 */
export function createSourceLocator(text: string): (path: PlanPath, target?: LocateTarget) => SourcePosition {
  let index: { doc: ReturnType<typeof parseDocument>; lines: LineCounter } | undefined;
  return (path, target = "value") => {
    if (index === undefined) {
      const lines = new LineCounter();
      const doc = parseDocument(text, { lineCounter: lines, version: "1.2", uniqueKeys: false });
      index = { doc, lines };
    }
    return locate(index.doc, index.lines, path, target);
  };
}

function locate(
  doc: ReturnType<typeof parseDocument>,
  lines: LineCounter,
  path: PlanPath,
  target: LocateTarget,
): SourcePosition {
  let node: Node | null | undefined = doc.contents as Node | null;
  let keyNode: Node | undefined;
  let exact = true;
  for (const segment of path) {
    const resolved: Node | null | undefined = isAlias(node) ? (node.resolve(doc) as Node | undefined) : node;
    const step = childOf(resolved, segment);
    if (step === undefined) {
      exact = false;
      break;
    }
    node = step.value;
    keyNode = step.key;
    if (node === null || node === undefined) {
      // `key:` with nothing after it: point at the key.
      node = step.key;
    }
  }
  const chosen = exact && target === "key" && keyNode !== undefined ? keyNode : (node ?? undefined);
  const range = chosen?.range ?? [0, 0, 0];
  const start = lines.linePos(range[0]);
  const end = lines.linePos(range[1]);
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col, exact };
}

function childOf(node: Node | null | undefined, segment: string | number): { key?: Node; value: Node | null } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const keyValue = isScalar(key) ? key.value : key;
      if (String(keyValue) === String(segment)) return { key: key ?? undefined, value: pair.value as Node | null };
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === "number") {
    const item = node.items[segment] as Node | undefined;
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}
