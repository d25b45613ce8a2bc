import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { acceptanceThresholdRule } from "./acceptance-threshold.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [acceptanceThresholdRule] }).diagnostics);

const migration = (threshold: string) => `data_migration:
  migrations:
    - migration_id: M1
      validation:
        reconciliation:
          method: checksum
          acceptance_threshold: "${threshold}"
`;

describe("acceptance-threshold", () => {
  it("accepts the spec's example, which has no data migration", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it.each(["99.99% match", "100%", "0.9999", "99.9% matching"])("accepts %s", (threshold) => {
    expect(lint(migration(threshold))).toEqual([]);
  });

  it("flags a bare number above 1, which the parser refuses to guess", () => {
    expect(lint(migration("99.99"))).toEqual([
      'error acceptance-threshold 7:33 acceptance_threshold "99.99" of migration "M1" is not a share of matching records: a number without % is a ratio from 0 to 1; write "99.99%" or a ratio like "0.9999"',
    ]);
  });

  it("flags prose", () => {
    expect(lint(migration("almost all"))).toEqual([
      'error acceptance-threshold 7:33 acceptance_threshold "almost all" of migration "M1" is not a share of matching records: expected a share of matching records like "99.99% match" or "0.9999"',
    ]);
  });
});
