import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The argv that starts this very CLI again: the built `bin/bascule.js`, or, when running from
 * the TypeScript sources (development, tests), `scripts/bascule-dev.ts` through tsx. A step's
 * `bascule data run` reaches it through a shim on PATH, so it is always this version.
 */
export function selfInvocation(): readonly string[] {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".ts")) {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    return [process.execPath, "--import", tsx, fileURLToPath(new URL("../../../scripts/bascule-dev.ts", import.meta.url))];
  }
  return [process.execPath, fileURLToPath(new URL("../../../bin/bascule.js", import.meta.url))];
}
