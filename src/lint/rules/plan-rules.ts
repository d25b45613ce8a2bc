import type { LintRule } from "../lint-rule.js";
import { acceptanceThresholdRule } from "./acceptance-threshold.js";
import { automatedGateCriteriaRule } from "./automated-gate-criteria.js";
import { automationCoverageRule } from "./automation-coverage.js";
import { batchSizeRule } from "./batch-size.js";
import { conditionMetricRule } from "./condition-metric.js";
import { continuousCheckAutomaticRule } from "./continuous-check-automatic.js";
import { criticalPathStepsRule } from "./critical-path-steps.js";
import { dataMigrationReferencesRule } from "./data-migration-references.js";
import { datasetFilesRule } from "./dataset-files.js";
import { dependencyCycleRule } from "./dependency-cycle.js";
import { dependencyReferencesRule } from "./dependency-references.js";
import { durationFormatRule } from "./duration-format.js";
import { irreversibleStepApprovalRule } from "./irreversible-step-approval.js";
import { linkedFilesRule } from "./linked-files.js";
import { migrationWindowFormatRule } from "./migration-window-format.js";
import { phaseGateRule } from "./phase-gate.js";
import { phaseOrderRule } from "./phase-order.js";
import { phaseRollbackRule } from "./phase-rollback.js";
import { planShapeRule } from "./plan-shape.js";
import { rateLimitFormatRule } from "./rate-limit-format.js";
import { requiredSectionsRule } from "./required-sections.js";
import { riskMitigationTestedRule } from "./risk-mitigation-tested.js";
import { riskReferencesRule } from "./risk-references.js";
import { riskTriggerProseRule } from "./risk-trigger-prose.js";
import { rollbackPointReversibilityRule } from "./rollback-point-reversibility.js";
import { rollbackProcedureReferencesRule } from "./rollback-procedure-references.js";
import { rollbackScriptIsCommandRule } from "./rollback-script-is-command.js";
import { schemaRule } from "./schema.js";
import { scriptFilesRule } from "./script-files.js";
import { stepOrderRule } from "./step-order.js";
import { strategyGateLocationRule } from "./strategy-gate-location.js";
import { thresholdFormatRule } from "./threshold-format.js";
import { uniqueIdsRule } from "./unique-ids.js";
import { unknownKeyRule } from "./unknown-key.js";
import { unreachableConditionRule } from "./unreachable-condition.js";
import { validationDatasetsRule } from "./validation-datasets.js";

/** Every rule `bascule lint` runs, grouped as the spec's concerns are. */
export const planRules: readonly LintRule[] = [
  // what the document is, schema, ids and order
  planShapeRule,
  schemaRule,
  unknownKeyRule,
  uniqueIdsRule,
  phaseOrderRule,
  stepOrderRule,
  // references between parts of the plan
  dependencyReferencesRule,
  dependencyCycleRule,
  criticalPathStepsRule,
  riskReferencesRule,
  strategyGateLocationRule,
  rollbackProcedureReferencesRule,
  unreachableConditionRule,
  dataMigrationReferencesRule,
  // files the plan names
  scriptFilesRule,
  datasetFilesRule,
  linkedFilesRule,
  // values written as text
  durationFormatRule,
  thresholdFormatRule,
  acceptanceThresholdRule,
  rateLimitFormatRule,
  migrationWindowFormatRule,
  batchSizeRule,
  // safety
  irreversibleStepApprovalRule,
  rollbackScriptIsCommandRule,
  rollbackPointReversibilityRule,
  // the spec's "Validation Requirements" checklist
  phaseGateRule,
  phaseRollbackRule,
  validationDatasetsRule,
  requiredSectionsRule,
  riskMitigationTestedRule,
  // automation
  conditionMetricRule,
  automatedGateCriteriaRule,
  continuousCheckAutomaticRule,
  riskTriggerProseRule,
  automationCoverageRule,
];
