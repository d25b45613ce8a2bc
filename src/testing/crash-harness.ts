// Kills `bascule run` with SIGKILL at random moments of a multi-phase plan, resumes it the way
// an operator would, and checks the journal and the world against a run that never crashed.
// Used by src/app/run/crash-resume.test.ts and bench/engine/crash-bench.ts.
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { openSqliteJournalStore } from "../adapters/sqlite/sqlite-journal-store.js";
import { foldJournal } from "../engine/fold-journal.js";
import { type ActionStarted, formatScope } from "../engine/journal-event.js";
import type { JournalRecord, RunSummary } from "../ports/journal-store.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** How a real `bascule` process starts: node, then these arguments, then the command line. */
export interface BasculeLauncher {
  readonly kind: "transpiled" | "tsx";
  readonly args: readonly string[];
}

/**
 * `transpiled` (the default) compiles the sources once, type-stripped, into
 * node_modules/.cache, so each start costs plain Node (~0.15 s) instead of Node with the tsx
 * loader (~0.4 s); no `npm run build` is involved. `tsx` runs scripts/bascule-dev.ts as is.
 */
export function prepareBasculeLauncher(kind: BasculeLauncher["kind"] = process.env.CRASH_LAUNCHER === "tsx" ? "tsx" : "transpiled"): BasculeLauncher {
  if (kind === "tsx") {
    const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    return { kind, args: ["--import", loader, join(repoRoot, "scripts", "bascule-dev.ts")] };
  }
  return { kind, args: [transpileSources()] };
}

function transpileSources(): string {
  const sources = listSources(join(repoRoot, "src"));
  const hash = createHash("sha256");
  for (const file of sources) hash.update(file).update(readFileSync(file));
  const cacheDir = join(repoRoot, "node_modules", ".cache", "bascule-crash-harness");
  const outDir = join(cacheDir, hash.digest("hex").slice(0, 16));
  const entry = join(outDir, "bascule.js");
  if (existsSync(entry)) return entry;
  const building = `${outDir}.${process.pid}.tmp`;
  for (const file of sources) {
    const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    const out = join(building, relative(repoRoot, file).replace(/\.ts$/, ".js"));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  // cli/main.ts reads its version from ../../package.json.
  writeFileSync(join(building, "package.json"), readFileSync(join(repoRoot, "package.json")));
  writeFileSync(join(building, "bascule.js"), 'import { runCli } from "./src/cli/main.js";\nprocess.exitCode = await runCli(process.argv.slice(2));\n');
  try {
    renameSync(building, outDir);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another process built the same sources first
  }
  for (const old of readdirSync(cacheDir)) {
    const path = join(cacheDir, old);
    if (path !== outDir && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
  return entry;
}

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listSources(join(dir, e.name)) : /(?<!\.test)\.ts$/.test(e.name) ? [join(dir, e.name)] : []))
    .sort();
}

/** The plan a trial runs, in its own folder: 3 phases of 4 steps, gates without approvals. */
export interface CrashPlan {
  readonly dir: string;
  readonly planPath: string;
  readonly statePath: string;
  readonly ledgerPath: string;
  readonly stepIds: readonly string[];
  readonly gateIds: readonly string[];
  /** What each step runs, as ledger keys: `command:0`, `validation-script`. */
  readonly stepActions: ReadonlyMap<string, readonly string[]>;
}

const ledgerLine = (owner: string, action: string) => `echo "${owner} ${action} pid=$$" >> ledger.txt`;

/**
 * Writes the plan. Every command, script and bound check appends `<step or gate> <action>
 * pid=<pid>` to ledger.txt as it starts, so the harness can count what really ran. Steps
 * 1 and 3 of each phase are idempotent (`x-idempotent`, the bindings' `idempotent_steps`);
 * steps 2 and 4 are not, so a crash inside them pauses the run until `bascule resolve`.
 */
export function writeCrashPlan(dir: string, phases = 3, stepsPerPhase = 4): CrashPlan {
  const stepActions = new Map<string, string[]>();
  const gateIds: string[] = [];
  const bindingsIdempotent: string[] = [];
  const checks: string[] = [];
  const yaml = [
    'metadata: { version: "1.0.0", created_date: "2025-01-01T00:00:00Z", migration_name: "Crash harness", migration_status: planned }',
    'migration_overview: { name: "Crash harness", description: "Small commands in three phases", objective: "Survive SIGKILL anywhere", approach: phased }',
    "migration_phases:",
  ];
  for (let p = 1; p <= phases; p++) {
    const gateId = `GATE-${p}`;
    gateIds.push(gateId);
    yaml.push(`  - phase_id: "PHASE-${p}"`, `    name: "Phase ${p}"`, `    order: ${p}`);
    if (p > 1) yaml.push(`    start_condition: ["GATE-${p - 1} passed"]`);
    yaml.push("    steps:");
    for (let s = 1; s <= stepsPerPhase; s++) {
      const stepId = `STEP-${p}-${s}`;
      const commands = s === 2 ? 2 : 1;
      stepActions.set(stepId, [...Array.from({ length: commands }, (_, i) => `command:${i}`), "validation-script"]);
      yaml.push(`      - step_id: "${stepId}"`, `        name: "Step ${p}.${s}"`, `        order: ${s}`);
      if (s === 1) yaml.push("        x-idempotent: true");
      if (s === 3) bindingsIdempotent.push(stepId);
      yaml.push("        execution_details:", "          commands:");
      for (let i = 0; i < commands; i++) yaml.push(`            - '${ledgerLine("$BASCULE_STEP_ID", `command:${i}`)} && sleep 0.0${1 + ((p + s + i) % 3)}'`);
      yaml.push(
        '        validation: { validation_script: "scripts/validate-step.sh" }',
        '        rollback_procedure: { can_rollback: true, rollback_script: "scripts/rollback-step.sh" }',
      );
    }
    const check = `Phase ${p} ledger is consistent`;
    checks.push(`  "${check}": '${ledgerLine(gateId, "check")} && sleep 0.01 && test -s ledger.txt'`);
    yaml.push(
      "    validation_gate:",
      `      gate_id: "${gateId}"`,
      `      name: "Gate ${p}"`,
      `      criteria: ["STEP-${p}-${stepsPerPhase} successful", "${check}"]`,
      "      approval_required: false",
      "      failure_response: block",
    );
  }
  yaml.push("success_criteria:", `  technical_success: [{ criterion: "GATE-${phases} passed" }]`);
  mkdirSync(join(dir, "scripts"), { recursive: true });
  writeFileSync(join(dir, "migration-strategy.yaml"), `${yaml.join("\n")}\n`);
  writeFileSync(join(dir, "bascule.config.yaml"), `idempotent_steps: [${bindingsIdempotent.map((id) => `"${id}"`).join(", ")}]\nchecks:\n${checks.join("\n")}\n`);
  const scripts = {
    // A step succeeds only if its commands really left their mark.
    "validate-step.sh": `${ledgerLine("$BASCULE_STEP_ID", "validation-script")}\ngrep -q "^$BASCULE_STEP_ID command:" ledger.txt\n`,
    "rollback-step.sh": `${ledgerLine("$BASCULE_STEP_ID", "rollback-script")}\n`,
  };
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(dir, "scripts", name), `#!/usr/bin/env bash\ncd "$BASCULE_PLAN_DIR"\n${body}`);
    chmodSync(join(dir, "scripts", name), 0o755);
  }
  return {
    dir,
    planPath: join(dir, "migration-strategy.yaml"),
    statePath: join(dir, ".bascule", "state.db"),
    ledgerPath: join(dir, "ledger.txt"),
    stepIds: [...stepActions.keys()],
    gateIds,
    stepActions,
  };
}

interface ProcessEnd {
  readonly exitCode: number | null;
  readonly killed: boolean;
  readonly durationMs: number;
  readonly output: string;
}

/** Starts `bascule` in the plan's folder; with `killAfterMs`, SIGKILLs it then if it still runs. */
function startBascule(launcher: BasculeLauncher, argv: readonly string[], cwd: string, killAfterMs?: number): Promise<ProcessEnd> {
  const started = performance.now();
  const child = spawn(process.execPath, [...launcher.args, ...argv], { cwd, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code, killed: signal === "SIGKILL", durationMs: performance.now() - started, output: output.slice(-2000) });
    });
  });
}

/** The state store as a fresh process finds it: every run, the latest one's journal, SQLite's own check. */
export interface JournalSnapshot {
  readonly runs: readonly RunSummary[];
  readonly records: readonly JournalRecord[];
  readonly integrity: string;
}

export async function readJournal(plan: CrashPlan): Promise<JournalSnapshot> {
  const store = openSqliteJournalStore(plan.statePath);
  try {
    const runs = await store.listRuns();
    const records = runs[0] === undefined ? [] : await store.read(runs[0].runId);
    const db = new Database(plan.statePath, { fileMustExist: true });
    const integrity = String(db.pragma("quick_check", { simple: true }));
    db.close();
    return { runs, records, integrity };
  } finally {
    await store.close();
  }
}

/** What a run did, without what a crash may change (resumes, in-doubt handling, action ids, timings). */
export function describeTrace(records: readonly JournalRecord[], plan: CrashPlan): string[] {
  const trace: string[] = [];
  for (const { event } of records) {
    if (event.kind === "phase.started" || event.kind === "phase.completed" || event.kind === "phase.failed") trace.push(`${event.kind} ${event.phaseId}`);
    else if (event.kind === "step.succeeded" || event.kind === "step.failed" || event.kind === "step.skipped") trace.push(`${event.kind} ${event.stepId}`);
    else if (event.kind === "gate.started" || event.kind === "gate.passed" || event.kind === "gate.failed") trace.push(`${event.kind} ${event.gateId}`);
    else if (event.kind === "check.evaluated") trace.push(`check ${formatScope(event.scope)} ${event.site} ${event.verdict}`);
    else if (event.kind === "rollback.started" || event.kind === "rollback.finished") trace.push(event.kind);
    else if (event.kind === "run.finished") trace.push(`run.finished ${event.status}`);
  }
  const state = foldJournal(records);
  for (const id of plan.stepIds) trace.push(`final step ${id} ${state.steps.get(id)?.status ?? "pending"}`);
  for (const id of plan.gateIds) trace.push(`final gate ${id} ${state.gates.get(id)?.status ?? "pending"}`);
  trace.push(`final run ${state.status}`);
  return trace;
}

/** The ledger key of an action: who it belongs to and what it runs. */
function ledgerKey(started: ActionStarted): string {
  const { scope, action } = started;
  const owner = scope.kind === "step" ? scope.stepId : scope.kind === "gate" ? scope.gateId : scope.kind === "rollback" ? (scope.stepId ?? "rollback") : formatScope(scope);
  const what = action.kind === "command" ? `command:${action.index}` : action.kind === "script" ? `${action.role}-script` : action.kind;
  return `${owner} ${what}`;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * The invariants of a journal after crashes, against the ledger of what really ran: events
 * numbered 1..n, action ids unique and finished at most once, every execution announced by
 * an `action.started`, and a step started again only when a `step.resolved` rerun says so.
 */
export function findViolations(snapshot: JournalSnapshot, plan: CrashPlan): string[] {
  const violations: string[] = [];
  const { records } = snapshot;
  if (snapshot.integrity !== "ok") violations.push(`SQLite quick_check: ${snapshot.integrity}`);
  if (snapshot.runs.length !== 1) violations.push(`expected one run in the store, found ${snapshot.runs.length}`);
  records.forEach((r, i) => {
    if (r.seq !== i + 1) violations.push(`event ${i + 1} is numbered ${r.seq}`);
  });
  if (records[0]?.event.kind !== "run.created") violations.push(`the journal starts with ${records[0]?.event.kind ?? "nothing"}, not run.created`);
  const started = records.flatMap((r) => (r.event.kind === "action.started" ? [r.event] : []));
  for (const [id, n] of countBy(started, (a) => a.actionId)) if (n > 1) violations.push(`action ${id} started ${n} times under one id`);
  const startSeq = new Map(records.flatMap((r) => (r.event.kind === "action.started" ? [[r.event.actionId, r.seq] as const] : [])));
  const finished = records.flatMap((r) => (r.event.kind === "action.finished" ? [{ id: r.event.actionId, seq: r.seq }] : []));
  for (const [id, n] of countBy(finished, (f) => f.id)) if (n > 1) violations.push(`action ${id} finished ${n} times`);
  for (const f of finished) if (!((startSeq.get(f.id) ?? Infinity) < f.seq)) violations.push(`action ${f.id} finished (event ${f.seq}) without starting before`);

  const ledger = existsSync(plan.ledgerPath) ? readFileSync(plan.ledgerPath, "utf8").split("\n").filter(Boolean) : [];
  const executions = countBy(ledger, (line) => line.replace(/ pid=\d+$/, ""));
  const announced = countBy(started, ledgerKey);
  for (const [key, n] of executions) {
    if (n > (announced.get(key) ?? 0)) violations.push(`${key} ran ${n} times but the journal announced it ${announced.get(key) ?? 0} times`);
  }
  const state = foldJournal(records);
  for (const stepId of plan.stepIds) {
    const ofStep = records.filter((r) => "stepId" in r.event && r.event.stepId === stepId);
    const attempts = ofStep.filter((r) => r.event.kind === "step.started").length;
    const reruns = ofStep.filter((r) => r.event.kind === "step.resolved" && r.event.as === "rerun").length;
    if (attempts > 1 + reruns) violations.push(`${stepId} started ${attempts} times with ${reruns} rerun resolutions`);
    const succeededAt = ofStep.find((r) => r.event.kind === "step.succeeded")?.seq;
    const after = records.filter((r) => succeededAt !== undefined && r.seq > succeededAt && ((r.event.kind === "step.started" && r.event.stepId === stepId) || (r.event.kind === "action.started" && r.event.scope.kind === "step" && r.event.scope.stepId === stepId)));
    if (after.length > 0) violations.push(`${stepId} ran again after it succeeded (event ${after[0]?.seq}: ${after[0]?.event.kind})`);
    for (const action of plan.stepActions.get(stepId) ?? []) {
      const key = `${stepId} ${action}`;
      if ((announced.get(key) ?? 0) > attempts) violations.push(`${key} started ${announced.get(key)} times in ${attempts} attempts`);
      if (state.steps.get(stepId)?.status === "succeeded" && (executions.get(key) ?? 0) === 0) violations.push(`${stepId} succeeded but ${action} never ran`);
    }
  }
  return violations;
}

/** Where a kill landed: the last event it left in the journal. */
function describeKillPoint(snapshot: JournalSnapshot): string {
  const last = snapshot.records.at(-1)?.event;
  if (last === undefined) return snapshot.runs.length === 0 ? "before the run was created" : "after the run's row, before run.created";
  if (last.kind === "action.started") return `mid-action (${last.action.kind}, ${last.scope.kind})`;
  return `after ${last.kind}`;
}

export interface ReferenceRun {
  readonly trace: readonly string[];
  /** Start to exit of the `bascule run` process, the span kill times are drawn from. */
  readonly durationMs: number;
  readonly events: number;
}

/**
 * Runs the plan `concurrency` times at once, never killed (as loaded as the trials will be),
 * after one warm-up run, and returns its trace and how long a run takes.
 */
export async function runReference(launcher: BasculeLauncher, concurrency = 1): Promise<ReferenceRun> {
  const once = async () => {
    const plan = writeCrashPlan(mkdtempSync(join(tmpdir(), "bascule-crash-ref-")));
    try {
      const end = await startBascule(launcher, ["run", plan.planPath, "--as", "crash-harness"], plan.dir);
      const snapshot = await readJournal(plan);
      const violations = findViolations(snapshot, plan);
      if (end.exitCode !== 0 || violations.length > 0) throw new Error(`the reference run failed (exit ${end.exitCode}): ${violations.join("; ")}\n${end.output}`);
      return { trace: describeTrace(snapshot.records, plan), durationMs: end.durationMs, events: snapshot.records.length };
    } finally {
      rmSync(plan.dir, { recursive: true, force: true });
    }
  };
  await once();
  const runs = await Promise.all(Array.from({ length: concurrency }, once));
  const traces = new Set(runs.map((r) => JSON.stringify(r.trace)));
  if (traces.size !== 1) throw new Error("reference runs of the same plan disagree");
  const first = runs[0] as ReferenceRun;
  return { ...first, durationMs: runs.reduce((sum, r) => sum + r.durationMs, 0) / runs.length };
}

export interface TrialReport {
  readonly seed: number;
  readonly kills: number;
  readonly killPoints: readonly string[];
  /** `bascule resolve --as rerun` given for steps the run paused on. */
  readonly resolutions: number;
  /** In-doubt idempotent steps the engine re-ran by itself. */
  readonly automaticReruns: number;
  readonly processStarts: number;
  readonly events: number;
  readonly violations: readonly string[];
  /** Kept when a violation was found, for a look at the journal and the ledger. */
  readonly dir?: string;
}

/** mulberry32: a small seeded generator, so a failing trial's kill times can be drawn again. */
export function createSeededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One trial: run the plan, SIGKILL it once or twice at moments drawn from the reference
 * run's span, resume with `bascule run`, resolve in-doubt steps as `rerun` when the run
 * pauses on one, until it completes; then check the invariants and compare the trace.
 */
export async function runCrashTrial(launcher: BasculeLauncher, reference: ReferenceRun, seed: number): Promise<TrialReport> {
  const random = createSeededRandom(seed);
  const plannedKills = random() < 0.5 ? 1 : 2;
  const delays = Array.from({ length: plannedKills }, () => random() * reference.durationMs);
  const plan = writeCrashPlan(mkdtempSync(join(tmpdir(), "bascule-crash-")));
  const violations: string[] = [];
  const killPoints: string[] = [];
  let resolutions = 0;
  let processStarts = 0;
  let snapshot: JournalSnapshot | undefined;
  for (let attempt = 0; attempt < 12 && violations.length === 0; attempt++) {
    const killAfter = killPoints.length < plannedKills ? delays[killPoints.length] : undefined;
    const end = await startBascule(launcher, ["run", plan.planPath, "--as", "crash-harness"], plan.dir, killAfter);
    processStarts++;
    try {
      snapshot = await readJournal(plan);
    } catch (error) {
      violations.push(`the journal does not open after ${end.killed ? "a kill" : `exit ${end.exitCode}`}: ${(error as Error).message}`);
      break;
    }
    const status = snapshot.runs[0]?.status;
    if (end.killed) killPoints.push(describeKillPoint(snapshot));
    if (status === "completed" && (end.killed || end.exitCode === 0)) break;
    if (end.killed) continue;
    const waiting = foldJournal(snapshot.records).waitingFor;
    if (end.exitCode === 3 && waiting?.kind === "in-doubt") {
      const resolved = await startBascule(launcher, ["resolve", plan.planPath, waiting.stepId, "--as", "rerun", "--by", "crash-harness"], plan.dir);
      processStarts++;
      resolutions++;
      if (resolved.exitCode !== 0) violations.push(`bascule resolve ${waiting.stepId} --as rerun exited ${resolved.exitCode}: ${resolved.output}`);
      continue;
    }
    violations.push(`bascule run exited ${end.exitCode} (run ${status ?? "missing"}, waiting for ${waiting?.kind ?? "nothing"}): ${end.output}`);
  }
  if (snapshot !== undefined && violations.length === 0) {
    violations.push(...findViolations(snapshot, plan));
    const trace = describeTrace(snapshot.records, plan);
    const diff = trace.findIndex((line, i) => line !== reference.trace[i]);
    if (diff >= 0 || trace.length !== reference.trace.length) {
      const at = diff >= 0 ? diff : Math.min(trace.length, reference.trace.length);
      violations.push(`trace differs from the uncrashed run at line ${at}: got ${JSON.stringify(trace[at])}, expected ${JSON.stringify(reference.trace[at])}`);
    }
  }
  const records = snapshot?.records ?? [];
  const kept = violations.length > 0;
  if (!kept) rmSync(plan.dir, { recursive: true, force: true });
  return {
    seed,
    kills: killPoints.length,
    killPoints,
    resolutions,
    automaticReruns: records.filter((r) => r.event.kind === "step.resolved" && r.event.automatic).length,
    processStarts,
    events: records.length,
    violations,
    ...(kept ? { dir: plan.dir } : {}),
  };
}

export interface CrashCampaign {
  readonly baseSeed: number;
  readonly reference: ReferenceRun;
  readonly trials: readonly TrialReport[];
}

/** Trials with seeds `baseSeed`, `baseSeed + 1`, …, `concurrency` at a time. */
export async function runCrashTrials(options: { trials: number; baseSeed: number; concurrency?: number; launcher?: BasculeLauncher; onTrial?: (report: TrialReport) => void }): Promise<CrashCampaign> {
  const launcher = options.launcher ?? prepareBasculeLauncher();
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const reference = await runReference(launcher, concurrency);
  const trials: TrialReport[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.trials) {
      const report = await runCrashTrial(launcher, reference, (options.baseSeed + next++) >>> 0);
      trials.push(report);
      options.onTrial?.(report);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { baseSeed: options.baseSeed, reference, trials: trials.sort((a, b) => a.seed - b.seed) };
}

/** Counts for a campaign, no timings: what a bench prints and a test can assert on. */
export function summarizeCampaign(campaign: CrashCampaign): { trials: number; kills: number; resolutions: number; automaticReruns: number; processStarts: number; maxEvents: number; failed: number; killPoints: Record<string, number> } {
  const t = campaign.trials;
  const sum = (f: (r: TrialReport) => number) => t.reduce((s, r) => s + f(r), 0);
  const killPoints: Record<string, number> = {};
  for (const point of t.flatMap((r) => r.killPoints)) killPoints[point] = (killPoints[point] ?? 0) + 1;
  return {
    trials: t.length,
    kills: sum((r) => r.kills),
    resolutions: sum((r) => r.resolutions),
    automaticReruns: sum((r) => r.automaticReruns),
    processStarts: sum((r) => r.processStarts),
    maxEvents: Math.max(0, ...t.map((r) => r.events)),
    failed: t.filter((r) => r.violations.length > 0).length,
    killPoints,
  };
}
