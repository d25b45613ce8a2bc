import { accessSync, constants, realpathSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";

/** Whether `path` (relative to the plan's folder) is an executable file inside the plan's tree, links resolved. */
export function isExecutableInTree(planDir: string, path: string): boolean {
  if (isAbsolute(path)) return false;
  try {
    const root = realpathSync(planDir);
    const real = realpathSync(resolve(planDir, path));
    const inside = relative(root, real);
    if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) return false;
    if (!statSync(real).isFile()) return false;
    accessSync(real, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
