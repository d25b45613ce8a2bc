import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { schemaRule } from "./schema.js";
import { uniqueIdsRule } from "./unique-ids.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [schemaRule] }).diagnostics);

describe("schema", () => {
  it("accepts the spec's example", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("suggests the enum value a typo was meant to be", () => {
    expect(lint("metadata:\n  migration_status: plannned\n")).toEqual([
      'error schema 2:21 "plannned" is not a valid migration_status; did you mean "planned"? (allowed: planned, in_progress, completed, rolled_back)',
    ]);
  });

  it("explains how to quote a number where text is expected", () => {
    expect(lint("metadata:\n  version: 1.0\n")).toEqual(['error schema 2:12 version must be text, found the number 1; quote it to make it text: "1"']);
  });

  it("checks ISO 8601 dates", () => {
    expect(lint('prerequisites:\n  - prerequisite_id: P\n    deadline: "10/10/2025"\n')).toEqual([
      'error schema 3:15 deadline: expected an ISO 8601 date like "2025-10-04" or "2025-10-04T10:00:00Z"',
    ]);
  });

  it("checks booleans, integers and lists", () => {
    expect(
      lint(`migration_phases:
  - phase_id: P1
    order: 1.5
    start_condition: "Backup completed"
    steps:
      - step_id: S1
        rollback_procedure:
          can_rollback: "yes"
`),
    ).toEqual([
      "error schema 3:12 order must be a whole number, found the number 1.5",
      'error schema 4:22 start_condition must be a list, found text "Backup completed"',
      'error schema 8:25 can_rollback must be true or false, found text "yes"',
    ]);
  });

  it("requires ids, and other rules stay quiet about the missing one", () => {
    const report = lintFixture("migration_phases:\n  - name: A\n  - name: B\n", { rules: [schemaRule, uniqueIdsRule] });
    expect(summarize(report.diagnostics)).toEqual([
      "error schema 2:5 phase_id is required: every item needs an id so that others can refer to it",
      "error schema 3:5 phase_id is required: every item needs an id so that others can refer to it",
    ]);
  });
});
