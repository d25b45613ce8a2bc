import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DataMigration } from "../../plan/schema/plan-schema.js";
import { DataMigrationError } from "./data-migration-error.js";
import { readBackfillSettings } from "./run-data-migration.js";

const planDir = mkdtempSync(join(tmpdir(), "bascule-data-settings-"));
afterAll(() => rmSync(planDir, { recursive: true, force: true }));
mkdirSync(join(planDir, "sql"));
writeFileSync(join(planDir, "sql", "copy.sql"), "INSERT INTO b SELECT * FROM a WHERE id BETWEEN :batch_start AND :batch_end");

function migration(fields: Partial<DataMigration>): DataMigration {
  return { migration_id: "DM-1", ...fields } as DataMigration;
}

describe("readBackfillSettings", () => {
  it("prefers a .sql execution_script over code_location, and keeps the batch settings", () => {
    const settings = readBackfillSettings(
      migration({
        execution_plan: { batch_size: 500, max_parallel_workers: 4, rate_limit: "200 batches/minute", execution_script: "sql/copy.sql" },
        transformation_logic: { code_location: "src/transform.py" },
      }),
      planDir,
    );
    expect(settings).toEqual({
      sqlFile: "sql/copy.sql",
      sql: "INSERT INTO b SELECT * FROM a WHERE id BETWEEN :batch_start AND :batch_end",
      batchSize: 500,
      workers: 4,
      rateLimit: "200 batches/minute",
    });
  });

  it("falls back to code_location when execution_script is not a .sql file", () => {
    const settings = readBackfillSettings(
      migration({ execution_plan: { batch_size: 10, execution_script: "scripts/run.sh" }, transformation_logic: { code_location: "sql/copy.sql" } }),
      planDir,
    );
    expect(settings.sqlFile).toBe("sql/copy.sql");
  });

  it("refuses a .sql file that a symlink leads out of the plan's folder", () => {
    symlinkSync(process.execPath, join(planDir, "sql", "escape.sql"));
    const read = () => readBackfillSettings(migration({ execution_plan: { batch_size: 10, execution_script: "sql/escape.sql" } }), planDir);
    expect(read).toThrow(DataMigrationError);
    expect(read).toThrow(`the transformation "sql/escape.sql" is outside the plan's folder`);
  });

  it.each([
    [{ execution_plan: { batch_size: 10 } }, "has no .sql transformation"],
    [{ execution_plan: { execution_script: "sql/copy.sql" } }, "needs execution_plan.batch_size"],
    [{ execution_plan: { batch_size: 0, execution_script: "sql/copy.sql" } }, "needs execution_plan.batch_size"],
    [{ execution_plan: { batch_size: 10, rate_limit: "fast", execution_script: "sql/copy.sql" } }, 'execution_plan.rate_limit "fast"'],
    [{ execution_plan: { batch_size: 10, execution_script: "sql/missing.sql" } }, 'the transformation "sql/missing.sql" does not exist'],
  ] as const)("refuses %j", (fields, message) => {
    expect(() => readBackfillSettings(migration(fields as Partial<DataMigration>), planDir)).toThrow(message);
  });
});
