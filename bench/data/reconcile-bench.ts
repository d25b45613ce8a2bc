// Reconciliation of two PostgreSQL tables of --rows rows (default 5,000,000) against baselines
// measured in the same run, on the same tables:
//   (a) one differing row: reconcileTables vs ONE hash pass over both tables
//       (sum of the first 8 bytes of md5(row::text)); target <= 3x. Also shown: a pass of our
//       own canonical checksum over both tables.
//   (b) 1,000 and (c) 50,000 differing rows (changed, missing, extra mixed): reconcileTables vs
//       streaming both sides in key order through server-side cursors and comparing; target <= 1.5x.
// Two PostgreSQL tables of one kind are compared natively (PostgreSQL's own row text); each
// scenario is also timed on the canonical path alone, the one a SQLite side forces, for scale.
// Every run checks that the reported differences are exactly the planted ones.
// Run: npm run bench:data:reconcile -- [--url postgres://…] [--rows N] [--runs N]
//   The URL defaults to BASCULE_TEST_PG_URL; a fresh database is created on it and dropped after.
// Compare the ratios, not the absolute times: they depend on the machine's load.
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { PostgresTableSource } from "../../src/data/reconcile/postgres-table-source.js";
import { reconcileTables, type ReconcileResult } from "../../src/data/reconcile/reconcile-tables.js";
import type { Difference } from "../../src/data/reconcile/difference-log.js";
import type { TableSource } from "../../src/data/reconcile/table-source.js";
import { openTestPostgres } from "../../src/testing/test-postgres.js";

const { values: args } = parseArgs({
  options: { url: { type: "string" }, rows: { type: "string", default: "5000000" }, runs: { type: "string", default: "3" } },
});
const url = args.url ?? process.env.BASCULE_TEST_PG_URL;
if (url === undefined || url === "") {
  process.stderr.write("reconcile-bench needs a PostgreSQL server: pass --url postgres://user:pass@host/db or set BASCULE_TEST_PG_URL\n");
  process.exit(2);
}
const rows = Number(args.rows);
const runs = Number(args.runs);
const COLUMNS = ["name", "amount", "ratio", "created_at", "flag"];
const FETCH_ROWS = 10_000;

interface Scenario {
  readonly name: string;
  readonly target: string;
  readonly planted: readonly Difference[];
  readonly baseline: "hash pass" | "cursor streaming";
  readonly goal: number;
}

/** `count` keys spread over the table by a multiplicative hash (a bijection mod rows), sorted. */
function spreadIndexes(count: number, salt: number): number[] {
  const picked = new Set<number>();
  for (let k = 1; picked.size < count; k++) picked.add(Number((BigInt(k + salt) * 2654435761n) % BigInt(rows)) + 1);
  return [...picked].sort((a, b) => a - b);
}

/** Source ids are 2, 4, …, 2·rows; extra rows take the odd id just after a source row. */
function plant(count: number): { sql: string; planted: Difference[] } {
  const changed: number[] = [];
  const missing: number[] = [];
  const extra: number[] = [];
  spreadIndexes(count, count).forEach((index, k) => [changed, missing, extra][count === 1 ? 0 : k % 3]!.push(index * 2));
  const sql = [
    changed.length > 0 ? `UPDATE {t} SET name = name || '!' WHERE id = ANY('{${changed.join(",")}}'::bigint[])` : "",
    missing.length > 0 ? `DELETE FROM {t} WHERE id = ANY('{${missing.join(",")}}'::bigint[])` : "",
    extra.length > 0 ? `INSERT INTO {t} SELECT id + 1, name, amount, ratio, created_at, flag FROM {t} WHERE id = ANY('{${extra.join(",")}}'::bigint[])` : "",
  ]
    .filter((statement) => statement !== "")
    .join("; ");
  const planted: Difference[] = [
    ...changed.map((id) => ({ key: id, kind: "changed" as const })),
    ...missing.map((id) => ({ key: id, kind: "missing" as const })),
    ...extra.map((id) => ({ key: id + 1, kind: "extra" as const })),
  ].sort((a, b) => (a.key as number) - (b.key as number));
  return { sql, planted };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const counts = rows >= 1_000_000 ? [1, 1_000, 50_000] : [1, Math.max(3, Math.round(rows / 5000)), Math.max(3, Math.round(rows / 100))];
  log(`reconcile-bench: ${rows.toLocaleString("en")} rows per table, ${runs} runs, columns id bigint pk, ${COLUMNS.join(", ")}`);
  const setup = await timed(async () => {
    await pool.query(`CREATE TABLE source (id bigint PRIMARY KEY, name text NOT NULL, amount numeric(12,2), ratio float8, created_at timestamptz, flag boolean)`);
    await pool.query(`INSERT INTO source SELECT 2 * i, 'customer ' || i, (i % 100000) * 0.01, i / 7.0,
      timestamptz '2020-01-01 00:00:00+00' + i * interval '1.5 second', i % 3 = 0 FROM generate_series(1, ${rows}) AS i`);
  });
  const scenarios: Scenario[] = [];
  for (const [index, count] of counts.entries()) {
    const target = `target_${index + 1}`;
    const { sql, planted } = plant(count);
    await pool.query(`CREATE TABLE ${target} (LIKE source INCLUDING ALL); INSERT INTO ${target} SELECT * FROM source; ${sql.replaceAll("{t}", target)}`);
    const name = `(${"abc"[index]}) ${count.toLocaleString("en")} differing row${count === 1 ? "" : "s"}`;
    scenarios.push({ name, target, planted, baseline: index === 0 ? "hash pass" : "cursor streaming", goal: index === 0 ? 3 : 1.5 });
  }
  for (const table of ["source", ...scenarios.map((scenario) => scenario.target)]) await pool.query(`VACUUM ANALYZE ${table}`);
  log(`setup: ${(setup.ms / 1000).toFixed(1)} s for the source, then ${scenarios.length} targets copied, changed and vacuumed`);

  const times = new Map<string, { baseline: number[]; canonical: number[]; reconcile: number[]; canonicalReconcile: number[]; stats?: ReconcileResult["stats"] }>();
  for (let run = 1; run <= runs; run++) {
    for (const scenario of scenarios) {
      const entry = times.get(scenario.name) ?? { baseline: [], canonical: [], reconcile: [], canonicalReconcile: [] };
      times.set(scenario.name, entry);
      // Alternate which goes first, so a warm cache or a noisy neighbour favours neither.
      const order = run % 2 === 1 ? ["baseline", "reconcile"] : ["reconcile", "baseline"];
      for (const what of order) {
        if (what === "baseline") {
          const baseline = await timed(() => (scenario.baseline === "hash pass" ? hashPass(scenario.target) : streamByCursors(scenario)));
          entry.baseline.push(baseline.ms);
          if (scenario.baseline === "hash pass") entry.canonical.push((await timed(() => canonicalPass(scenario.target))).ms);
        } else {
          const result = await timed(() => reconcile(scenario.target));
          checkDifferences(scenario, result.value);
          entry.reconcile.push(result.ms);
          entry.stats = result.value.stats;
          const canonical = await timed(() => reconcile(scenario.target, { canonicalOnly: true }));
          checkDifferences(scenario, canonical.value);
          entry.canonicalReconcile.push(canonical.ms);
        }
      }
      log(`run ${run} ${scenario.name}: baseline ${(entry.baseline.at(-1)! / 1000).toFixed(2)} s, reconcile ${(entry.reconcile.at(-1)! / 1000).toFixed(2)} s`);
    }
  }

  log("");
  log("scenario                       baseline (median)             reconcile   ratio   goal    verdict");
  log("(ratio: median of the per-run ratios, each run's pair measured back to back)");
  let missed = 0;
  for (const scenario of scenarios) {
    const entry = times.get(scenario.name)!;
    const [baseline, reconcileMs] = [median(entry.baseline), median(entry.reconcile)];
    const ratio = median(entry.reconcile.map((ms, run) => ms / entry.baseline[run]!));
    if (ratio > scenario.goal) missed++;
    log(
      `${scenario.name.padEnd(30)} ${`${scenario.baseline} ${(baseline / 1000).toFixed(2)} s`.padEnd(29)} ${`${(reconcileMs / 1000).toFixed(2)} s`.padStart(9)}` +
        `   ${ratio.toFixed(2).padStart(5)}   <= ${scenario.goal}   ${ratio <= scenario.goal ? "PASS" : "MISS"}`,
    );
    if (entry.canonical.length > 0) {
      const canonical = median(entry.canonical);
      log(
        `${"".padEnd(30)} our canonical checksum pass ${(canonical / 1000).toFixed(2)} s (${(canonical / baseline).toFixed(2)}x the hash pass); reconcile = ${(reconcileMs / canonical).toFixed(2)}x it`,
      );
    }
    const canonicalPath = median(entry.canonicalReconcile);
    const canonicalRatio = median(entry.canonicalReconcile.map((ms, run) => ms / entry.baseline[run]!));
    log(`${"".padEnd(30)} canonical path only (as against SQLite): ${(canonicalPath / 1000).toFixed(2)} s, ${canonicalRatio.toFixed(2)}x the baseline`);
    log(`${"".padEnd(30)} stats ${JSON.stringify(entry.stats)}`);
  }
  log(missed === 0 ? "all targets met" : `${missed} target(s) missed`);
}

async function reconcile(target: string, { canonicalOnly = false } = {}): Promise<ReconcileResult> {
  const source = new PostgresTableSource({ pool, table: "source", keyColumns: ["id"] });
  const other = new PostgresTableSource({ pool, table: target, keyColumns: ["id"] });
  const sides = canonicalOnly ? [withoutNativeComparison(source), withoutNativeComparison(other)] : [source, other];
  return reconcileTables(sides[0]!, sides[1]!, { acceptanceRatio: 0, maxDifferences: 100_000 });
}

/** The source as a side of another engine sees it: canonical checksums and rows only. */
function withoutNativeComparison(source: PostgresTableSource): TableSource {
  return {
    keyColumns: source.keyColumns,
    listColumns: () => source.listColumns(),
    countRows: () => source.countRows(),
    countKeys: (range) => source.countKeys(range),
    splitRange: (range, parts) => source.splitRange(range, parts),
    checksumRange: (range, columns) => source.checksumRange(range, columns),
    readRange: (range, columns, limit) => source.readRange(range, columns, limit),
  };
}

function checkDifferences(scenario: Scenario, result: ReconcileResult): void {
  const found = JSON.stringify(result.differences);
  if (found !== JSON.stringify(scenario.planted) || result.difference_count !== scenario.planted.length) {
    throw new Error(`${scenario.name}: reconcileTables reported ${result.difference_count} differences, not the ${scenario.planted.length} planted: ${found.slice(0, 500)}`);
  }
}

/** The baseline of (a): one md5 pass over each table's rows as text, summed without overflow. */
async function hashPass(target: string): Promise<void> {
  for (const table of ["source", target]) {
    await pool.query(`SELECT sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint::numeric) FROM ${table} AS t`);
  }
}

/** Our own checksum of every row of both tables, for scale. */
async function canonicalPass(target: string): Promise<void> {
  for (const table of ["source", target]) {
    await new PostgresTableSource({ pool, table, keyColumns: ["id"] }).checksumRange({}, COLUMNS);
  }
}

/**
 * The baseline of (b) and (c): both tables read in key order through server-side cursors,
 * FETCH_ROWS at a time on two connections at once, merged and compared row text by row text.
 */
async function streamByCursors(scenario: Scenario): Promise<void> {
  const clients = [await pool.connect(), await pool.connect()] as const;
  try {
    const cursors = ["source", scenario.target].map((table, side) => new CursorReader(clients[side]!, table));
    await Promise.all(cursors.map((cursor) => cursor.open()));
    const [left, right] = cursors as [CursorReader, CursorReader];
    let differences = 0;
    for (;;) {
      if (left.exhausted || right.exhausted) await Promise.all([left.fill(), right.fill()]);
      const [a, b] = [left.peek(), right.peek()];
      if (a === undefined && b === undefined) break;
      const order = a === undefined ? 1 : b === undefined ? -1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
      if (order !== 0 || a![1] !== b![1]) differences++;
      if (order <= 0) left.next();
      if (order >= 0) right.next();
    }
    await Promise.all(cursors.map((cursor) => cursor.close()));
    if (differences !== scenario.planted.length) throw new Error(`${scenario.name}: the streaming baseline found ${differences} differences, not ${scenario.planted.length}`);
  } finally {
    for (const client of clients) client.release();
  }
}

class CursorReader {
  #rows: [bigint, string][] = [];
  #index = 0;
  #done = false;
  constructor(
    readonly client: pg.PoolClient,
    readonly table: string,
  ) {}

  async open(): Promise<void> {
    await this.client.query("BEGIN");
    await this.client.query(`DECLARE bench_cursor NO SCROLL CURSOR FOR SELECT t.id, t::text FROM ${this.table} AS t ORDER BY t.id`);
  }

  /** True when the buffer is read out and the cursor may hold more. */
  get exhausted(): boolean {
    return this.#index >= this.#rows.length && !this.#done;
  }

  async fill(): Promise<void> {
    if (!this.exhausted) return;
    const result = await this.client.query<[string, string]>({ text: `FETCH ${FETCH_ROWS} FROM bench_cursor`, rowMode: "array" });
    this.#rows = result.rows.map(([id, text]) => [BigInt(id), text]);
    this.#index = 0;
    this.#done = result.rows.length < FETCH_ROWS;
  }

  peek(): [bigint, string] | undefined {
    return this.#rows[this.#index];
  }

  next(): void {
    this.#index++;
  }

  async close(): Promise<void> {
    await this.client.query("COMMIT");
  }
}

// Last, so the classes above are initialised before the run uses them.
const database = await openTestPostgres({ BASCULE_TEST_PG_URL: url });
const pool = new pg.Pool({ connectionString: database.url, max: 4 });
try {
  await main();
} finally {
  await pool.end();
  await database.close();
}
