// Two real `bascule run` processes started together on one plan whose steps finish at once:
// exactly one of them runs it, each step exactly once; the other is told who holds the lock,
// or that the run already completed, and never sees SQLite's own "database is locked".
// Used by src/app/run/crash-race.test.ts and bench/engine/crash-bench.ts.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BasculeLauncher, type ProcessEnd, startBascule } from "./bascule-launcher.js";
import { findViolations, readJournal } from "./journal-invariants.js";
import { writeRacePlan } from "./race-plan.js";

/** How one racing process ended, told apart by its exit code and what it printed. */
export type RaceOutcome = "ran" | "lock-held" | "already-completed" | "database-locked" | "other";

export interface RaceReport {
  readonly trial: number;
  /** The two racers' outcomes, in the order they were started. */
  readonly outcomes: readonly [RaceOutcome, RaceOutcome];
  readonly violations: readonly string[];
  /** Kept when a violation was found, for a look at the journal and the ledger. */
  readonly dir?: string;
}

const lockHeld = /another run holds this plan's lock: run \S+, pid \d+ on \S+/;
const alreadyCompleted = /run \S+ completed at \d{4}-\d\d-\d\dT/;

export function classifyRacer(end: ProcessEnd): RaceOutcome {
  if (/database is locked/i.test(end.output)) return "database-locked";
  if (end.exitCode === 1 && lockHeld.test(end.output)) return "lock-held";
  if (end.exitCode === 0 && alreadyCompleted.test(end.output)) return "already-completed";
  return end.exitCode === 0 ? "ran" : "other";
}

/**
 * One trial: a fresh plan folder (no state store yet, so the racers also race to create
 * it), two `bascule run` started at the same moment, then a third once both ended, which
 * must find the run completed and run nothing.
 */
export async function runRaceTrial(launcher: BasculeLauncher, trial: number): Promise<RaceReport> {
  const plan = writeRacePlan(mkdtempSync(join(tmpdir(), "bascule-race-")));
  const argv = ["run", plan.planPath, "--as", "race-harness"];
  const ends = await Promise.all([startBascule(launcher, argv, plan.dir), startBascule(launcher, argv, plan.dir)]);
  const outcomes = ends.map(classifyRacer) as [RaceOutcome, RaceOutcome];
  const violations: string[] = [];
  ends.forEach((end, i) => {
    if (outcomes[i] === "database-locked" || outcomes[i] === "other") violations.push(`racer ${i + 1} exited ${end.exitCode}: ${end.output.trim()}`);
  });
  const ran = outcomes.filter((o) => o === "ran").length;
  if (ran !== 1) violations.push(`${ran} of the two racers ran the plan (${outcomes.join(", ")})`);

  const ledger = () => (existsSync(plan.ledgerPath) ? readFileSync(plan.ledgerPath, "utf8").split("\n").filter(Boolean) : []);
  const executed = ledger();
  for (const stepId of plan.stepIds) {
    const times = executed.filter((line) => line.startsWith(`${stepId} `)).length;
    if (times !== 1) violations.push(`${stepId} ran ${times} times`);
  }
  const snapshot = await readJournal(plan);
  violations.push(...findViolations(snapshot, plan));
  if (snapshot.runs[0]?.status !== "completed") violations.push(`the run is ${snapshot.runs[0]?.status ?? "missing"}, not completed`);

  const again = await startBascule(launcher, argv, plan.dir);
  if (classifyRacer(again) !== "already-completed") violations.push(`a later bascule run exited ${again.exitCode} instead of saying the run completed: ${again.output.trim()}`);
  const after = await readJournal(plan);
  if (after.runs.length !== snapshot.runs.length || after.records.length !== snapshot.records.length) {
    violations.push(
      `a later bascule run wrote to the store (${after.runs.length} runs, ${after.records.length} events; before: ${snapshot.runs.length}, ${snapshot.records.length})`,
    );
  }
  if (ledger().length !== executed.length) violations.push("a later bascule run executed steps again");

  const kept = violations.length > 0;
  if (!kept) rmSync(plan.dir, { recursive: true, force: true });
  return { trial, outcomes, violations, ...(kept ? { dir: plan.dir } : {}) };
}

/** `trials` races, `concurrency` at a time; each race is two processes. */
export async function runRaceTrials(options: { trials: number; concurrency?: number; launcher: BasculeLauncher; onTrial?: (report: RaceReport) => void }): Promise<RaceReport[]> {
  const reports: RaceReport[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.trials) {
      const report = await runRaceTrial(options.launcher, next++);
      reports.push(report);
      options.onTrial?.(report);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker));
  return reports.sort((a, b) => a.trial - b.trial);
}

/** How often each outcome of the losing side occurred, and how many races failed. */
export function summarizeRaces(reports: readonly RaceReport[]): { races: number; failed: number; outcomes: Record<string, number> } {
  const outcomes: Record<string, number> = {};
  for (const outcome of reports.flatMap((r) => r.outcomes)) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  return { races: reports.length, failed: reports.filter((r) => r.violations.length > 0).length, outcomes };
}
