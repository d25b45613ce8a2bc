// Many crash trials (see src/testing/crash-harness.ts), then races of two `bascule run` on one
// plan (src/testing/crash/race-trial.ts): counts of kills, in-doubt resolutions, race outcomes
// and violations, never timings. Run: npm run bench:crash
//   CRASH_TRIALS (default 300), CRASH_SEED (default: random, printed), CRASH_CONCURRENCY (default 2),
//   CRASH_RACES (default 200), CRASH_LAUNCHER=tsx to start bascule through the tsx loader instead
//   of transpiled sources.
import { prepareBasculeLauncher } from "../../src/testing/crash/bascule-launcher.js";
import { runRaceTrials, summarizeRaces } from "../../src/testing/crash/race-trial.js";
import { runCrashTrials, summarizeCampaign } from "../../src/testing/crash-harness.js";

const trials = Number(process.env.CRASH_TRIALS ?? 300);
const baseSeed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const concurrency = Number(process.env.CRASH_CONCURRENCY ?? 2);
const races = Number(process.env.CRASH_RACES ?? 200);
const launcher = prepareBasculeLauncher();

console.log(`${trials} crash trials from seed ${baseSeed}, ${concurrency} at a time`);
let done = 0;
const campaign = await runCrashTrials({
  trials,
  baseSeed,
  concurrency,
  launcher,
  onTrial: (report) => {
    done++;
    if (report.violations.length > 0) {
      console.log(`trial seed ${report.seed} FAILED (reproduce: CRASH_SEED=${report.seed} CRASH_TRIALS=1), kept in ${report.dir}`);
      for (const violation of report.violations) console.log(`  ${violation}`);
    }
    if (done % 50 === 0) console.log(`${done}/${trials} trials`);
  },
});
const summary = summarizeCampaign(campaign);
console.log(`reference run: ${campaign.reference.events} events`);
console.log(`trials: ${summary.trials}, failed: ${summary.failed}`);
console.log(`kills: ${summary.kills}, process starts: ${summary.processStarts}`);
console.log(`in-doubt steps resolved as rerun by the operator: ${summary.resolutions}; re-run automatically (idempotent): ${summary.automaticReruns}`);
console.log(`max events in one journal: ${summary.maxEvents}`);
console.log("where the kills landed (the last event they left):");
for (const [point, count] of Object.entries(summary.killPoints).sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(5)}  ${point}`);

console.log(`${races} races of two bascule run on one plan, ${concurrency} at a time`);
const raceReports = await runRaceTrials({
  trials: races,
  concurrency,
  launcher,
  onTrial: (report) => {
    if (report.violations.length > 0) {
      console.log(`race ${report.trial} FAILED, kept in ${report.dir}`);
      for (const violation of report.violations) console.log(`  ${violation}`);
    }
  },
});
const raceSummary = summarizeRaces(raceReports);
console.log(`races: ${raceSummary.races}, failed: ${raceSummary.failed}`);
console.log("how the racers ended:");
for (const [outcome, count] of Object.entries(raceSummary.outcomes).sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(5)}  ${outcome}`);
process.exitCode = summary.failed > 0 || raceSummary.failed > 0 ? 1 : 0;
