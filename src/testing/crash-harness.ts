// Kills `bascule run` with SIGKILL at random moments of a multi-phase plan, resumes it the way
// an operator would, and checks the journal and the world against a run that never crashed.
// Used by src/app/run/crash-resume.test.ts and bench/engine/crash-bench.ts. Its other case, two
// processes racing to run one plan, is in crash/race-trial.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { foldJournal } from "../engine/fold-journal.js";
import { type BasculeLauncher, prepareBasculeLauncher, startBascule } from "./crash/bascule-launcher.js";
import { writeCrashPlan } from "./crash/crash-plan.js";
import { describeKillPoint, describeTrace, findViolations, type JournalSnapshot, readJournal } from "./crash/journal-invariants.js";

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
export async function runCrashTrials(options: {
  trials: number;
  baseSeed: number;
  concurrency?: number;
  launcher?: BasculeLauncher;
  onTrial?: (report: TrialReport) => void;
}): Promise<CrashCampaign> {
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
export function summarizeCampaign(campaign: CrashCampaign): {
  trials: number;
  kills: number;
  resolutions: number;
  automaticReruns: number;
  processStarts: number;
  maxEvents: number;
  failed: number;
  killPoints: Record<string, number>;
} {
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
