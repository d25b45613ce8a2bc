import type { PlanPath } from "./plan-path.js";

export interface TreeLimits {
  /** Deeper than any real plan (about 8 levels) by a wide margin. @default 64 */
  readonly maxDepth: number;
  /** Nodes after aliases are expanded; stops "billion laughs" documents. @default 2_000_000 */
  readonly maxExpandedNodes: number;
}

export const defaultTreeLimits: TreeLimits = { maxDepth: 64, maxExpandedNodes: 2_000_000 };

export type TreeMeasure =
  | { readonly kind: "ok"; readonly expandedNodes: number }
  | { readonly kind: "too-deep"; readonly path: PlanPath }
  | { readonly kind: "too-many-nodes"; readonly expandedNodes: number }
  | { readonly kind: "cyclic"; readonly path: PlanPath };

/**
 * Counts the nodes a loaded YAML tree would have with every alias expanded. YAML loaders
 * share one object for all uses of an anchor, so sizes are memoised per object: the count
 * costs time linear in the file even when the expansion is astronomically large.
 */
export function measureTree(root: unknown, limits: TreeLimits = defaultTreeLimits): TreeMeasure {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  let failure: TreeMeasure | undefined;

  const visit = (node: unknown, path: (string | number)[]): number => {
    if (node === null || typeof node !== "object") return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (path.length > limits.maxDepth) {
      failure ??= { kind: "too-deep", path: [...path] };
      return 0;
    }
    if (open.has(node)) {
      failure ??= { kind: "cyclic", path: [...path] };
      return 0;
    }
    open.add(node);
    let size = 1;
    const entries = Array.isArray(node) ? node.entries() : Object.entries(node);
    for (const [key, child] of entries) {
      path.push(key);
      size += visit(child, path);
      path.pop();
      if (failure !== undefined) break;
      if (size > limits.maxExpandedNodes) {
        failure ??= { kind: "too-many-nodes", expandedNodes: size };
        break;
      }
    }
    open.delete(node);
    sizes.set(node, size);
    return size;
  };

  const total = visit(root, []);
  return failure ?? { kind: "ok", expandedNodes: total };
}
