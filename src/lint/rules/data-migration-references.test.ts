import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { dataMigrationReferencesRule } from "./data-migration-references.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [dataMigrationReferencesRule] }).diagnostics);

const plan = (commands: string, migrations = "    - migration_id: DM-ORDERS\n") => `migration_phases:
  - phase_id: PHASE-1
    steps:
      - step_id: STEP-1-1
        execution_details:
          commands: ${commands}
data_migration:
  migrations:
${migrations}`;

describe("data-migration-references", () => {
  it("accepts the spec's example, which runs no data command", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("accepts data commands naming a migration of the plan, with or without the plan argument", () => {
    expect(lint(plan('["bascule data run DM-ORDERS", "bascule data reconcile plan.yaml DM-ORDERS --json"]'))).toEqual([]);
  });

  it("reports a misspelt migration id at its command, with the nearest id", () => {
    expect(lint(plan('["echo start", "bascule data run DM-ORDRES"]'))).toEqual([
      'error data-migration-references 6:36 step "STEP-1-1" runs bascule data run DM-ORDRES, which is no migration_id of data_migration.migrations; did you mean "DM-ORDERS"?',
    ]);
  });

  it("says to add the migration when the plan has none", () => {
    expect(lint(plan('["bascule data rollback DM-X"]', "    []\n").replace("  migrations:\n    []", "  migrations: []"))).toEqual([
      'error data-migration-references 6:22 step "STEP-1-1" runs bascule data rollback DM-X, which is no migration_id of data_migration.migrations; add it under data_migration.migrations',
    ]);
  });
});
