/** Where a value sits inside a plan: keys and list indexes from the root. */
export type PlanPath = readonly (string | number)[];

/** `["migration_phases", 1, "steps", 0, "step_id"]` → `migration_phases[1].steps[0].step_id`. */
export function formatPlanPath(path: PlanPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** True when `path` is `prefix` or lies inside it. */
export function isWithinPath(path: PlanPath, prefix: PlanPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

/** A set of paths that answers "does this path lie within one of them" by the path's prefixes, not by each member. */
export class PathPrefixSet {
  readonly #keys = new Set<string>();

  constructor(paths: Iterable<PlanPath> = []) {
    for (const path of paths) this.add(path);
  }

  get size(): number {
    return this.#keys.size;
  }

  add(path: PlanPath): void {
    this.#keys.add(JSON.stringify(path));
  }

  /** True when `path` is a member or lies inside one. */
  covers(path: PlanPath): boolean {
    if (this.#keys.size === 0) return false;
    for (let length = 0; length <= path.length; length++) if (this.#keys.has(JSON.stringify(path.slice(0, length)))) return true;
    return false;
  }
}

/** Reads the raw value at `path`, or undefined when any part of it is missing. */
export function readAtPath(root: unknown, path: PlanPath): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
