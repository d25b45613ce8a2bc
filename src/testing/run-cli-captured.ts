import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runCli } from "../cli/main.js";

export interface CliOutcome {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
// Resolved once, so a spawned process finds the TypeScript loader from any working folder.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** Runs a command line in this process, capturing what it prints. */
export async function runCliCaptured(argv: readonly string[], options: { cwd?: string; env?: Readonly<Record<string, string | undefined>> } = {}): Promise<CliOutcome> {
  let stdout = "";
  let stderr = "";
  const exitCode = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd: options.cwd ?? repoRoot,
    color: false,
    env: options.env ?? {},
    interactive: false,
  });
  return { exitCode, stdout, stderr };
}

/** Runs `bascule` as a real process from the sources, as a user's shell would. */
export function spawnBascule(argv: readonly string[], options: { cwd?: string; input?: string } = {}): CliOutcome {
  const result = spawnSync(process.execPath, ["--import", tsxLoader, `${repoRoot}scripts/bascule-dev.ts`, ...argv], {
    cwd: options.cwd ?? repoRoot,
    encoding: "utf8",
    input: options.input,
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 60_000,
  });
  return { exitCode: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
