import type { Clock } from "../../ports/clock.js";
import type { LockHolder } from "../../ports/journal-store.js";
import type { RunSession } from "./run-session.js";

/** How long a lock stays held without a heartbeat before another run may take it over. */
export const lockLeaseMs = 60_000;
const heartbeatMs = 10_000;

export type TakeOver = { readonly previous: LockHolder; readonly reason: "holder-gone" | "lease-expired" };

/**
 * Holds the plan's lock while `work` runs (SEMANTICS section 7): refused when a live run
 * holds it; taken over, and said so, when its holder is provably gone or its lease expired.
 */
export async function withPlanLock<T>(
  session: RunSession,
  holder: LockHolder,
  clock: Clock,
  work: (takenOver: TakeOver | undefined, lockLost: AbortSignal) => Promise<T>,
): Promise<T | { readonly kind: "lock-held"; readonly holder: LockHolder }> {
  const attempt = await session.store.acquireLock(session.planKey, {
    holder,
    leaseMs: lockLeaseMs,
    nowMs: clock.now(),
    isHolderGone: (other) => other.host === session.host && !isProcessAlive(other.pid),
  });
  if (attempt.kind === "held") return { kind: "lock-held", holder: attempt.holder };
  const takenOver: TakeOver | undefined =
    attempt.kind === "taken-over"
      ? {
          previous: attempt.previous,
          reason: attempt.previous.host === session.host && !isProcessAlive(attempt.previous.pid) ? "holder-gone" : "lease-expired",
        }
      : undefined;
  // A run whose lock was taken over must stop: another process now owns the plan.
  const lost = new AbortController();
  const timer = setInterval(() => {
    session.store.heartbeat(session.planKey, holder, new Date(clock.now()).toISOString()).catch(() => lost.abort());
  }, heartbeatMs);
  timer.unref();
  try {
    return await work(takenOver, lost.signal);
  } finally {
    clearInterval(timer);
    await session.store.releaseLock(session.planKey, holder);
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
