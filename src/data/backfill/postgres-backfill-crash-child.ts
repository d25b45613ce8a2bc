// Run by postgres-backfill-crash.test.ts as a separate process that the test kills with SIGKILL.
// Usage: postgres-backfill-crash-child.ts <database url> <schema> <with-data | after-data-unsafe>
import { runPostgresBackfill } from "./postgres-backfill.js";

const [url, schema, placement] = process.argv.slice(2);
if (url === undefined || schema === undefined || (placement !== "with-data" && placement !== "after-data-unsafe")) {
  process.stderr.write("usage: postgres-backfill-crash-child.ts <database url> <schema> <with-data | after-data-unsafe>\n");
  process.exit(2);
}

const outcome = await runPostgresBackfill({
  connectionString: url,
  migrationId: `crash-${schema}`,
  sourceTable: `${schema}.src`,
  keyColumns: ["id"],
  sql: `INSERT INTO ${schema}.dst (id, payload) SELECT id, payload FROM ${schema}.src WHERE id BETWEEN :batch_start AND :batch_end`,
  batchSize: 100,
  workers: 2,
  checkpointPlacement: placement,
  // Writes to a pipe are synchronous on Linux, so the test sees each batch as it commits.
  onProgress: (progress) => process.stdout.write(`batch ${String(progress.batchesDone)}\n`),
});
process.stdout.write(`${outcome.kind}\n`);
