// The engine's cost per step: a plan of BENCH_STEPS steps whose commands are `true`, run by
// Bascule in-process (runPlan, real adapters, real SQLite store, no output) against the same
// commands run by bash, each as its own `bash -c true`. Target: at most 2 ms of overhead per step.
// Run: npm run bench:engine
//   BENCH_STEPS (default 1000), BENCH_PHASE_STEPS (default 50), BENCH_ROUNDS (default 5),
//   BENCH_DIR picks the disk the plan and its state store live on (default: the temp folder).
// Compare the ratio and the overhead, not the absolute times: they depend on the machine's load.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openSqliteJournalStore } from "../../src/adapters/sqlite/sqlite-journal-store.js";
import { runPlan } from "../../src/app/run/run-plan.js";
import { openRunSession, type RunSession } from "../../src/app/run/run-session.js";
import { createSystemPorts } from "../../src/app/run/system-ports.js";

const steps = Number(process.env.BENCH_STEPS ?? 1000);
const perPhase = Number(process.env.BENCH_PHASE_STEPS ?? 50);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const root = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), "bascule-engine-bench-"));

function writePlan(dir: string): string {
  const lines = [
    'metadata: { version: "1.0.0", created_date: "2025-01-01T00:00:00Z", migration_name: "Engine bench", migration_status: planned }',
    'migration_overview: { name: "Engine bench", description: "Steps whose command is true", objective: "Measure the engine", approach: phased }',
    "migration_phases:",
  ];
  for (let p = 0; p * perPhase < steps; p++) {
    lines.push(`  - { phase_id: "PHASE-${p + 1}", name: "Phase ${p + 1}", order: ${p + 1}, steps: [`);
    for (let s = 0; s < perPhase && p * perPhase + s < steps; s++) {
      lines.push(`      { step_id: "STEP-${p + 1}-${s + 1}", name: "Step ${s + 1}", order: ${s + 1}, execution_details: { commands: ["true"] } },`);
    }
    lines.push("    ] }");
  }
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "migration-strategy.yaml");
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

function openSession(dir: string, synchronous: "full" | "normal"): RunSession {
  const opened = openRunSession({ planPath: writePlan(dir), cwd: dir, env: process.env });
  if (opened.kind !== "session") throw new Error(`the bench plan does not open: ${JSON.stringify(opened).slice(0, 2000)}`);
  if (synchronous === "full") return opened.session;
  // The same store, committing without fsync: how much of the overhead is durability.
  const store = openSqliteJournalStore(opened.session.statePath, { synchronous: "normal" });
  return { ...opened.session, store };
}

interface BasculeRound {
  readonly openMs: number;
  readonly runMs: number;
  readonly events: number;
}

async function runBascule(round: number, synchronous: "full" | "normal"): Promise<BasculeRound> {
  const dir = join(root, `${synchronous}-${round}`);
  const opening = performance.now();
  const session = openSession(dir, synchronous);
  const openMs = performance.now() - opening;
  const started = performance.now();
  const result = await runPlan({
    session,
    // What `bascule run` wires: ShellCommandRunner, SqliteSqlRunner, SystemClock, metric providers.
    ports: createSystemPorts(dir, session.bindings),
    actor: { name: "bench", via: "library" },
    ignoreWindow: true,
    env: process.env,
    pid: process.pid,
  });
  const runMs = performance.now() - started;
  if (result.kind !== "driven" || result.outcome.kind !== "finished" || result.outcome.status !== "completed") {
    throw new Error(`the bench run did not complete: ${JSON.stringify(result).slice(0, 500)}`);
  }
  const events = (await session.store.read(result.run.runId)).length;
  await session.store.close();
  return { openMs, runMs, events };
}

/** `bascule run` as users start it: the built CLI in its own process, Node start-up included. */
function runBuiltCli(round: number): number | undefined {
  const cli = join(repoRoot, "bin", "bascule.js");
  if (!existsSync(join(repoRoot, "dist", "cli", "main.js"))) return undefined;
  const dir = join(root, `cli-${round}`);
  const plan = writePlan(dir);
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, "run", plan, "--ignore-window"], { cwd: dir, stdio: "ignore", env: { ...process.env, CI: "true" } });
  if (result.status !== 0) throw new Error(`the built CLI did not complete the bench run: exit ${result.status}`);
  return performance.now() - started;
}

function runBash(): number {
  const started = performance.now();
  const result = spawnSync("bash", ["-c", `for i in $(seq ${steps}); do bash -c true; done`], { stdio: "ignore" });
  if (result.status !== 0) throw new Error(`the bash loop failed: ${result.status}`);
  return performance.now() - started;
}

/** The same commands spawned from Node with no engine around them: the floor for any Node runner. */
async function runNodeSpawns(): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < steps; i++) {
    await new Promise<void>((resolve, reject) => {
      const child = spawn("bash", ["-c", "true"], { detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env } });
      child.stdout.resume();
      child.stderr.resume();
      child.once("error", reject);
      child.once("close", () => resolve());
    });
  }
  return performance.now() - started;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

try {
  const full: BasculeRound[] = [];
  const normal: BasculeRound[] = [];
  const bash: number[] = [];
  const nodeSpawns: number[] = [];
  const cli: number[] = [];
  await runBascule(-1, "full"); // warm-up: module loading, JIT, the disk cache
  // Interleaved, so a burst of load on the machine hits every variant alike.
  for (let round = 0; round < rounds; round++) {
    bash.push(runBash());
    nodeSpawns.push(await runNodeSpawns());
    full.push(await runBascule(round, "full"));
    normal.push(await runBascule(round, "normal"));
    const cliMs = runBuiltCli(round);
    if (cliMs !== undefined) cli.push(cliMs);
  }
  const bashMs = median(bash);
  const fullMs = median(full.map((r) => r.runMs));
  const normalMs = median(normal.map((r) => r.runMs));
  const nodeMs = median(nodeSpawns);
  const perStep = (ms: number) => (ms / steps).toFixed(2);
  console.log(`${steps} steps (phases of ${perPhase}) whose command is \`true\`; median of ${rounds} interleaved rounds; in ${root}`);
  console.log(`bash loop (bash -c true each):          ${bashMs.toFixed(0)} ms (${perStep(bashMs)} ms per step)`);
  console.log(`bascule run (runPlan, durable journal):  ${fullMs.toFixed(0)} ms (${perStep(fullMs)} ms per step)`);
  console.log(`ratio bascule / bash:                    ${(fullMs / bashMs).toFixed(2)}x`);
  console.log(`engine overhead per step:                ${perStep(fullMs - bashMs)} ms (target: at most 2 ms)`);
  console.log(`  of which Node's own spawn cost:        ${perStep(nodeMs - bashMs)} ms (a bare child_process.spawn loop of the same commands: ${perStep(nodeMs)} ms per step)`);
  console.log(`  of which fsync of journal commits:     ${perStep(fullMs - normalMs)} ms (same run with synchronous=NORMAL: ${perStep(normalMs - bashMs)} ms overhead per step)`);
  console.log(`  the rest (decisions, SQLite, output):  ${perStep(normalMs - nodeMs)} ms`);
  if (cli.length > 0) {
    const cliMs = median(cli);
    console.log(`bascule run, the built CLI as a process: ${cliMs.toFixed(0)} ms (${perStep(cliMs)} ms per step, Node start-up included)`);
    console.log(`  overhead per step, as users run it:    ${perStep(cliMs - bashMs)} ms (ratio ${(cliMs / bashMs).toFixed(2)}x)`);
  } else {
    console.log("bascule run, the built CLI as a process: skipped (run `npm run build` first)");
  }
  console.log(`journal events per step:                 ${((full[0]?.events ?? 0) / steps).toFixed(2)} (${full[0]?.events} events)`);
  console.log(`engine process memory after the runs:    ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB resident (a fork copies its page tables: spawn cost grows with it)`);
  console.log(`loading and linting the plan (not in the run time): ${median(full.map((r) => r.openMs)).toFixed(0)} ms`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
