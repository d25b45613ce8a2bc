// The backfill engines' throughput against the fastest way to move the same rows: one
// `INSERT INTO dst SELECT ...` in a single transaction, measured in the same run, in interleaved
// rounds, medians compared. Targets (batch 10k): PostgreSQL with 1 worker >= 65% of the single
// statement, with 2 workers >= 95%; SQLite >= 55%; each engine at --rows >= 90% of its own
// throughput at --small-rows (no slowdown as the table grows).
// Run: npm run bench:data:backfill -- [--rows 5000000] [--small-rows 500000] [--rounds 5]
//      [--batch 10000] [--url postgres://...] [--only sqlite|postgres] [--dir /path]
//   PostgreSQL needs --url or BASCULE_TEST_PG_URL (a role that may create databases); without it
//   only SQLite runs. Compare the ratios, not the absolute times: they depend on the machine.
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { runPostgresBackfill } from "../../src/data/backfill/postgres-backfill.js";
import { runSqliteBackfill } from "../../src/data/backfill/sqlite-backfill.js";
import { openTestPostgres } from "../../src/testing/test-postgres.js";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "5000000" },
    "small-rows": { type: "string" },
    rounds: { type: "string", default: "5" },
    batch: { type: "string", default: "10000" },
    url: { type: "string" },
    only: { type: "string" },
    dir: { type: "string" },
  },
});
const largeRows = Number(args.rows);
const smallRows = Number(args["small-rows"] ?? Math.max(1, Math.floor(largeRows / 10)));
const rounds = Number(args.rounds);
const batchSize = Number(args.batch);
const pgUrl = args.url ?? process.env.BASCULE_TEST_PG_URL;
const TRANSFORM = "INSERT INTO dst SELECT id, upper(name), amount * 2 FROM src WHERE id BETWEEN :batch_start AND :batch_end";
const SINGLE = "INSERT INTO dst SELECT id, upper(name), amount * 2 FROM src";

interface Variant {
  readonly name: string;
  readonly rows: number;
  /** Empties the target and the checkpoints; not timed. */
  readonly reset: () => Promise<void>;
  readonly run: () => Promise<void>;
}

type Timings = Map<string, number[]>;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Runs every variant once per round, the order rotated each round so none always goes first. */
async function measure(variants: readonly Variant[]): Promise<Timings> {
  const timings: Timings = new Map(variants.map((v) => [v.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(i + round) % variants.length];
      if (variant === undefined) continue;
      await variant.reset();
      const started = performance.now();
      await variant.run();
      const ms = performance.now() - started;
      timings.get(variant.name)?.push(ms);
      process.stderr.write(`  round ${String(round + 1)}: ${variant.name} ${ms.toFixed(0)} ms (${Math.round((variant.rows * 1000) / ms).toLocaleString("en-US")} rows/s)\n`);
    }
  }
  return timings;
}

/** A target: the engine's throughput over the baseline's, both measured in this run. */
interface Check {
  readonly label: string;
  readonly engine: string;
  readonly baseline: string;
  readonly target: number;
}
const checks: Check[] = [];
const allTimings: Timings = new Map();
const rowsOf = new Map<string, number>();

/** Throughput from the median time, or from the best (shortest) one. */
function throughput(name: string, pick: "median" | "best"): number {
  const ms = allTimings.get(name) ?? [];
  const time = pick === "median" ? median(ms) : Math.min(...ms);
  return ((rowsOf.get(name) ?? 0) * 1000) / time;
}

function ratio(check: Check, pick: "median" | "best"): number {
  return throughput(check.engine, pick) / throughput(check.baseline, pick);
}

// ---- SQLite -------------------------------------------------------------------------------

const SQLITE_TARGET = "(id INTEGER PRIMARY KEY, name TEXT, amount REAL)";

function seedSqlite(path: string, rows: number): void {
  const db = new Database(path);
  db.exec(`CREATE TABLE src (id INTEGER PRIMARY KEY, name TEXT NOT NULL, amount REAL NOT NULL); CREATE TABLE dst ${SQLITE_TARGET}`);
  db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${String(rows)})
           INSERT INTO src SELECT i, 'name ' || i, (i % 1000) / 10.0 FROM n`);
  db.close();
}

function sqliteVariants(path: string, rows: number, label: string): Variant[] {
  const reset = async (): Promise<void> => {
    const db = new Database(path);
    // A fresh, empty target in a compact file, as a new target table starts out; not timed.
    db.exec(`DROP TABLE dst; DROP TABLE IF EXISTS bascule_backfill_checkpoints; CREATE TABLE dst ${SQLITE_TARGET}; VACUUM`);
    db.close();
  };
  return [
    {
      name: `sqlite ${label} single INSERT...SELECT`,
      rows,
      reset,
      run: async () => {
        const db = new Database(path);
        db.transaction(() => db.exec(SINGLE))();
        db.close();
      },
    },
    {
      name: `sqlite ${label} backfill`,
      rows,
      reset,
      run: async () => {
        await runSqliteBackfill({ targetPath: path, migrationId: "bench", sourceTable: "src", keyColumns: ["id"], sql: TRANSFORM, batchSize });
      },
    },
  ];
}

async function benchSqlite(): Promise<void> {
  const dir = mkdtempSync(join(args.dir ?? tmpdir(), "bascule-backfill-bench-"));
  try {
    const sizes = [
      ["large", largeRows],
      ["small", smallRows],
    ] as const;
    const variants: Variant[] = [];
    for (const [label, rows] of sizes) {
      const path = join(dir, `${label}.db`);
      process.stderr.write(`sqlite: seeding ${rows.toLocaleString("en-US")} rows\n`);
      seedSqlite(path, rows);
      for (const variant of sqliteVariants(path, rows, label)) {
        variants.push(variant);
        rowsOf.set(variant.name, rows);
      }
    }
    for (const [name, ms] of await measure(variants)) allTimings.set(name, ms);
    checks.push({
      label: `SQLite ${largeRows.toLocaleString("en-US")} rows vs single INSERT...SELECT`,
      engine: "sqlite large backfill",
      baseline: "sqlite large single INSERT...SELECT",
      target: 0.55,
    });
    checks.push({
      label: `SQLite throughput at ${largeRows.toLocaleString("en-US")} vs ${smallRows.toLocaleString("en-US")} rows`,
      engine: "sqlite large backfill",
      baseline: "sqlite small backfill",
      target: 0.9,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- PostgreSQL ---------------------------------------------------------------------------

async function seedPostgres(client: pg.Client, schema: string, rows: number): Promise<void> {
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`CREATE TABLE ${schema}.src (id bigint PRIMARY KEY, name text NOT NULL, amount numeric NOT NULL)`);
  await client.query(`CREATE TABLE ${schema}.dst (id bigint PRIMARY KEY, name text, amount numeric)`);
  await client.query(`INSERT INTO ${schema}.src SELECT i, 'name ' || i, (i % 1000) / 10.0 FROM generate_series(1, ${String(rows)}) AS i`);
  await client.query(`VACUUM ANALYZE ${schema}.src`);
}

function postgresVariants(admin: pg.Client, url: string, schema: string, rows: number): Variant[] {
  // Each schema holds its own src and dst; the search_path picks them, as a user's SQL would.
  const schemaUrl = new URL(url);
  schemaUrl.searchParams.set("options", `-c search_path=${schema}`);
  const connectionString = schemaUrl.toString();
  const reset = async (): Promise<void> => {
    await admin.query(`TRUNCATE ${schema}.dst`);
    await admin.query(`DROP TABLE IF EXISTS ${schema}.bascule_backfill_checkpoints`);
    // Flushes the previous run's dirty pages so it does not slow the next one down.
    await admin.query("CHECKPOINT").catch(() => undefined);
  };
  const backfill = (workers: number) => async (): Promise<void> => {
    await runPostgresBackfill({ connectionString, migrationId: "bench", sourceTable: "src", keyColumns: ["id"], sql: TRANSFORM, batchSize, workers });
  };
  return [
    {
      name: `postgres ${schema} single INSERT...SELECT`,
      rows,
      reset,
      run: async () => {
        const client = new pg.Client({ connectionString });
        await client.connect();
        await client.query(SINGLE);
        await client.end();
      },
    },
    { name: `postgres ${schema} backfill 1 worker`, rows, reset, run: backfill(1) },
    { name: `postgres ${schema} backfill 2 workers`, rows, reset, run: backfill(2) },
  ];
}

async function benchPostgres(url: string): Promise<void> {
  const database = await openTestPostgres({ BASCULE_TEST_PG_URL: url });
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  try {
    const variants: Variant[] = [];
    for (const [schema, rows] of [
      ["large", largeRows],
      ["small", smallRows],
    ] as const) {
      process.stderr.write(`postgres: seeding ${rows.toLocaleString("en-US")} rows\n`);
      await seedPostgres(admin, schema, rows);
      for (const variant of postgresVariants(admin, database.url, schema, rows)) {
        variants.push(variant);
        rowsOf.set(variant.name, rows);
      }
    }
    for (const [name, ms] of await measure(variants)) allTimings.set(name, ms);
    const rowsText = largeRows.toLocaleString("en-US");
    for (const [workers, target] of [
      [1, 0.65],
      [2, 0.95],
    ] as const) {
      const name = `backfill ${String(workers)} worker${workers === 1 ? "" : "s"}`;
      checks.push({
        label: `PostgreSQL ${rowsText} rows, ${name} vs single INSERT...SELECT`,
        engine: `postgres large ${name}`,
        baseline: "postgres large single INSERT...SELECT",
        target,
      });
      checks.push({
        label: `PostgreSQL ${name} throughput at ${rowsText} vs ${smallRows.toLocaleString("en-US")} rows`,
        engine: `postgres large ${name}`,
        baseline: `postgres small ${name}`,
        target: 0.9,
      });
    }
  } finally {
    await admin.end();
    await database.close();
  }
}

process.stderr.write(
  `backfill bench: ${largeRows.toLocaleString("en-US")} and ${smallRows.toLocaleString("en-US")} rows, batch ${batchSize.toLocaleString("en-US")}, ${String(rounds)} rounds\n`,
);
if (args.only !== "postgres") await benchSqlite();
if (args.only !== "sqlite") {
  if (pgUrl === undefined || pgUrl === "") process.stderr.write("postgres: skipped (give --url or set BASCULE_TEST_PG_URL)\n");
  else await benchPostgres(pgUrl);
}
console.log(
  `\nload average at the end: ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")} (other work on the machine shows up as spread between rounds)`,
);
console.log("\neach variant (median and best of the rounds):");
for (const [name, ms] of allTimings) {
  const rows = rowsOf.get(name) ?? 0;
  const rate = (time: number): string =>
    Math.round((rows * 1000) / time)
      .toLocaleString("en-US")
      .padStart(10);
  console.log(
    `  ${name.padEnd(38)} ${rows.toLocaleString("en-US").padStart(10)} rows  median ${median(ms).toFixed(0).padStart(6)} ms ${rate(median(ms))} rows/s  best ${Math.min(...ms)
      .toFixed(0)
      .padStart(6)} ms ${rate(Math.min(...ms))} rows/s`,
  );
}
console.log("\nratios (engine throughput / baseline throughput, same run; PASS/MISS on the medians):");
for (const check of checks) {
  const mid = ratio(check, "median");
  const verdict = mid >= check.target ? "PASS" : "MISS";
  const percent = (value: number): string => `${(value * 100).toFixed(1).padStart(6)}%`;
  console.log(`  ${verdict}  median ${percent(mid)}  best ${percent(ratio(check, "best"))}  (target >= ${(check.target * 100).toFixed(0)}%)  ${check.label}`);
}
