import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { durationFormatRule } from "./duration-format.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [durationFormatRule] }).diagnostics);

describe("duration-format", () => {
  it("accepts the spec's example, observations and ranges included", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("flags an unknown unit with the parser's reason", () => {
    const yaml = "migration_phases:\n  - phase_id: P1\n    steps:\n      - step_id: S1\n        estimated_duration: 2 fortnights\n";
    expect(lint(yaml)).toEqual([
      'error duration-format 5:29 estimated_duration "2 fortnights" is not a duration: unknown unit "fortnights"; use seconds, minutes, hours, days or weeks, expected a duration like "30 minutes", "2-3 hours" or "1 week"',
    ]);
  });

  it.each([
    ["migration_overview.estimated_duration", "migration_overview:\n  estimated_duration: soon\n", "2:23"],
    ["migration_overview.estimated_effort", "migration_overview:\n  estimated_effort: 3 months\n", "2:21"],
    ["constraints.max_downtime_duration", "migration_overview:\n  constraints:\n    max_downtime_duration: zero\n", "3:28"],
    ["phase duration_estimate", "migration_phases:\n  - phase_id: P\n    duration_estimate: long\n", "3:24"],
    ["rollback_point.estimated_rollback_duration", "migration_phases:\n  - phase_id: P\n    rollback_point:\n      estimated_rollback_duration: quick\n", "4:36"],
    ["data migration execution_plan.estimated_duration", 'data_migration:\n  migrations:\n    - migration_id: M\n      execution_plan:\n        estimated_duration: "2"\n', "5:29"],
    ["data migration rollback_duration", "data_migration:\n  migrations:\n    - migration_id: M\n      rollback:\n        rollback_duration: x\n", "5:28"],
    ["data migration downtime.duration", "data_migration:\n  migrations:\n    - migration_id: M\n      downtime:\n        duration: none\n", "5:19"],
    ["rollback level estimated_duration", "rollback_strategy:\n  rollback_levels:\n    - level: full\n      rollback_procedure:\n        estimated_duration: 3-2 hours\n", "5:29"],
    ["critical_path duration", "execution_timeline:\n  critical_path:\n    - step_id: S\n      duration: a while\n", "4:17"],
    ["post_migration monitoring_period.duration", "post_migration:\n  monitoring_period:\n    duration: forever\n", "3:15"],
  ])("checks %s", (_name, yaml, where) => {
    const [finding, ...rest] = lint(yaml);
    expect(rest).toEqual([]);
    expect(finding).toMatch(new RegExp(`^error duration-format ${where} \\S+ ".*" is not a duration: `));
  });

  it("gives the range reason when a range runs backwards", () => {
    expect(lint("migration_overview:\n  estimated_duration: 3-2 hours\n")).toEqual([
      'error duration-format 2:23 estimated_duration "3-2 hours" is not a duration: the range starts at 3h but ends at 2h; write the smaller value first, like "2-3 hours"',
    ]);
  });

  it("accepts the forms the parser reads", () => {
    const yaml = `migration_overview:
  estimated_duration: "1h 30m"
  estimated_effort: "2 to 3 days"
  constraints:
    max_downtime_duration: "0 minutes"
migration_phases:
  - phase_id: P
    duration_estimate: "an hour"
`;
    expect(lint(yaml)).toEqual([]);
  });
});
