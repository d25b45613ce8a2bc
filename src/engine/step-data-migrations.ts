import { dataMigrationsRunBy, planDataUndo } from "../plan/data-migration-commands.js";
import type { DataMigration, Plan, Step } from "../plan/schema/plan-schema.js";

export { dataMigrationsRunBy };
import type { ActionRef } from "./journal-event.js";
import type { EffectRun } from "./run-context.js";

export function findMigration(plan: Plan, migrationId: string): DataMigration | undefined {
  return (plan.data_migration?.migrations ?? []).find((entry) => entry.migration_id === migrationId);
}

export interface DataAction {
  readonly key: string;
  readonly run: EffectRun;
  readonly action: ActionRef;
}

function dataAction(role: "reconcile" | "rollback", migrationId: string, timeoutMs: number | undefined): DataAction {
  const command = `bascule data ${role} ${quoteArgument(migrationId)}`;
  return {
    key: `data-${role}:${migrationId}`,
    run: { kind: "shell", command, ...(timeoutMs === undefined ? {} : { timeoutMs }) },
    action: { kind: "data", role, migrationId, command },
  };
}

/** A step's validation reconciles each migration it ran whose entry sets `validation.reconciliation`. */
export function reconcileActions(plan: Plan, step: Step, timeoutMs: number | undefined): DataAction[] {
  return dataMigrationsRunBy(step)
    .filter((id) => findMigration(plan, id)?.validation?.reconciliation != null)
    .map((id) => dataAction("reconcile", id, timeoutMs));
}

/** How a step's data can be undone: each migration it ran with a `rollback.rollback_script`. */
export type DataUndo = { readonly kind: "none" } | { readonly kind: "refused"; readonly reason: string } | { readonly kind: "actions"; readonly actions: readonly DataAction[] };

export function dataRollbackOf(plan: Plan, step: Step, timeoutMs: number | undefined): DataUndo {
  const undo = planDataUndo(plan, step);
  if (undo.kind === "refused") return { kind: "refused", reason: `data migration ${undo.migrationId} cannot be rolled back (rollback.can_rollback: false)` };
  return undo.kind === "none" ? undo : { kind: "actions", actions: undo.migrationIds.map((id) => dataAction("rollback", id, timeoutMs)) };
}

function quoteArgument(text: string): string {
  return /^[\w./:@-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
