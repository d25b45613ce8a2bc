import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { batchSizeRule } from "./batch-size.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [batchSizeRule] }).diagnostics);

const plan = (fields: string) => `data_migration:
  migrations:
    - migration_id: M1
      execution_plan:
${fields}`;

describe("batch-size", () => {
  it("accepts the spec's example, which has no data migration", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("accepts a sound execution plan", () => {
    expect(lint(plan("        batch_size: 1000\n        parallel_execution: true\n        max_parallel_workers: 4\n"))).toEqual([]);
  });

  it("flags a batch size of zero", () => {
    expect(lint(plan("        batch_size: 0\n"))).toEqual([
      'error batch-size 5:21 batch_size 0 of migration "M1" must be above 0, or no record is ever copied; set the number of records per batch',
    ]);
  });

  it("flags fewer than one worker", () => {
    expect(lint(plan("        batch_size: 10\n        parallel_execution: true\n        max_parallel_workers: 0\n"))).toEqual([
      'error batch-size 7:31 max_parallel_workers 0 of migration "M1" must be at least 1, or no batch ever runs; set it to 1 or more',
    ]);
  });

  it("warns when parallel execution names no worker count", () => {
    expect(lint(plan("        batch_size: 10\n        parallel_execution: true\n"))).toEqual([
      'warning batch-size 6:29 migration "M1" sets parallel_execution: true without max_parallel_workers, which defaults to 1 worker; set max_parallel_workers',
    ]);
  });

  it("warns when workers are given but parallel execution is off", () => {
    expect(lint(plan("        parallel_execution: false\n        max_parallel_workers: 8\n"))).toEqual([
      'warning batch-size 6:31 max_parallel_workers 8 of migration "M1" has no effect while parallel_execution is false; set parallel_execution: true or max_parallel_workers: 1',
    ]);
  });
});
