import { readdirSync } from "node:fs";
import { join } from "node:path";

/** A plan's file name: `migration-strategy.yaml`, `migration-strategy.staging.yml`, … */
const planFileName = /^migration-strategy.*\.ya?ml$/;

/**
 * The plans in a folder and below it, as paths that start with `dir`, sorted: every file named
 * `migration-strategy*.yaml` or `.yml`. Skips `node_modules` and dot folders (`.git`,
 * `.bascule`), and never follows a symbolic link to a folder, so a link cycle cannot loop.
 */
export function findPlanFiles(dir: string): string[] {
  const found: string[] = [];
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && !entry.name.startsWith(".")) pending.push(path);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && planFileName.test(entry.name)) {
        found.push(path);
      }
    }
  }
  return found.sort();
}
