// The cost of a durable journal append: synchronous FULL (fsync per commit) against NORMAL.
// Run: node --import tsx bench/engine/journal-append-bench.ts
//   BENCH_DIR picks the disk (the state store lives beside the plan); default: the temp folder.
// Compare the ratio, not the times: they depend on the disk and the machine's load.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openSqliteJournalStore, type SqliteJournalStoreOptions } from "../../src/adapters/sqlite/sqlite-journal-store.js";
import type { JournalEvent } from "../../src/engine/journal-event.js";

const appends = Number(process.env.BENCH_APPENDS ?? 2000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), "bascule-append-bench-"));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function msPerAppend(synchronous: NonNullable<SqliteJournalStoreOptions["synchronous"]>, round: number): Promise<number> {
  const store = openSqliteJournalStore(join(dir, `${synchronous}-${round}.db`), { synchronous });
  await store.createRun({ runId: "run-1", planKey: "bench", planPath: "migration-strategy.yaml", startedAt: new Date().toISOString(), startedBy: "bench" });
  const start = performance.now();
  for (let i = 0; i < appends; i++) {
    const event = { kind: "step.started", stepId: `STEP-${i}`, attempt: 1 } as unknown as JournalEvent;
    await store.append("run-1", [event], new Date().toISOString());
  }
  const elapsed = performance.now() - start;
  await store.close();
  return elapsed / appends;
}

try {
  const full: number[] = [];
  const normal: number[] = [];
  // Interleaved, so a burst of load on the machine hits both settings alike.
  for (let round = 0; round < rounds; round++) {
    full.push(await msPerAppend("full", round));
    normal.push(await msPerAppend("normal", round));
  }
  const fullMs = median(full);
  const normalMs = median(normal);
  console.log(`${appends} single-event appends, median of ${rounds} rounds, in ${dir}`);
  console.log(`synchronous FULL:   ${fullMs.toFixed(3)} ms per append`);
  console.log(`synchronous NORMAL: ${normalMs.toFixed(3)} ms per append`);
  console.log(`FULL / NORMAL:      ${(fullMs / normalMs).toFixed(1)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
