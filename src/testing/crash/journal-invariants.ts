// What must hold of a journal after any crash, and the trace two runs are compared by.
import type { CrashPlan } from "./crash-plan.js";
import Database from "better-sqlite3";
import { existsSync, readFileSync } from "node:fs";
import { openSqliteJournalStore } from "../../adapters/sqlite/sqlite-journal-store.js";
import { foldJournal } from "../../engine/fold-journal.js";
import { type ActionStarted, formatScope } from "../../engine/journal-event.js";
import type { JournalRecord, RunSummary } from "../../ports/journal-store.js";

/** The state store as a fresh process finds it: every run, the latest one's journal, SQLite's own check. */
export interface JournalSnapshot {
  readonly runs: readonly RunSummary[];
  readonly records: readonly JournalRecord[];
  readonly integrity: string;
}

export async function readJournal(plan: CrashPlan): Promise<JournalSnapshot> {
  const store = openSqliteJournalStore(plan.statePath);
  try {
    const runs = await store.listRuns();
    const records = runs[0] === undefined ? [] : await store.read(runs[0].runId);
    const db = new Database(plan.statePath, { fileMustExist: true });
    const integrity = String(db.pragma("quick_check", { simple: true }));
    db.close();
    return { runs, records, integrity };
  } finally {
    await store.close();
  }
}

/** What a run did, without what a crash may change (resumes, in-doubt handling, action ids, timings). */
export function describeTrace(records: readonly JournalRecord[], plan: CrashPlan): string[] {
  const trace: string[] = [];
  for (const { event } of records) {
    if (event.kind === "phase.started" || event.kind === "phase.completed" || event.kind === "phase.failed") trace.push(`${event.kind} ${event.phaseId}`);
    else if (event.kind === "step.succeeded" || event.kind === "step.failed" || event.kind === "step.skipped") trace.push(`${event.kind} ${event.stepId}`);
    else if (event.kind === "gate.started" || event.kind === "gate.passed" || event.kind === "gate.failed") trace.push(`${event.kind} ${event.gateId}`);
    else if (event.kind === "check.evaluated") trace.push(`check ${formatScope(event.scope)} ${event.site} ${event.verdict}`);
    else if (event.kind === "rollback.started" || event.kind === "rollback.finished") trace.push(event.kind);
    else if (event.kind === "run.finished") trace.push(`run.finished ${event.status}`);
  }
  const state = foldJournal(records);
  for (const id of plan.stepIds) trace.push(`final step ${id} ${state.steps.get(id)?.status ?? "pending"}`);
  for (const id of plan.gateIds) trace.push(`final gate ${id} ${state.gates.get(id)?.status ?? "pending"}`);
  trace.push(`final run ${state.status}`);
  return trace;
}

/** The ledger key of an action: who it belongs to and what it runs. */
export function ledgerKey(started: ActionStarted): string {
  const { scope, action } = started;
  const owner = scope.kind === "step" ? scope.stepId : scope.kind === "gate" ? scope.gateId : scope.kind === "rollback" ? (scope.stepId ?? "rollback") : formatScope(scope);
  const what = action.kind === "command" ? `command:${action.index}` : action.kind === "script" ? `${action.role}-script` : action.kind;
  return `${owner} ${what}`;
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * The invariants of a journal after crashes, against the ledger of what really ran: events
 * numbered 1..n, action ids unique and finished at most once, every execution announced by
 * an `action.started`, and a step started again only when a `step.resolved` rerun says so.
 */
export function findViolations(snapshot: JournalSnapshot, plan: CrashPlan): string[] {
  const violations: string[] = [];
  const { records } = snapshot;
  if (snapshot.integrity !== "ok") violations.push(`SQLite quick_check: ${snapshot.integrity}`);
  if (snapshot.runs.length !== 1) violations.push(`expected one run in the store, found ${snapshot.runs.length}`);
  records.forEach((r, i) => {
    if (r.seq !== i + 1) violations.push(`event ${i + 1} is numbered ${r.seq}`);
  });
  if (records[0]?.event.kind !== "run.created") violations.push(`the journal starts with ${records[0]?.event.kind ?? "nothing"}, not run.created`);
  const started = records.flatMap((r) => (r.event.kind === "action.started" ? [r.event] : []));
  for (const [id, n] of countBy(started, (a) => a.actionId)) if (n > 1) violations.push(`action ${id} started ${n} times under one id`);
  const startSeq = new Map(records.flatMap((r) => (r.event.kind === "action.started" ? [[r.event.actionId, r.seq] as const] : [])));
  const finished = records.flatMap((r) => (r.event.kind === "action.finished" ? [{ id: r.event.actionId, seq: r.seq }] : []));
  for (const [id, n] of countBy(finished, (f) => f.id)) if (n > 1) violations.push(`action ${id} finished ${n} times`);
  for (const f of finished) if (!((startSeq.get(f.id) ?? Infinity) < f.seq)) violations.push(`action ${f.id} finished (event ${f.seq}) without starting before`);

  const ledger = existsSync(plan.ledgerPath) ? readFileSync(plan.ledgerPath, "utf8").split("\n").filter(Boolean) : [];
  const executions = countBy(ledger, (line) => line.replace(/ pid=\d+$/, ""));
  const announced = countBy(started, ledgerKey);
  for (const [key, n] of executions) {
    if (n > (announced.get(key) ?? 0)) violations.push(`${key} ran ${n} times but the journal announced it ${announced.get(key) ?? 0} times`);
  }
  const state = foldJournal(records);
  for (const stepId of plan.stepIds) {
    const ofStep = records.filter((r) => "stepId" in r.event && r.event.stepId === stepId);
    const attempts = ofStep.filter((r) => r.event.kind === "step.started").length;
    const reruns = ofStep.filter((r) => r.event.kind === "step.resolved" && r.event.as === "rerun").length;
    if (attempts > 1 + reruns) violations.push(`${stepId} started ${attempts} times with ${reruns} rerun resolutions`);
    const succeededAt = ofStep.find((r) => r.event.kind === "step.succeeded")?.seq;
    const after = records.filter(
      (r) =>
        succeededAt !== undefined &&
        r.seq > succeededAt &&
        ((r.event.kind === "step.started" && r.event.stepId === stepId) || (r.event.kind === "action.started" && r.event.scope.kind === "step" && r.event.scope.stepId === stepId)),
    );
    if (after.length > 0) violations.push(`${stepId} ran again after it succeeded (event ${after[0]?.seq}: ${after[0]?.event.kind})`);
    for (const action of plan.stepActions.get(stepId) ?? []) {
      const key = `${stepId} ${action}`;
      if ((announced.get(key) ?? 0) > attempts) violations.push(`${key} started ${announced.get(key)} times in ${attempts} attempts`);
      if (state.steps.get(stepId)?.status === "succeeded" && (executions.get(key) ?? 0) === 0) violations.push(`${stepId} succeeded but ${action} never ran`);
    }
  }
  return violations;
}

/** Where a kill landed: the last event it left in the journal. */
export function describeKillPoint(snapshot: JournalSnapshot): string {
  const last = snapshot.records.at(-1)?.event;
  if (last === undefined) return snapshot.runs.length === 0 ? "before the run was created" : "after the run's row, before run.created";
  if (last.kind === "action.started") return `mid-action (${last.action.kind}, ${last.scope.kind})`;
  return `after ${last.kind}`;
}
