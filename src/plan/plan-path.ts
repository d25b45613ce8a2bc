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

/** Reads the raw value at `path`, or undefined when any part of it is missing. */
export function readAtPath(root: unknown, path: PlanPath): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
