import { readdirSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { FileLookup, PlanFiles } from "../../lint/plan-files.js";

/** The plan's folder on disk. Lookups are cached: big plans name the same script many times. */
export function createNodePlanFiles(planDir: string): PlanFiles {
  const root = safeRealpath(resolve(planDir)) ?? resolve(planDir);
  const lookups = new Map<string, FileLookup>();
  const listings = new Map<string, readonly string[]>();

  const inspect = (relativePath: string): FileLookup => {
    const cached = lookups.get(relativePath);
    if (cached !== undefined) return cached;
    const result = lookUp(root, relativePath);
    lookups.set(relativePath, result);
    return result;
  };

  return {
    inspect,
    list(relativeDir) {
      const cached = listings.get(relativeDir);
      if (cached !== undefined) return cached;
      let names: readonly string[] = [];
      if (inspect(relativeDir).kind === "directory") {
        try {
          names = readdirSync(resolve(root, relativeDir));
        } catch {
          names = [];
        }
      }
      listings.set(relativeDir, names);
      return names;
    },
  };
}

function lookUp(root: string, relativePath: string): FileLookup {
  if (isAbsolute(relativePath) || relativePath.startsWith("~")) return { kind: "outside" };
  const target = resolve(root, relativePath);
  if (!isInside(root, target)) return { kind: "outside" };
  const real = safeRealpath(target);
  if (real === undefined) return { kind: "missing" };
  // A link inside the tree that points out of it escapes just the same.
  if (!isInside(root, real)) return { kind: "outside" };
  try {
    return statSync(real).isDirectory() ? { kind: "directory" } : { kind: "file" };
  } catch {
    return { kind: "missing" };
  }
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
