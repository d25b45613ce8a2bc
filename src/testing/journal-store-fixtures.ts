import type { JournalEvent } from "../engine/journal-event.js";
import type { AcquireLockOptions, ClaimRunOptions, LockHolder, NewRun } from "../ports/journal-store.js";

// What the journal store contract's cases are built from: runs, holders, lock attempts, claims.
// Events are opaque to the store: anything JSON-serialisable with a string `kind`.
export function event(kind: string, data: Record<string, unknown> = {}): JournalEvent {
  return { kind, ...data } as unknown as JournalEvent;
}

export const t0 = Date.parse("2026-03-01T10:00:00.000Z");
export const iso = (ms: number): string => new Date(ms).toISOString();

export function newRun(runId: string, overrides: Partial<NewRun> = {}): NewRun {
  return { runId, planKey: "plan-a", planPath: "plans/a/migration-strategy.yaml", startedAt: iso(t0), startedBy: "ana", ...overrides };
}

export function holder(runId: string, overrides: Partial<LockHolder> = {}): LockHolder {
  return { host: "host-1", pid: 1000, runId, since: iso(t0), heartbeat: iso(t0), ...overrides };
}

export function attempt(who: LockHolder, nowMs: number, overrides: Partial<AcquireLockOptions> = {}): AcquireLockOptions {
  return { holder: who, leaseMs: 1000, nowMs, isHolderGone: () => false, ...overrides };
}

export function claim(
  who: Omit<LockHolder, "runId">,
  nowMs: number,
  choose: ClaimRunOptions<string>["choose"],
  overrides: Partial<ClaimRunOptions<string>> = {},
): ClaimRunOptions<string> {
  return { holder: who, leaseMs: 1000, nowMs, isHolderGone: () => false, choose, ...overrides };
}
