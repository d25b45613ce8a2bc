import { spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { prepareBasculeLauncher } from "../../testing/crash/bascule-launcher.js";
import { writeCrashPlan } from "../../testing/crash/crash-plan.js";
import { describeTrace, findViolations, readJournal } from "../../testing/crash/journal-invariants.js";
import { runCrashTrials, summarizeCampaign } from "../../testing/crash-harness.js";

// SEMANTICS section 6: a SIGKILL anywhere loses nothing, runs no succeeded step again, and the
// resumed run ends where an uninterrupted one would. Seeds make a failing trial's kill times
// drawable again: CRASH_SEED=<seed> CRASH_TRIALS=1 npx vitest run src/app/run/crash-resume.test.ts
const trials = Number(process.env.CRASH_TRIALS ?? 50);
const baseSeed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe("bascule run killed with SIGKILL and resumed", () => {
  it(`keeps the journal whole and ends like an uncrashed run (${trials} trials)`, async () => {
    console.log(`crash trials: ${trials} from seed ${baseSeed} (CRASH_SEED=${baseSeed} to draw them again)`);
    const campaign = await runCrashTrials({ trials, baseSeed, concurrency: Number(process.env.CRASH_CONCURRENCY ?? 2) });
    const summary = summarizeCampaign(campaign);
    console.log(JSON.stringify(summary));
    const failures = campaign.trials
      .filter((t) => t.violations.length > 0)
      .map((t) => `seed ${t.seed} (CRASH_SEED=${t.seed} CRASH_TRIALS=1; kept in ${t.dir}; kills: ${t.killPoints.join(", ")}): ${t.violations.join("; ")}`);
    expect(failures).toEqual([]);
    // The trials must have crashed something, or the checks above prove nothing.
    if (trials >= 20) {
      expect(summary.kills).toBeGreaterThanOrEqual(trials / 2);
      expect(Object.keys(summary.killPoints).some((point) => point.startsWith("mid-action"))).toBe(true);
      expect(summary.resolutions).toBeGreaterThan(0);
      expect(summary.automaticReruns).toBeGreaterThan(0);
    }
  }, 600_000);

  it("the checks catch a step run twice, a lost event and a different ending", async () => {
    const launcher = prepareBasculeLauncher();
    const plan = writeCrashPlan(mkdtempSync(join(tmpdir(), "bascule-crash-check-")));
    try {
      const run = spawnSync(process.execPath, [...launcher.args, "run", plan.planPath, "--as", "crash-harness"], { cwd: plan.dir, encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
      const snapshot = await readJournal(plan);
      expect(findViolations(snapshot, plan)).toEqual([]);

      const lost = { ...snapshot, records: snapshot.records.filter((r) => r.seq !== 5) };
      expect(findViolations(lost, plan)).toContain("event 5 is numbered 6");
      const ended = { ...snapshot, records: snapshot.records.slice(0, -1) };
      expect(describeTrace(ended.records, plan)).not.toEqual(describeTrace(snapshot.records, plan));

      appendFileSync(plan.ledgerPath, "STEP-2-2 command:1 pid=1\n");
      expect(findViolations(snapshot, plan)).toEqual(["STEP-2-2 command:1 ran 2 times but the journal announced it 1 times"]);
    } finally {
      rmSync(plan.dir, { recursive: true, force: true });
    }
  }, 60_000);
});
