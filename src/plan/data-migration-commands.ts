import type { Plan, Step } from "./schema/plan-schema.js";

/** `bascule data <verb> [plan] <id> [--flags]`, the built-in data actions a step can run (SEMANTICS section 8). */
const DATA_COMMAND = /^\s*bascule\s+data\s+(?<verb>run|reconcile|rollback|pause|resume|cancel)\s+(?<args>[^;&|<>`$()]+?)\s*$/;

export interface DataCommand {
  readonly verb: "run" | "reconcile" | "rollback" | "pause" | "resume" | "cancel";
  readonly migrationId: string;
  /** Index in the step's `execution_details.commands`. */
  readonly index: number;
}

/** Reads one command line as a data command; a line with shell operators is not one. */
export function parseDataCommand(command: string): Omit<DataCommand, "index"> | undefined {
  const groups = DATA_COMMAND.exec(command)?.groups;
  if (groups === undefined) return undefined;
  const args = (groups.args ?? "")
    .split(/\s+/)
    .filter((arg) => arg !== "" && !arg.startsWith("-"))
    .map((arg) => arg.replace(/^["']|["']$/g, ""));
  const migrationId = args[args.length - 1];
  return migrationId === undefined ? undefined : { verb: groups.verb as DataCommand["verb"], migrationId };
}

/** Every data command among a step's commands, in order. */
export function dataCommandsOf(step: Step): DataCommand[] {
  return (step.execution_details?.commands ?? []).flatMap((command, index) => {
    const parsed = parseDataCommand(command);
    return parsed === undefined ? [] : [{ ...parsed, index }];
  });
}

/** The migration ids a step moves with `bascule data run`, in order, once each. */
export function dataMigrationsRunBy(step: Step): string[] {
  return [
    ...new Set(
      dataCommandsOf(step)
        .filter((command) => command.verb === "run")
        .map((command) => command.migrationId),
    ),
  ];
}

/** How a step's data is undone: each migration it ran that has a `rollback.rollback_script`, newest first. */
export type DataUndoPlan =
  | { readonly kind: "none" }
  | { readonly kind: "refused"; readonly migrationId: string }
  | { readonly kind: "scripts"; readonly migrationIds: readonly string[] };

export function planDataUndo(plan: Plan, step: Step): DataUndoPlan {
  const ids: string[] = [];
  for (const id of dataMigrationsRunBy(step)) {
    const rollback = (plan.data_migration?.migrations ?? []).find((entry) => entry.migration_id === id)?.rollback;
    if (rollback === undefined || rollback === null) continue;
    if (rollback.can_rollback === false) return { kind: "refused", migrationId: id };
    if (rollback.rollback_script) ids.push(id);
  }
  return ids.length === 0 ? { kind: "none" } : { kind: "scripts", migrationIds: ids.reverse() };
}

/**
 * True when every command of a step is `bascule data run` or `reconcile`: both resume or repeat
 * safely (checkpoints, read-only), so a crash mid-step re-runs it without asking anyone.
 */
export function isResumableDataStep(step: Step): boolean {
  const commands = step.execution_details?.commands ?? [];
  const data = dataCommandsOf(step);
  return commands.length > 0 && data.length === commands.length && data.every((command) => command.verb === "run" || command.verb === "reconcile");
}
