import { describe, expect, it } from "vitest";
import { parsePlanText } from "../plan/plan-document.js";
import { RunSimulation } from "../testing/simulate-run.js";
import { applyDataMigrationEvent, type DataMigrationRunState } from "./data-migration-events.js";
import { dataMigrationsRunBy, dataRollbackOf, reconcileActions } from "./step-data-migrations.js";

const plan = (migration = "", stepRollback = "", failing = "") => `
migration_phases:
  - phase_id: P1
    order: 1
    steps:
      - step_id: S1
        order: 1
        execution_details: { commands: ["bascule data run DM-1"${failing}] }
${stepRollback}
    validation_gate: { gate_id: G1, failure_response: rollback }
data_migration:
  migrations:
    - migration_id: DM-1
      source: { system: DB, tables: [a] }
      target: { system: DB, tables: [b] }
${migration}
`;

const reconciled = `      validation: { reconciliation: { method: checksum, acceptance_threshold: "100% match" } }\n`;
const undoable = `      rollback: { can_rollback: true, rollback_method: reverse_migration, rollback_script: sql/undo.sql }\n`;

function step(text: string) {
  const document = parsePlanText(text);
  if (document.kind === "source-problem" || document.plan === undefined) throw new Error("the test plan must parse");
  return { plan: document.plan, step: document.plan.migration_phases![0]!.steps![0]! };
}

describe("steps that run bascule data run", () => {
  it("finds the migration ids in either form of the command, and nothing in other commands", () => {
    const { step: s } = step(plan());
    expect(dataMigrationsRunBy(s)).toEqual(["DM-1"]);
    const other = { ...s, execution_details: { commands: ["bascule data run plan.yaml DM-2 --json", "echo bascule data run DM-3", "bascule data run DM-4 && rm -rf /"] } };
    expect(dataMigrationsRunBy(other)).toEqual(["DM-2"]);
  });

  it("reconciles after the backfill when the migration sets validation.reconciliation", () => {
    const sim = new RunSimulation(plan(reconciled));
    expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
    expect(sim.ran()).toEqual(["bascule data run DM-1", "bascule data reconcile DM-1"]);
    const { plan: p, step: s } = step(plan());
    expect(reconcileActions(p, s, undefined)).toEqual([]);
  });

  it("fails the step when reconciliation fails, then puts the data back with bascule data rollback", () => {
    const sim = new RunSimulation(plan(reconciled + undoable), {
      outcome: (effect) => (effect.run.kind === "shell" && effect.run.command === "bascule data reconcile DM-1" ? { outcome: { kind: "exited", exitCode: 1 } } : undefined),
    });
    expect(sim.advance()).toEqual({ kind: "finish", status: "rolled_back" });
    expect(sim.ran()).toEqual(["bascule data run DM-1", "bascule data reconcile DM-1", "bascule data rollback DM-1"]);
    expect(sim.state.steps.get("S1")?.reason).toContain('"bascule data reconcile DM-1" exited');
  });

  it("undoes the data before the step's own rollback script", () => {
    const own = "        rollback_procedure: { can_rollback: true, rollback_script: drop.sh }";
    const sim = new RunSimulation(plan(undoable, own, ', "boom"'), {
      outcome: (effect) => (effect.run.kind === "shell" && effect.run.command === "boom" ? { outcome: { kind: "exited", exitCode: 1 } } : undefined),
    });
    expect(sim.advance()).toEqual({ kind: "finish", status: "rolled_back" });
    expect(sim.ran()).toEqual(["bascule data run DM-1", "boom", "bascule data rollback DM-1", "drop.sh"]);
  });

  it("re-runs a step of only data commands after a crash without asking: the backfill resumes from its checkpoints", () => {
    for (const [commands, rerun] of [
      ['"bascule data run DM-1", "bascule data reconcile DM-1"', true],
      ['"bascule data run DM-1", "curl -X POST deploy"', false],
    ] as const) {
      const sim = new RunSimulation(plan().replace('"bascule data run DM-1"', commands));
      sim.record(
        { kind: "window.checked", window: "anytime", inside: true },
        { kind: "phase.started", phaseId: "P1" },
        { kind: "step.started", stepId: "S1", phaseId: "P1", attempt: 1 },
      );
      sim.record({
        kind: "action.started",
        actionId: "step:S1#1#command:0",
        scope: { kind: "step", stepId: "S1" },
        action: { kind: "command", index: 0, command: "bascule data run DM-1" },
      });
      if (rerun) expect(sim.advance()).toEqual({ kind: "finish", status: "completed" });
      else expect(sim.advance()).toMatchObject({ kind: "pause", waitingFor: { kind: "in-doubt", stepId: "S1" } });
    }
  });

  it("refuses to undo a migration marked can_rollback: false", () => {
    const { plan: p, step: s } = step(plan("      rollback: { can_rollback: false }\n"));
    expect(dataRollbackOf(p, s, undefined)).toEqual({ kind: "refused", reason: "data migration DM-1 cannot be rolled back (rollback.can_rollback: false)" });
    const { plan: q, step: t } = step(plan());
    expect(dataRollbackOf(q, t, undefined)).toEqual({ kind: "none" });
  });
});

describe("applyDataMigrationEvent", () => {
  it("keeps the latest progress, the pause reason until resumed, and the reconciliation verdict", () => {
    const migrations = new Map<string, DataMigrationRunState>();
    const progress = { kind: "data.progress" as const, migrationId: "DM-1", rowsDone: 10, rowsTotal: 40, batchesDone: 1, rowsPerSecond: 5, etaMs: 6000, batchSize: 10, workers: 2 };
    applyDataMigrationEvent(migrations, { ...progress, stepId: "S1" });
    applyDataMigrationEvent(migrations, { kind: "data.paused", migrationId: "DM-1", reason: "health: lag" });
    applyDataMigrationEvent(migrations, { ...progress, rowsDone: 20 });
    expect(migrations.get("DM-1")).toMatchObject({ status: "paused", pausedReason: "health: lag", rowsDone: 20, stepId: "S1" });
    applyDataMigrationEvent(migrations, { kind: "data.resumed", migrationId: "DM-1", pausedMs: 3000 });
    expect(migrations.get("DM-1")?.status).toBe("running");
    expect(migrations.get("DM-1")?.pausedReason).toBeUndefined();
    applyDataMigrationEvent(migrations, {
      kind: "data.finished",
      migrationId: "DM-1",
      outcome: "completed",
      rowsDone: 40,
      rowsTotal: 40,
      batchesRun: 4,
      rowsWritten: 40,
      workers: 2,
    });
    applyDataMigrationEvent(migrations, {
      kind: "data.reconciled",
      migrationId: "DM-1",
      passed: false,
      matchRatio: 0.975,
      acceptanceRatio: 1,
      sourceRows: 40,
      targetRows: 39,
      differenceCount: 1,
      differences: [{ key: 7, kind: "missing" }],
    });
    expect(migrations.get("DM-1")).toMatchObject({ status: "completed", rowsDone: 40, reconciliation: { passed: false, differenceCount: 1 } });
  });
});
