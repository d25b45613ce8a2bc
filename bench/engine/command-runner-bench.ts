// The cost of one command through each CommandRunner: BENCH_RUNS runs of `true` through
// ShellCommandRunner (a Node spawn per command) and ForkServerCommandRunner (one bash helper
// forks each command), against a bash loop running `bash -c true` as often. Rounds are
// interleaved and the median round is reported, so load drifts hit all three alike.
// Run: node --import tsx bench/engine/command-runner-bench.ts
//   BENCH_RUNS (default 1000), BENCH_ROUNDS (default 5), BENCH_ENV=minimal for only PATH
//   (default: this process's whole environment, as a run passes it).
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { ForkServerCommandRunner } from "../../src/adapters/shell/fork-server-command-runner.js";
import { ShellCommandRunner } from "../../src/adapters/shell/shell-command-runner.js";
import type { CommandRunner } from "../../src/ports/command-runner.js";

const runs = Number(process.env.BENCH_RUNS ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const env: Record<string, string> =
  process.env.BENCH_ENV === "minimal"
    ? { PATH: process.env.PATH ?? "/usr/bin:/bin" }
    : Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
const cwd = tmpdir();

async function timeRunner(runner: CommandRunner): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const result = await runner.run({ command: "true", cwd, env });
    if (result.kind !== "exited" || result.exitCode !== 0) throw new Error(`true did not succeed: ${JSON.stringify(result)}`);
  }
  return (performance.now() - started) / runs;
}

function timeBashLoop(): number {
  const started = performance.now();
  const loop = spawnSync("bash", ["-c", `for ((i = 0; i < ${runs}; i++)); do bash -c true; done`], { env, cwd, stdio: "ignore" });
  if (loop.status !== 0) throw new Error("the bash loop failed");
  return (performance.now() - started) / runs;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const shell = new ShellCommandRunner();
const forkServer = new ForkServerCommandRunner();
const times = { shell: [] as number[], forkServer: [] as number[], bash: [] as number[] };
// One warm-up run each: module loading, the helper's start and its first FIFOs.
await shell.run({ command: "true", cwd, env });
await forkServer.run({ command: "true", cwd, env });
for (let round = 0; round < rounds; round++) {
  times.shell.push(await timeRunner(shell));
  times.forkServer.push(await timeRunner(forkServer));
  times.bash.push(timeBashLoop());
  const last = (list: number[]): string => (list.at(-1) ?? 0).toFixed(3);
  console.log(`round ${round + 1}: shell ${last(times.shell)} ms, fork-server ${last(times.forkServer)} ms, bash loop ${last(times.bash)} ms`);
}
await forkServer.close();

const bash = median(times.bash);
const rows = [
  ["ShellCommandRunner", median(times.shell)],
  ["ForkServerCommandRunner", median(times.forkServer)],
  ["bash loop (bash -c true)", bash],
] as const;
console.log(`\n${runs} runs of \`true\` x ${rounds} rounds, ${Object.keys(env).length} environment variables; median round:`);
for (const [name, ms] of rows) {
  console.log(`  ${name.padEnd(26)} ${ms.toFixed(3)} ms/command   ${(ms / bash).toFixed(2)}x bash   +${(ms - bash).toFixed(3)} ms over bash`);
}
console.log(`  fork-server / shell: ${(median(times.forkServer) / median(times.shell)).toFixed(2)}x`);
