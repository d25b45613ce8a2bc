import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every non-test TypeScript file under `dir`, skipping the folders `skip` says, for tests that hold the code base to a rule. */
export function sourcesOf(dir: string, skip: (folder: string) => boolean = () => false): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return skip(path) ? [] : sourcesOf(path, skip);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}
