import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { writeCliShim } from "../app/run/write-cli-shim.js";
import { type CliOutcome, repoRoot } from "./run-cli-captured.js";

// Resolved once, so the shell finds the TypeScript loader from any working folder.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** The words that start `bascule` from the sources: `node --import tsx scripts/bascule-dev.ts`. */
export const devBascule: readonly string[] = [process.execPath, "--import", tsxLoader, join(repoRoot, "scripts", "bascule-dev.ts")];

export interface ShellOptions {
  /** Variables to set, or to remove with `undefined`, over this process's environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Runs a bash script in `dir`, as a user's shell would, with `bascule` on PATH starting this
 * checkout's sources (a shim in `dir/.shell-bin`), and waits for it to end.
 */
export function runInShell(dir: string, script: string, options: ShellOptions = {}): CliOutcome {
  const bin = writeCliShim(join(dir, ".shell-bin"), devBascule);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...process.env, NO_COLOR: "1", PATH: `${bin}:${process.env.PATH ?? ""}`, ...options.env })) {
    if (value !== undefined) env[name] = value;
  }
  const result = spawnSync("bash", ["-c", script], { cwd: dir, encoding: "utf8", env, timeout: 120_000 });
  return { exitCode: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
