/**
 * What `bascule data run|reconcile|rollback`, started by a step's command, writes into the
 * run's journal. These events inform (status, evidence); the engine decides nothing from them:
 * the step's command exit code is what counts.
 */
export type DataMigrationEvent =
  | {
      readonly kind: "data.progress";
      readonly migrationId: string;
      readonly stepId?: string;
      readonly rowsDone: number;
      readonly rowsTotal: number;
      readonly batchesDone: number;
      readonly rowsPerSecond: number;
      readonly etaMs?: number;
      readonly batchSize: number;
      readonly workers: number;
    }
  | { readonly kind: "data.paused"; readonly migrationId: string; readonly stepId?: string; readonly reason: string }
  | { readonly kind: "data.resumed"; readonly migrationId: string; readonly stepId?: string; readonly pausedMs: number }
  | {
      readonly kind: "data.finished";
      readonly migrationId: string;
      readonly stepId?: string;
      readonly outcome: "completed" | "cancelled" | "failed";
      readonly rowsDone: number;
      readonly rowsTotal: number;
      readonly batchesRun: number;
      readonly rowsWritten: number;
      readonly workers: number;
      readonly message?: string;
    }
  | {
      readonly kind: "data.reconciled";
      readonly migrationId: string;
      readonly stepId?: string;
      readonly passed: boolean;
      readonly matchRatio: number;
      readonly acceptanceRatio: number;
      readonly sourceRows: number;
      readonly targetRows: number;
      readonly differenceCount: number;
      /** The first differing keys, as `bascule data reconcile --json` lists them: the evidence. */
      readonly differences: ReadonlyArray<
        | { readonly key: unknown; readonly kind: "missing" | "extra" | "changed" }
        /** A key with more than one row on a side: what a batch written twice leaves. */
        | { readonly key: unknown; readonly kind: "duplicate"; readonly source_rows: number; readonly target_rows: number }
      >;
    }
  | { readonly kind: "data.rolled_back"; readonly migrationId: string; readonly stepId?: string; readonly method: string; readonly checkpointsCleared: number };

export type DataMigrationStatus = "running" | "paused" | "completed" | "cancelled" | "failed" | "rolled_back";

/** One migration as the journal tells it, latest first wins. */
export interface DataMigrationRunState {
  readonly migrationId: string;
  readonly stepId?: string;
  readonly status: DataMigrationStatus;
  readonly rowsDone: number;
  readonly rowsTotal: number;
  readonly batchesDone: number;
  readonly rowsPerSecond: number;
  readonly etaMs?: number;
  readonly batchSize?: number;
  readonly workers?: number;
  readonly pausedReason?: string;
  readonly message?: string;
  readonly reconciliation?: Extract<DataMigrationEvent, { kind: "data.reconciled" }>;
}

/** Folds one data event into the migrations' states (the map is the fold's own). */
export function applyDataMigrationEvent(migrations: Map<string, DataMigrationRunState>, event: DataMigrationEvent): void {
  const before: DataMigrationRunState = migrations.get(event.migrationId) ?? {
    migrationId: event.migrationId,
    status: "running",
    rowsDone: 0,
    rowsTotal: 0,
    batchesDone: 0,
    rowsPerSecond: 0,
  };
  const base = { ...before, ...(event.stepId === undefined ? {} : { stepId: event.stepId }) };
  switch (event.kind) {
    case "data.progress": {
      const { kind: _kind, ...progress } = event;
      migrations.set(event.migrationId, { ...base, ...progress, status: before.status === "paused" ? "paused" : "running" });
      return;
    }
    case "data.paused":
      migrations.set(event.migrationId, { ...base, status: "paused", pausedReason: event.reason });
      return;
    case "data.resumed": {
      const { pausedReason: _reason, ...rest } = base;
      migrations.set(event.migrationId, { ...rest, status: "running" });
      return;
    }
    case "data.finished": {
      const { pausedReason: _reason, etaMs: _eta, ...rest } = base;
      migrations.set(event.migrationId, {
        ...rest,
        status: event.outcome,
        rowsDone: event.rowsDone,
        rowsTotal: event.rowsTotal,
        workers: event.workers,
        ...(event.message === undefined ? {} : { message: event.message }),
      });
      return;
    }
    case "data.reconciled":
      migrations.set(event.migrationId, { ...base, reconciliation: event });
      return;
    case "data.rolled_back":
      migrations.set(event.migrationId, { ...base, status: "rolled_back", rowsDone: 0, batchesDone: 0 });
      return;
  }
}
