import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { packageRoot } from "../package-root.js";

/**
 * The argv that starts this very CLI again: the built `bin/bascule.js`, or, when running from
 * the TypeScript sources (development, tests), `scripts/bascule-dev.ts` through tsx. A step's
 * `bascule data run` reaches it through a shim on PATH, so it is always this version.
 */
export function selfInvocation(): readonly string[] {
  const root = packageRoot(import.meta.url);
  if (fileURLToPath(import.meta.url).endsWith(".ts")) {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    return [process.execPath, "--import", tsx, join(root, "scripts", "bascule-dev.ts")];
  }
  return [process.execPath, join(root, "bin", "bascule.js")];
}
