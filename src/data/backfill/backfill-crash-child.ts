// Run by backfill-crash.test.ts as a separate process that the test kills with SIGKILL.
// Usage: backfill-crash-child.ts <db path> <with-data | after-data-unsafe>
import { runSqliteBackfill } from "./sqlite-backfill.js";

const [dbPath, placement] = process.argv.slice(2);
if (dbPath === undefined || (placement !== "with-data" && placement !== "after-data-unsafe")) {
  process.stderr.write("usage: backfill-crash-child.ts <db path> <with-data | after-data-unsafe>\n");
  process.exit(2);
}

const outcome = await runSqliteBackfill({
  targetPath: dbPath,
  migrationId: "crash",
  sourceTable: "src",
  keyColumns: ["id"],
  sql: "INSERT INTO dst (id, payload) SELECT id, payload FROM src WHERE id BETWEEN :batch_start AND :batch_end",
  batchSize: 500,
  checkpointPlacement: placement,
  // Writes to a pipe are synchronous on Linux, so the test sees each batch as it commits.
  onProgress: (progress) => process.stdout.write(`batch ${String(progress.batchesDone)}\n`),
});
process.stdout.write(`${outcome.kind}\n`);
