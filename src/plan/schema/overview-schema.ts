import { choice, entry, flag, id, isoDate, itemsOf, section, text, textList } from "./schema-fields.js";

export const metadataSchema = section({
  version: text(),
  created_date: isoDate(),
  last_updated: isoDate(),
  migration_name: text(),
  enhancement_id: text(),
  migration_status: choice(["planned", "in_progress", "completed", "rolled_back"]),
});

export const migrationOverviewSchema = section({
  name: text(),
  description: text(),
  objective: text(),
  scope: section({
    systems_affected: textList(),
    data_affected: text(),
    users_affected: text(),
  }),
  constraints: section({
    downtime_allowed: flag(),
    max_downtime_duration: text(),
    migration_window: text(),
    business_constraints: textList(),
  }),
  approach: choice(["big_bang", "phased", "parallel_run", "strangler_fig", "blue_green"]),
  estimated_duration: text(),
  estimated_effort: text(),
});

export const prerequisiteSchema = entry({
  prerequisite_id: id(),
  name: text(),
  description: text(),
  type: choice(["infrastructure", "code", "data", "configuration", "approval"]),
  validation: section({
    verification_method: text(),
    verification_test_id: text(),
    status: choice(["pending", "verified", "blocked"]),
  }),
  owner: text(),
  deadline: isoDate(),
});

export const prerequisitesSchema = itemsOf(prerequisiteSchema);
