import { z } from "zod";
import {
  communicationPlanSchema,
  executionTimelineSchema,
  linkageSchema,
  monitoringSchema,
  postMigrationSchema,
  riskMitigationSchema,
  rollbackStrategySchema,
  successCriteriaSchema,
  validationStrategySchema,
} from "./assurance-schemas.js";
import { codeMigrationSchema, configurationMigrationSchema, dataMigrationSchema, infrastructureMigrationSchema, integrationMigrationSchema } from "./change-schemas.js";
import { metadataSchema, migrationOverviewSchema, prerequisitesSchema } from "./overview-schema.js";
import { migrationPhasesSchema } from "./phase-schema.js";

/** The whole of migration-strategy.yaml v1.0; the plan's TypeScript types are inferred from it. */
export const planSchema = z.looseObject({
  metadata: metadataSchema,
  migration_overview: migrationOverviewSchema,
  prerequisites: prerequisitesSchema,
  migration_phases: migrationPhasesSchema,
  code_migration: codeMigrationSchema,
  data_migration: dataMigrationSchema,
  configuration_migration: configurationMigrationSchema,
  infrastructure_migration: infrastructureMigrationSchema,
  integration_migration: integrationMigrationSchema,
  validation_strategy: validationStrategySchema,
  rollback_strategy: rollbackStrategySchema,
  risk_mitigation: riskMitigationSchema,
  communication_plan: communicationPlanSchema,
  monitoring_and_observability: monitoringSchema,
  success_criteria: successCriteriaSchema,
  post_migration: postMigrationSchema,
  execution_timeline: executionTimelineSchema,
  linkage: linkageSchema,
});

export type Plan = z.output<typeof planSchema>;
type Items<T> = NonNullable<T> extends readonly (infer I)[] ? I : never;
export type Phase = Items<Plan["migration_phases"]>;
export type Step = Items<Phase["steps"]>;
export type ValidationGate = NonNullable<Phase["validation_gate"]>;
export type RollbackPoint = NonNullable<Phase["rollback_point"]>;
export type DataMigration = Items<NonNullable<Plan["data_migration"]>["migrations"]>;
export type RollbackLevel = Items<NonNullable<Plan["rollback_strategy"]>["rollback_levels"]>;
export type Milestone = Items<NonNullable<Plan["execution_timeline"]>["milestones"]>;
export type CriticalPathEntry = Items<NonNullable<Plan["execution_timeline"]>["critical_path"]>;
export type MonitoredMetric = Items<NonNullable<Plan["monitoring_and_observability"]>["migration_monitoring"]>;
export type StrategyGate = Items<NonNullable<Plan["validation_strategy"]>["validation_gates"]>;
export type ContinuousValidation = Items<NonNullable<Plan["validation_strategy"]>["continuous_validation"]>;
export type RegressionSuite = Items<NonNullable<Plan["validation_strategy"]>["regression_validation"]>;
export type MigrationRisk = Items<NonNullable<Plan["risk_mitigation"]>["migration_risks"]>;
export type BusinessSuccess = Items<NonNullable<Plan["success_criteria"]>["business_success"]>;
export type CleanupTask = Items<NonNullable<Plan["post_migration"]>["cleanup_tasks"]>;
