import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { rateLimitFormatRule } from "./rate-limit-format.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [rateLimitFormatRule] }).diagnostics);

const migration = (rate: string) => `data_migration:
  migrations:
    - migration_id: M1
      execution_plan:
        batch_size: 1000
        rate_limit: "${rate}"
`;

describe("rate-limit-format", () => {
  it("accepts the spec's example, which has no data migration", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it.each(["200 batches/minute", "1000 rows per second", "5k rows/sec", "100 rows per 5 seconds"])("accepts %s", (rate) => {
    expect(lint(migration(rate))).toEqual([]);
  });

  it("flags an unknown period", () => {
    expect(lint(migration("200 batches/fortnight"))).toEqual([
      'error rate-limit-format 6:21 rate_limit "200 batches/fortnight" of migration "M1" is not a rate: unknown period "fortnight"; use second, minute or hour, expected a rate like "200 batches/minute" or "1000 rows per second"',
    ]);
  });

  it("flags a limit of zero, which would stall the migration", () => {
    expect(lint(migration("0 rows/second"))).toEqual([
      'error rate-limit-format 6:21 rate_limit "0 rows/second" of migration "M1" is not a rate: a rate limit must allow more than zero; expected a rate like "200 batches/minute" or "1000 rows per second"',
    ]);
  });
});
