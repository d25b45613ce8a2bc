import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../testing/run-cli-captured.js";
import { countCopied, writeCopyFixture } from "../../testing/copy-fixture.js";
import { removeRunFixtures, type RunFixture } from "../../testing/run-fixture.js";

afterAll(removeRunFixtures);

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const ROWS = 300;

// A slow backfill (10 rows a batch, 10 batches a second), so there is time to pause, resume and cancel it.
const writeSlowFixture = (): RunFixture => writeCopyFixture({ rows: ROWS, executionPlan: { batch_size: 10, rate_limit: "10 batches/second" } });
const targetRows = countCopied;

/** `bascule data run` as a real process, with its output read line by line. */
function startDataRun(fixture: RunFixture): { child: ChildProcessWithoutNullStreams; waitFor: (pattern: RegExp) => Promise<string>; output: () => string } {
  const child = spawn(process.execPath, ["--import", tsxLoader, join(repoRoot, "scripts/bascule-dev.ts"), "data", "run", fixture.plan, "DM-SLOW"], {
    cwd: fixture.dir,
    env: { ...process.env, NO_COLOR: "1" },
  });
  let text = "";
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (stderr += chunk));
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    text += chunk;
    for (const waiter of [...waiters]) {
      const match = waiter.pattern.exec(text);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match[0]);
      }
    }
  });
  return {
    child,
    output: () => text,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const match = pattern.exec(text);
        if (match) return resolve(match[0]);
        // A guard against a hung process, so the failure shows what it printed.
        const timer = setTimeout(() => reject(new Error(`no ${pattern} in:\n${text}${stderr}`)), 20_000);
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            return resolve(line);
          },
        });
      }),
  };
}

describe("bascule data pause, resume and cancel", () => {
  it("holds a running backfill between batches, lets it go on, stops it, and a rerun finishes it exactly once", async () => {
    const fixture = writeSlowFixture();
    const run = startDataRun(fixture);
    await run.waitFor(/DM-SLOW: \d+ \/ 300 rows/);

    const paused = await fixture.bascule("data", "pause", fixture.plan, "DM-SLOW", "--as", "olivia");
    expect(paused.stdout).toContain("pause requested");
    await run.waitFor(/paused: paused by olivia@\S+; bascule data resume DM-SLOW goes on/);
    const heldAt = targetRows(fixture).rows;
    await new Promise((resolve) => setTimeout(resolve, 600));
    // Six batch slots went by while paused: none of them ran.
    expect(targetRows(fixture).rows).toBe(heldAt);
    expect(heldAt).toBeLessThan(ROWS);

    await fixture.bascule("data", "resume", fixture.plan, "DM-SLOW");
    await run.waitFor(/DM-SLOW resumed after \d+s/);
    await fixture.bascule("data", "cancel", fixture.plan, "DM-SLOW", "--as", "olivia");
    const [exitCode] = (await once(run.child, "exit")) as [number];
    expect(exitCode).toBe(3);
    expect(run.output()).toMatch(/DM-SLOW cancelled by olivia@\S+ after \d+ batches/);
    const cancelledAt = targetRows(fixture);
    expect(cancelledAt.rows).toBeGreaterThan(heldAt);
    expect(cancelledAt.rows).toBeLessThan(ROWS);

    // An old cancel does not stop the next run: running again is the request to go on.
    const rerun = await fixture.bascule("data", "run", fixture.plan, "DM-SLOW", "--json");
    expect(rerun.exitCode).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ outcome: "completed", rows_done: ROWS, rows_total: ROWS });
    expect(targetRows(fixture)).toEqual({ rows: ROWS, keys: ROWS });
  }, 60_000);
});
