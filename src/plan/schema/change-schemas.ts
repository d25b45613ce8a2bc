import { choice, count, entry, flag, id, itemsOf, section, text, textList } from "./schema-fields.js";

export const codeMigrationSchema = section({
  deployment_strategy: section({
    approach: choice(["rolling", "blue_green", "canary", "feature_flag"]),
    steps: itemsOf(
      entry({
        step_id: id(),
        name: text(),
        description: text(),
        artifacts_to_deploy: textList(),
        deployment_order: textList(),
        configuration_changes: itemsOf(entry({ config_file: text(), changes: textList(), validation: text() })),
        feature_flags: itemsOf(entry({ flag_id: id(), initial_state: flag(), rollout_plan: text() })),
        validation: section({
          health_checks: textList(),
          smoke_tests: textList(),
          test_dataset_ids: textList(),
        }),
      }),
    ),
  }),
  version_coordination: section({
    services: itemsOf(
      entry({
        service_name: text(),
        current_version: text(),
        target_version: text(),
        compatibility_mode: choice(["backward_compatible", "requires_coordination", "breaking"]),
        deployment_window: text(),
      }),
    ),
    coordination_plan: section({
      parallel_deployment: flag(),
      deployment_sequence: textList(),
      coordination_points: textList(),
    }),
  }),
});

const dataEndpoint = (withSize: boolean) =>
  section({
    system: text(),
    schema: text(),
    tables: textList(),
    estimated_records: count(),
    ...(withSize ? { estimated_size: text() } : {}),
  });

export const dataMigrationEntrySchema = entry({
  migration_id: id(),
  name: text(),
  description: text(),
  type: choice(["schema_change", "data_transformation", "data_cleanup", "data_archival"]),
  source: dataEndpoint(true),
  target: dataEndpoint(false),
  migration_approach: section({
    method: choice(["online", "offline", "dual_write", "shadow_write", "backfill"]),
    implementation: text(),
    dual_write_period: text(),
    shadow_write_validation: text(),
  }),
  transformation_logic: section({
    description: text(),
    transformation_rules: textList(),
    code_location: text(),
    edge_cases: itemsOf(entry({ scenario: text(), handling: text(), test_dataset_id: text() })),
  }),
  execution_plan: section({
    batch_size: count(),
    parallel_execution: flag(),
    max_parallel_workers: count(),
    rate_limit: text(),
    execution_script: text(),
    estimated_duration: text(),
  }),
  validation: section({
    pre_migration_checks: textList(),
    post_migration_checks: textList(),
    data_integrity_checks: textList(),
    test_dataset_ids: textList(),
    reconciliation: section({ method: text(), acceptance_threshold: text() }),
  }),
  rollback: section({
    can_rollback: flag(),
    rollback_method: choice(["restore_backup", "reverse_migration", "switch_back"]),
    rollback_script: text(),
    rollback_duration: text(),
    rollback_test_id: text(),
  }),
  downtime: section({ required: flag(), duration: text(), maintenance_window: text() }),
});

export const dataMigrationSchema = section({ migrations: itemsOf(dataMigrationEntrySchema) });

export const configurationMigrationSchema = section({
  configuration_changes: itemsOf(
    entry({
      config_id: id(),
      name: text(),
      type: choice(["environment_variable", "config_file", "database_config", "feature_flag"]),
      current_value: text(),
      new_value: text(),
      change_impact: section({
        affected_components: textList(),
        requires_restart: flag(),
        downtime_required: flag(),
      }),
      deployment_method: section({
        approach: text(),
        automation_script: text(),
        validation_test_id: text(),
      }),
      rollback: section({ previous_value: text(), rollback_script: text() }),
    }),
  ),
});

export const infrastructureMigrationSchema = section({
  infrastructure_changes: itemsOf(
    entry({
      change_id: id(),
      name: text(),
      type: choice(["server", "database", "cache", "load_balancer", "network", "storage"]),
      current_state: section({ description: text(), configuration: text() }),
      target_state: section({ description: text(), configuration: text() }),
      migration_steps: itemsOf(entry({ step: text(), command: text(), validation: text() })),
      capacity_planning: section({
        current_capacity: text(),
        target_capacity: text(),
        scaling_approach: text(),
      }),
      validation: section({ test_dataset_ids: textList(), load_test_results: text() }),
      rollback: section({ can_rollback: flag(), rollback_procedure: text() }),
    }),
  ),
});

export const integrationMigrationSchema = section({
  external_integrations: itemsOf(
    entry({
      integration_id: id(),
      name: text(),
      migration_approach: section({
        method: choice(["cutover", "parallel_run", "gradual_migration"]),
        coordination_required: flag(),
        coordination_plan: section({
          external_party: text(),
          coordination_window: text(),
          communication_plan: text(),
        }),
      }),
      testing: section({
        test_environment: text(),
        test_dataset_ids: textList(),
        validation_with_partner: flag(),
      }),
      fallback: section({
        fallback_to_old: flag(),
        fallback_procedure: text(),
        fallback_duration: text(),
      }),
    }),
  ),
  internal_integrations: itemsOf(
    entry({
      integration_id: id(),
      consuming_services: textList(),
      providing_services: textList(),
      migration_sequence: section({ order: textList(), coordination_points: textList() }),
      contract_evolution: section({
        old_contract: text(),
        new_contract: text(),
        transition_period: text(),
      }),
    }),
  ),
});
