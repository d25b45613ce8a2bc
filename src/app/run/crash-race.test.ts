import { describe, expect, it } from "vitest";
import { prepareBasculeLauncher } from "../../testing/crash/bascule-launcher.js";
import { runRaceTrials, summarizeRaces } from "../../testing/crash/race-trial.js";

// SEMANTICS section 7: one run at a time, across processes. Two `bascule run` of one plan
// started together, on a store neither has created yet: one runs every step once, the other
// is told who holds the lock or that the run completed. RACE_TRIALS=200 to race more.
const trials = Number(process.env.RACE_TRIALS ?? 20);

describe("two bascule run processes racing on one plan", () => {
  it(`run it once between them, and the other is told why (${trials} races)`, async () => {
    const reports = await runRaceTrials({ trials, launcher: prepareBasculeLauncher() });
    console.log(JSON.stringify(summarizeRaces(reports)));
    const failures = reports.filter((r) => r.violations.length > 0).map((r) => `race ${r.trial} (kept in ${r.dir}): ${r.violations.join("; ")}`);
    expect(failures).toEqual([]);
  }, 600_000);
});
