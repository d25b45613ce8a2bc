// Many crash trials (see src/testing/crash-harness.ts): counts of kills, in-doubt resolutions
// and violations, never timings. Run: npm run bench:crash
//   CRASH_TRIALS (default 300), CRASH_SEED (default: random, printed), CRASH_CONCURRENCY (default 2),
//   CRASH_LAUNCHER=tsx to start bascule through the tsx loader instead of transpiled sources.
import { runCrashTrials, summarizeCampaign } from "../../src/testing/crash-harness.js";

const trials = Number(process.env.CRASH_TRIALS ?? 300);
const baseSeed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const concurrency = Number(process.env.CRASH_CONCURRENCY ?? 2);

console.log(`${trials} crash trials from seed ${baseSeed}, ${concurrency} at a time`);
let done = 0;
const campaign = await runCrashTrials({
  trials,
  baseSeed,
  concurrency,
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
process.exitCode = summary.failed > 0 ? 1 : 0;
