// A separate process working on a SQLite state store, for the crash and concurrency tests.
//   append <db> <runId> <writer> <batches (0 = until killed)> <max batch size>
//     prints one line per appended batch: the last seq it was given
//   lock <db> <plans> <runId>
//     tries to take the locks of plan-0 … plan-<plans - 1>, printing "<plan> <kind>" for each
//   open <dir> <rounds> <runId>
//     for each line on stdin, opens the fresh store <dir>/db-<round>/state.db and takes its
//     lock, printing "<round> <kind>", or "<round> error <message>" when that failed
// Each prints "ready" (`append` and `lock` once their store is open) and starts when a line
// arrives on stdin, so a test can release several processes at the same moment.
import { once } from "node:events";
import { hostname } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { JournalEvent } from "../engine/journal-event.js";
import { openSqliteJournalStore } from "../adapters/sqlite/sqlite-journal-store.js";
import type { JournalStore } from "../ports/journal-store.js";

const [command, path, ...rest] = process.argv.slice(2);
if (path === undefined) throw new TypeError("usage: journal-store-process.ts append|lock|open <db> …");
const lines = createInterface({ input: process.stdin });

const holderNow = (runId: string) => {
  const now = new Date().toISOString();
  return { host: hostname(), pid: process.pid, runId, since: now, heartbeat: now };
};
const lockPlan = (store: JournalStore, planKey: string, runId: string) =>
  store.acquireLock(planKey, { holder: holderNow(runId), leaseMs: 60_000, nowMs: Date.now(), isHolderGone: () => false });

if (command === "open") {
  const [roundsText = "1", runId = ""] = rest;
  const released = lines[Symbol.asyncIterator]();
  process.stdout.write("ready\n");
  for (let round = 0; round < Number(roundsText); round++) {
    await released.next();
    let outcome: string;
    try {
      const fresh = openSqliteJournalStore(join(path, `db-${round}`, "state.db"));
      outcome = (await lockPlan(fresh, "plan-0", runId)).kind;
      await fresh.close();
    } catch (error) {
      outcome = `error ${(error as Error).message}`;
    }
    process.stdout.write(`${round} ${outcome}\n`);
  }
  lines.close();
} else {
  const store = openSqliteJournalStore(path);
  process.stdout.write("ready\n");
  await once(lines, "line");
  lines.close();
  if (command === "append") {
    const [runId = "", writer = "", batchesText = "0", maxBatchText = "1"] = rest;
    const batches = Number(batchesText) || Number.POSITIVE_INFINITY;
    const maxBatch = Number(maxBatchText);
    for (let batch = 0; batch < batches; batch++) {
      const size = 1 + (batch % maxBatch);
      const events = Array.from({ length: size }, (_, index) => ({ kind: "test.appended", writer, batch, index, size }) as unknown as JournalEvent);
      const records = await store.append(runId, events, new Date().toISOString());
      process.stdout.write(`${records.at(-1)?.seq}\n`);
    }
  } else if (command === "lock") {
    const [plansText = "1", runId = ""] = rest;
    for (let plan = 0; plan < Number(plansText); plan++) {
      process.stdout.write(`plan-${plan} ${(await lockPlan(store, `plan-${plan}`, runId)).kind}\n`);
    }
  }
  await store.close();
}
