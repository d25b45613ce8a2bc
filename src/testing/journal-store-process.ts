// A separate process working on a SQLite state store, for the crash and concurrency tests.
//   append <db> <runId> <writer> <batches (0 = until killed)> <max batch size>
//     prints one line per appended batch: the last seq it was given
//   lock <db> <plans> <runId>
//     tries to take the locks of plan-0 … plan-<plans - 1>, printing "<plan> <kind>" for each
// Each prints "ready" once the store is open and starts when a line arrives on stdin, so a
// test can release several processes at the same moment.
import { once } from "node:events";
import { hostname } from "node:os";
import { createInterface } from "node:readline";
import type { JournalEvent } from "../engine/journal-event.js";
import { openSqliteJournalStore } from "../adapters/sqlite/sqlite-journal-store.js";

const [command, path, ...rest] = process.argv.slice(2);
if (path === undefined) throw new TypeError("usage: journal-store-process.ts append|lock <db> …");
const store = openSqliteJournalStore(path);
const lines = createInterface({ input: process.stdin });
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
    const now = new Date().toISOString();
    const holder = { host: hostname(), pid: process.pid, runId, since: now, heartbeat: now };
    const attempt = await store.acquireLock(`plan-${plan}`, { holder, leaseMs: 60_000, nowMs: Date.now(), isHolderGone: () => false });
    process.stdout.write(`plan-${plan} ${attempt.kind}\n`);
  }
}
await store.close();
