import { dataCommandsOf } from "../../plan/data-migration-commands.js";
import { CandidateIndex } from "../candidate-index.js";
import { didYouMean } from "../closest-match.js";
import type { LintRule } from "../lint-rule.js";

export const dataMigrationReferencesRule: LintRule = {
  id: "data-migration-references",
  description: "A step's `bascule data run|reconcile|rollback <id>` names a migration of data_migration.migrations.",
  category: "references",
  severity: "error",
  check({ plan }, report) {
    const ids = (plan.data_migration?.migrations ?? []).map((migration) => migration.migration_id);
    const known = new Set(ids);
    const candidates = new CandidateIndex(ids);
    (plan.migration_phases ?? []).forEach((phase, pi) =>
      (phase.steps ?? []).forEach((step, si) => {
        for (const command of dataCommandsOf(step)) {
          if (known.has(command.migrationId)) continue;
          const hint =
            ids.length === 0 ? "; add it under data_migration.migrations" : didYouMean(command.migrationId, candidates) || `; the plan's migrations are ${ids.join(", ")}`;
          report({
            path: ["migration_phases", pi, "steps", si, "execution_details", "commands", command.index],
            message: `step ${JSON.stringify(step.step_id)} runs bascule data ${command.verb} ${command.migrationId}, which is no migration_id of data_migration.migrations${hint}`,
          });
        }
      }),
    );
  },
};
