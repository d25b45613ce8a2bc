import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runKilledChild, seededRandom } from "../../testing/kill-backfill-child.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const child = fileURLToPath(new URL("./backfill-crash-child.ts", import.meta.url));
const SOURCE_ROWS = 50_000;
const MIN_KILLS = 20;

type Placement = "with-data" | "after-data-unsafe";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bascule-backfill-crash-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function seedDatabase(path: string): void {
  const db = new Database(path);
  // Ids with gaps; the target has no unique key, so a batch written twice stays visible.
  db.exec("CREATE TABLE src (id INTEGER PRIMARY KEY, payload TEXT); CREATE TABLE dst (id INTEGER, payload TEXT)");
  const insert = db.prepare("INSERT INTO src VALUES (?, ?)");
  db.transaction(() => {
    for (let i = 1; i <= SOURCE_ROWS; i++) insert.run(i * 3 + (i % 2), `row ${String(i)}`);
  })();
  db.close();
}

/** Compares copies per key: source keys missing from the target, and keys there more than once. */
function findCopyErrors(path: string): { missing: number; duplicated: number; unexpected: number } {
  const db = new Database(path, { readonly: true });
  try {
    const counts = new Map<number, number>();
    for (const row of db.prepare("SELECT id, count(*) AS n FROM dst GROUP BY id").iterate() as Iterable<{ id: number; n: number }>) {
      counts.set(row.id, row.n);
    }
    let missing = 0;
    let duplicated = 0;
    for (const id of db.prepare("SELECT id FROM src").pluck().iterate() as Iterable<number>) {
      const n = counts.get(id) ?? 0;
      if (n === 0) missing += 1;
      if (n > 1) duplicated += 1;
      counts.delete(id);
    }
    return { missing, duplicated, unexpected: counts.size };
  } finally {
    db.close();
  }
}

function runChild(path: string, placement: Placement, killAfter: number, delayMs: number): Promise<"killed" | "completed"> {
  return runKilledChild(child, [path, placement], killAfter, delayMs);
}

/** Kills and restarts the backfill until it completes; returns how many times it was killed. */
async function backfillThroughKills(path: string, placement: Placement, seed: number): Promise<number> {
  const random = seededRandom(seed);
  let kills = 0;
  for (let run = 0; run < 400; run++) {
    const killAfter = 1 + Math.floor(random() * 3);
    const delayMs = Math.floor(random() * 4);
    if ((await runChild(path, placement, killAfter, delayMs)) === "completed") return kills;
    kills += 1;
  }
  throw new Error("the backfill did not complete in 400 runs");
}

describe("a backfill killed with SIGKILL at random points", () => {
  it("loses no row and duplicates none, across at least 20 kills", async () => {
    const path = join(dir, "app.db");
    seedDatabase(path);
    const kills = await backfillThroughKills(path, "with-data", 20_261_125);
    expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
    expect(findCopyErrors(path)).toEqual({ missing: 0, duplicated: 0, unexpected: 0 });
  }, 240_000);

  it("catches a checkpoint committed after the data instead of with it", async () => {
    // The same kills and checker over the broken variant must fail at least one trial, or the
    // test above would pass whatever the engine did.
    const trials: { kills: number; errors: ReturnType<typeof findCopyErrors> }[] = [];
    for (let trial = 0; trial < 3; trial++) {
      const path = join(dir, `broken-${String(trial)}.db`);
      seedDatabase(path);
      const kills = await backfillThroughKills(path, "after-data-unsafe", 20_261_125 + trial);
      trials.push({ kills, errors: findCopyErrors(path) });
      if (trials.some((t) => t.errors.duplicated > 0 || t.errors.missing > 0)) break;
    }
    expect(trials.every((t) => t.kills >= MIN_KILLS)).toBe(true);
    expect(trials.some((t) => t.errors.duplicated > 0 || t.errors.missing > 0)).toBe(true);
  }, 600_000);
});
