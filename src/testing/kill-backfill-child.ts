import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { createSeededRandom } from "./crash-harness.js";

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** Deterministic pseudo-random numbers in [0, 1), so a failing kill schedule can be replayed. */
export const seededRandom = createSeededRandom;

/**
 * Runs a backfill child script (it prints `batch …` per committed batch and `completed` at the end)
 * and kills it with SIGKILL `delayMs` after its `killAfter`-th batch.
 */
export function runKilledChild(script: string, args: readonly string[], killAfter: number, delayMs: number): Promise<"killed" | "completed"> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", tsxLoader, script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let batches = 0;
    proc.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const before = batches;
      batches = (stdout.match(/^batch /gm) ?? []).length;
      if (before < killAfter && batches >= killAfter) setTimeout(() => proc.kill("SIGKILL"), delayMs);
    });
    proc.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    proc.on("error", reject);
    proc.on("close", (code, signal) => {
      if (signal === "SIGKILL") resolve("killed");
      else if (code === 0 && stdout.includes("completed")) resolve("completed");
      else reject(new Error(`backfill child exited with ${String(code ?? signal)}: ${stderr}`));
    });
  });
}
