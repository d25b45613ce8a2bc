import type { Clock } from "../../ports/clock.js";
import type { LockHolder, RunChoice, RunSummary } from "../../ports/journal-store.js";
import { planSelector } from "./run-identity.js";
import type { RunSession } from "./run-session.js";

/** How long a lock stays held without a heartbeat before another run may take it over. */
export const lockLeaseMs = 60_000;
const heartbeatMs = 10_000;

export type TakeOver = { readonly previous: LockHolder; readonly reason: "holder-gone" | "lease-expired" };

/** The run this process holds the plan's lock for. */
export interface PlanClaim {
  readonly run: RunSummary;
  /** True when the claim created the run: its journal is still empty. */
  readonly created: boolean;
  readonly holder: LockHolder;
  readonly takenOver?: TakeOver;
}

export interface ClaimRequest<Reason> {
  readonly pid: number;
  /** Which run to hold the lock for, from the plan's latest run; decided inside the store's claim. */
  readonly choose: (latest: RunSummary | undefined, runs: readonly RunSummary[]) => RunChoice<Reason>;
}

export type LockRefusal<Reason> = { readonly kind: "lock-held"; readonly holder: LockHolder } | { readonly kind: "declined"; readonly reason: Reason };

/**
 * Takes the plan's lock and chooses its run in one atomic step, then holds the lock while
 * `work` runs (SEMANTICS section 7): refused when a live run holds it; taken over, and said
 * so, when its holder is provably gone or its lease expired. `work` calls `untouched()` when
 * it ends having written nothing, so the lock goes back as it was found: a refused command
 * takes nothing over.
 */
export async function withPlanLock<T, Reason>(
  session: RunSession,
  request: ClaimRequest<Reason>,
  clock: Clock,
  work: (claim: PlanClaim, lockLost: AbortSignal, untouched: () => void) => Promise<T>,
): Promise<T | LockRefusal<Reason>> {
  const nowMs = clock.now();
  const at = new Date(nowMs).toISOString();
  const claimed = await session.store.claimRun(planSelector(session.identity), {
    holder: { host: session.host, pid: request.pid, since: at, heartbeat: at },
    ...(session.environment ? { environment: session.environment } : {}),
    leaseMs: lockLeaseMs,
    nowMs,
    isHolderGone: (other) => other.host === session.host && !isProcessAlive(other.pid),
    choose: request.choose,
  });
  if (claimed.kind === "held") return { kind: "lock-held", holder: claimed.holder };
  if (claimed.kind === "declined") return claimed;
  const { holder, previous } = claimed;
  const takenOver: TakeOver | undefined =
    previous === undefined ? undefined : { previous, reason: previous.host === session.host && !isProcessAlive(previous.pid) ? "holder-gone" : "lease-expired" };
  // A run whose lock was taken over must stop: another process now owns the plan.
  const lost = new AbortController();
  const timer = setInterval(() => {
    session.store.heartbeat(session.planKey, holder, new Date(clock.now()).toISOString()).catch(() => lost.abort());
  }, heartbeatMs);
  timer.unref();
  let leftUntouched = false;
  try {
    return await work({ run: claimed.run, created: claimed.created, holder, ...(takenOver ? { takenOver } : {}) }, lost.signal, () => {
      leftUntouched = true;
    });
  } finally {
    clearInterval(timer);
    await session.store.releaseLock(session.planKey, holder);
    // The takeover goes unjournaled, so it is undone: the next command that acts takes it over and says so.
    if (leftUntouched && previous !== undefined) {
      await session.store.acquireLock(session.planKey, { holder: previous, leaseMs: lockLeaseMs, nowMs: clock.now(), isHolderGone: () => false });
    }
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
