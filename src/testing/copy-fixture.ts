import Database from "better-sqlite3";
import { join } from "node:path";
import { buildPhase, buildPlan, buildStep, fixtureScripts, type RunFixture, writeRunFixture } from "./run-fixture.js";

export interface CopyFixtureOptions {
  /** Rows of `src` (ids 1..rows). */
  readonly rows: number;
  /** The migration's `execution_plan`, e.g. a small batch and a rate limit to make it slow. */
  readonly executionPlan: Readonly<Record<string, unknown>>;
  /** STEP-1-1's commands; none by default. */
  readonly commands?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * A plan whose migration DM-SLOW copies `src` into `dst` in one SQLite file (data.db). `dst` has no
 * unique key, so a batch written twice shows as a duplicate.
 */
export function writeCopyFixture(options: CopyFixtureOptions): RunFixture {
  const step = buildStep("STEP-1-1", options.commands === undefined ? {} : { execution_details: { commands: [...options.commands] } });
  const fixture = writeRunFixture({
    plan: buildPlan([buildPhase("PHASE-1", [step])], {
      data_migration: {
        migrations: [
          {
            migration_id: "DM-SLOW",
            source: { system: "DB", tables: ["src"] },
            target: { system: "DB", tables: ["dst"] },
            transformation_logic: { code_location: "copy.sql" },
            execution_plan: options.executionPlan,
          },
        ],
      },
    }),
    files: { ...fixtureScripts, "copy.sql": "INSERT INTO dst SELECT id, v FROM src WHERE id BETWEEN :batch_start AND :batch_end" },
    bindings: { systems: { DB: { url: "sqlite:data.db" } } },
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  const db = new Database(join(fixture.dir, "data.db"));
  db.exec("CREATE TABLE src (id INTEGER PRIMARY KEY, v TEXT); CREATE TABLE dst (id INTEGER, v TEXT)");
  const insert = db.prepare("INSERT INTO src VALUES (?, ?)");
  db.transaction(() => {
    for (let id = 1; id <= options.rows; id++) insert.run(id, `v${id}`);
  })();
  db.close();
  return fixture;
}

/** Rows and distinct keys in `dst`. */
export function countCopied(fixture: Pick<RunFixture, "dir">): { rows: number; keys: number } {
  const db = new Database(join(fixture.dir, "data.db"), { readonly: true });
  try {
    return db.prepare("SELECT count(*) AS rows, count(DISTINCT id) AS keys FROM dst").get() as { rows: number; keys: number };
  } finally {
    db.close();
  }
}
