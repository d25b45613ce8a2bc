import { choice, count, entry, flag, id, isoDate, itemsOf, section, text, textList } from "./schema-fields.js";

export const validationStrategySchema = section({
  validation_gates: itemsOf(
    entry({
      gate_id: id(),
      name: text(),
      location: text(),
      type: choice(["automated", "manual", "hybrid"]),
      criteria: itemsOf(entry({ criterion: text(), measurement: text(), threshold: text(), test_dataset_id: text() })),
      failure_handling: section({
        response: choice(["block", "rollback", "manual_review"]),
        notification: textList(),
        escalation: text(),
      }),
    }),
  ),
  continuous_validation: itemsOf(
    entry({
      validation_id: id(),
      name: text(),
      frequency: text(),
      checks: textList(),
      test_dataset_ids: textList(),
      alert_conditions: textList(),
    }),
  ),
  regression_validation: itemsOf(
    entry({
      regression_suite_id: id(),
      name: text(),
      location: text(),
      execution_frequency: choice(["pre_migration", "post_migration", "continuous"]),
      critical_paths: textList(),
      test_dataset_ids: textList(),
    }),
  ),
});

export const rollbackLevelSchema = entry({
  level: choice(["step", "phase", "full"]),
  description: text(),
  trigger_conditions: textList(),
  decision_maker: text(),
  approval_required: flag(),
  rollback_procedure: section({
    steps: textList(),
    automation_script: text(),
    manual_steps: textList(),
    estimated_duration: text(),
  }),
  validation: section({ post_rollback_checks: textList(), test_dataset_ids: textList() }),
});

export const rollbackStrategySchema = section({
  rollback_levels: itemsOf(rollbackLevelSchema),
  rollback_testing: itemsOf(
    entry({
      rollback_scenario: text(),
      tested: flag(),
      test_date: isoDate(),
      test_result: choice(["passed", "failed", "partial"]),
      test_dataset_id: text(),
      evidence: text(),
    }),
  ),
});

export const riskMitigationSchema = section({
  migration_risks: itemsOf(
    entry({
      risk_id: id(),
      category: choice(["data_loss", "downtime", "performance_degradation", "rollback_failure"]),
      description: text(),
      probability: choice(["high", "medium", "low"]),
      impact: choice(["critical", "high", "medium", "low"]),
      affected_phases: textList(),
      affected_steps: textList(),
      mitigation: section({
        preventive_measures: textList(),
        detection_method: text(),
        response_procedure: text(),
        validation: section({ test_dataset_id: text(), tested: flag() }),
      }),
      contingency: section({ trigger: text(), action: text(), responsible_party: text() }),
    }),
  ),
});

export const communicationPlanSchema = section({
  stakeholder_communication: itemsOf(
    entry({
      stakeholder_group: choice(["internal_team", "users", "partners", "management"]),
      notifications: itemsOf(
        entry({
          notification_type: choice(["pre_migration", "during_migration", "post_migration", "issue"]),
          timing: text(),
          channel: textList(),
          template: text(),
          responsible_party: text(),
        }),
      ),
    }),
  ),
  status_reporting: section({
    frequency: text(),
    format: choice(["dashboard", "email", "slack", "meeting"]),
    recipients: textList(),
    metrics_to_report: textList(),
  }),
  incident_communication: section({
    escalation_path: textList(),
    notification_channels: textList(),
    response_time_sla: text(),
  }),
});

export const monitoringSchema = section({
  migration_monitoring: itemsOf(
    entry({
      metric_name: text(),
      description: text(),
      measurement_method: text(),
      normal_range: text(),
      alert_threshold: text(),
      critical_threshold: text(),
      alert_channels: textList(),
    }),
  ),
  health_checks: itemsOf(
    entry({
      check_name: text(),
      description: text(),
      frequency: text(),
      check_procedure: text(),
      success_criteria: text(),
      failure_response: text(),
    }),
  ),
  dashboards: itemsOf(entry({ dashboard_name: text(), url: text(), metrics_displayed: textList(), audience: textList() })),
});

export const successCriteriaSchema = section({
  technical_success: itemsOf(entry({ criterion: text(), measurement: text(), target: text(), test_dataset_id: text() })),
  business_success: itemsOf(entry({ criterion: text(), measurement: text(), target: text(), measurement_period: text() })),
  migration_complete_definition: section({
    criteria: textList(),
    validation_required: textList(),
    approval_required: flag(),
    approvers: textList(),
  }),
});

export const postMigrationSchema = section({
  cleanup_tasks: itemsOf(
    entry({
      task_id: id(),
      name: text(),
      description: text(),
      timing: text(),
      responsible_party: text(),
      steps: textList(),
      validation: text(),
    }),
  ),
  monitoring_period: section({
    duration: text(),
    enhanced_monitoring: textList(),
    alert_sensitivity: choice(["high", "normal"]),
  }),
  optimization_opportunities: itemsOf(
    entry({
      opportunity: text(),
      description: text(),
      priority: choice(["high", "medium", "low"]),
      effort: text(),
    }),
  ),
  lessons_learned: section({ location: text(), retrospective_date: isoDate() }),
});

export const executionTimelineSchema = section({
  milestones: itemsOf(
    entry({
      milestone_id: id(),
      name: text(),
      target_date: isoDate(),
      dependencies: textList(),
      deliverables: textList(),
      status: choice(["not_started", "in_progress", "completed", "delayed"]),
    }),
  ),
  critical_path: itemsOf(entry({ step_id: id(), duration: text(), dependencies: textList() })),
  contingency_time: section({ buffer_percentage: count(), rationale: text() }),
});

export const linkageSchema = section({
  existing_system_truth_file: text(),
  enhancement_truth_file: text(),
  compatibility_analysis_file: text(),
  test_datasets_dir: text(),
  automation_scripts_dir: text(),
});
