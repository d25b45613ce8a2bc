// bench:engine for the working tree against another commit, interleaved in one run, so both
// see the same machine load: the engine overhead per step of each, and their ratio.
// Run: npm run bench:engine:compare -- [REV]   (default REV: HEAD, the last commit)
//   BENCH_PAIRS (default 5) rounds of each; BENCH_STEPS etc. are passed on to bench:engine.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const rev = process.argv[2] ?? "HEAD";
const pairs = Number(process.env.BENCH_PAIRS ?? 5);
const base = join(mkdtempSync(join(tmpdir(), "bascule-bench-base-")), "tree");

const git = (...args: string[]) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
const commit = git("rev-parse", "--short", rev);
git("worktree", "add", "--detach", base, rev);
try {
  // The same dependencies for both trees: only the code differs.
  if (!existsSync(join(base, "node_modules"))) symlinkSync(join(repoRoot, "node_modules"), join(base, "node_modules"), "dir");
  const overhead = { current: [] as number[], base: [] as number[] };
  const ratio = { current: [] as number[], base: [] as number[] };
  for (let pair = 0; pair < pairs; pair++) {
    // Alternate which goes first, so neither always runs on a warmer machine.
    const order: Array<"current" | "base"> = pair % 2 === 0 ? ["current", "base"] : ["base", "current"];
    for (const which of order) {
      const cwd = which === "current" ? repoRoot : base;
      const result = spawnSync(process.execPath, ["--import", "tsx", "bench/engine/engine-bench.ts"], {
        cwd,
        encoding: "utf8",
        env: { ...process.env, BENCH_ROUNDS: process.env.BENCH_ROUNDS ?? "3" },
      });
      if (result.status !== 0) throw new Error(`bench:engine in ${which === "current" ? "the working tree" : commit} exited ${result.status}:\n${result.stderr}`);
      overhead[which].push(read(result.stdout, /engine overhead per step:\s+([\d.-]+) ms/));
      ratio[which].push(read(result.stdout, /ratio bascule \/ bash:\s+([\d.]+)x/));
    }
  }
  const current = median(overhead.current);
  const previous = median(overhead.base);
  console.log(`bench:engine, ${pairs} interleaved pairs (BENCH_ROUNDS=${process.env.BENCH_ROUNDS ?? 3} each)`);
  console.log(`engine overhead per step, working tree:  ${current.toFixed(3)} ms (bascule / bash ${median(ratio.current).toFixed(2)}x)`);
  console.log(`engine overhead per step, ${commit.padEnd(12)}  ${previous.toFixed(3)} ms (bascule / bash ${median(ratio.base).toFixed(2)}x)`);
  console.log(`working tree / ${commit}: ${(current / previous).toFixed(2)}x overhead per step (within 10%: at most 1.10x)`);
} finally {
  git("worktree", "remove", "--force", base);
  rmSync(join(base, ".."), { recursive: true, force: true });
}

function read(output: string, pattern: RegExp): number {
  const match = pattern.exec(output);
  if (match?.[1] === undefined) throw new Error(`bench:engine printed no ${pattern}:\n${output}`);
  return Number(match[1]);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
