import type { PlanPath } from "./plan-path.js";

/**
 * The path of the alias that takes a loaded YAML tree past `limit` values once expanded,
 * counting in document order: where a "billion laughs" document should be pointed at. Sizes
 * are memoised per shared object, so the search is linear in the file. Assumes no cycle.
 */
export function findExpandingAlias(root: unknown, limit: number): PlanPath | undefined {
  const sizes = new Map<object, number>();
  const path: (string | number)[] = [];
  let total = 0;
  const visit = (node: unknown): boolean => {
    if (node === null || typeof node !== "object") return ++total > limit;
    const known = sizes.get(node);
    if (known !== undefined) {
      if (total + known > limit) return true;
      total += known;
      return false;
    }
    const before = total++;
    const entries: Iterable<[string | number, unknown]> = Array.isArray(node) ? node.entries() : Object.entries(node);
    for (const [key, child] of entries) {
      path.push(key);
      if (visit(child)) return true;
      path.pop();
    }
    sizes.set(node, total - before);
    return false;
  };
  return visit(root) ? [...path] : undefined;
}
