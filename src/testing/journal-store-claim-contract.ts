import { beforeEach, describe, expect, it } from "vitest";
import type { JournalStore, NewRun, RunChoice, RunSummary } from "../ports/journal-store.js";
import { attempt, claim, holder, iso, newRun, t0 } from "./journal-store-fixtures.js";

/** The stores of one contract test: the one under test, and a second one on the same database. */
export interface ContractStores {
  readonly store: JournalStore;
  readonly openSecond: () => Promise<JournalStore>;
}

/** The claim part of the journal store contract: one atomic step from the plan's runs to its lock and its run. */
export function describeClaimContract(stores: () => ContractStores): void {
  let store: JournalStore;
  const openSecond = () => stores().openSecond();
  beforeEach(() => {
    store = stores().store;
  });

  describe("claiming a run", () => {
    const claimant = { host: "host-1", pid: 1000, since: iso(t0), heartbeat: iso(t0) };
    const rival = { host: "host-2", pid: 2000, since: iso(t0 + 10), heartbeat: iso(t0 + 10) };
    const create =
      (runId: string, overrides: Partial<NewRun> = {}) =>
      (): RunChoice<string> => ({ kind: "create", run: newRun(runId, overrides) });

    it("creates the chosen run on a plan that has none, and holds its lock for it", async () => {
      const seen: (RunSummary | undefined)[] = [];
      const claimed = await store.claimRun(
        "plan-a",
        claim(claimant, t0, (latest) => {
          seen.push(latest);
          return { kind: "create", run: newRun("run-1") };
        }),
      );
      expect(seen).toEqual([undefined]);
      expect(claimed).toEqual({ kind: "claimed", run: await store.getRun("run-1"), created: true, holder: { ...claimant, runId: "run-1" } });
      expect(await store.acquireLock("plan-a", attempt(holder("run-2", rival), t0 + 10))).toEqual({ kind: "held", holder: { ...claimant, runId: "run-1" } });
    });

    it("shows the plan's runs to choose, newest first, and records the environment of a run it creates", async () => {
      await store.createRun(newRun("run-1", { startedAt: iso(t0 - 2000), environment: "staging" }));
      await store.createRun(newRun("run-2", { startedAt: iso(t0 - 1000) }));
      await store.createRun(newRun("run-3", { planKey: "plan-b", startedAt: iso(t0) }));
      const seen: string[][] = [];
      const claimed = await store.claimRun(
        { planKey: "plan-a", legacyKey: "migration-strategy.yaml" },
        claim(
          claimant,
          t0,
          (_latest, runs) => {
            seen.push(runs.map((run) => run.runId));
            return { kind: "create", run: newRun("run-4", { environment: "production" }) };
          },
          {
            environment: "production",
          },
        ),
      );
      expect(seen).toEqual([["run-2", "run-1"]]);
      expect(claimed).toMatchObject({ kind: "claimed", created: true, run: { runId: "run-4", environment: "production" } });
      expect(await store.getRun("run-4")).toMatchObject({ environment: "production" });
    });

    it("shows the plan's latest run to choose, and resumes it when chosen", async () => {
      await store.createRun(newRun("run-1", { startedAt: iso(t0 - 2000) }));
      const latest = await store.createRun(newRun("run-2", { startedAt: iso(t0 - 1000) }));
      await store.createRun(newRun("run-3", { planKey: "plan-b", startedAt: iso(t0) }));
      const seen: (RunSummary | undefined)[] = [];
      const claimed = await store.claimRun(
        "plan-a",
        claim(claimant, t0, (run) => {
          seen.push(run);
          return { kind: "resume", runId: "run-2" };
        }),
      );
      expect(seen).toEqual([latest]);
      expect(claimed).toEqual({ kind: "claimed", run: latest, created: false, holder: { ...claimant, runId: "run-2" } });
      expect((await store.listRuns()).map((run) => run.runId)).toEqual(["run-3", "run-2", "run-1"]);
    });

    it("is refused while a live holder's lease lasts, naming it, without choosing or creating a run", async () => {
      await store.claimRun("plan-a", claim(claimant, t0, create("run-1")));
      let asked = 0;
      const refused = await store.claimRun(
        "plan-a",
        claim(rival, t0 + 1000, () => {
          asked++;
          return { kind: "create", run: newRun("run-2") };
        }),
      );
      expect(refused).toEqual({ kind: "held", holder: { ...claimant, runId: "run-1" } });
      expect(asked).toBe(0);
      expect(await store.getRun("run-2")).toBeUndefined();
    });

    it("takes over a holder that is gone or whose lease expired, and says whose lock it was", async () => {
      await store.claimRun("plan-a", claim(claimant, t0, create("run-1")));
      const expired = await store.claimRun(
        "plan-a",
        claim(rival, t0 + 1001, (latest) => ({ kind: "resume", runId: latest?.runId ?? "" })),
      );
      expect(expired).toMatchObject({ kind: "claimed", created: false, previous: { ...claimant, runId: "run-1" }, holder: { ...rival, runId: "run-1" } });
      const gone = await store.claimRun("plan-a", claim(claimant, t0 + 1002, create("run-2"), { isHolderGone: () => true }));
      expect(gone).toMatchObject({ kind: "claimed", created: true, previous: { ...rival, runId: "run-1" } });
    });

    it("leaves the lock and the runs as they were when it declines", async () => {
      const latest = await store.createRun(newRun("run-1"));
      const seen: (RunSummary | undefined)[] = [];
      expect(
        await store.claimRun(
          "plan-a",
          claim(claimant, t0, (run) => {
            seen.push(run);
            return { kind: "none", reason: "it ended" };
          }),
        ),
      ).toEqual({ kind: "declined", reason: "it ended" });
      expect(seen).toEqual([latest]);
      expect(await store.acquireLock("plan-a", attempt(holder("run-1", rival), t0))).toEqual({ kind: "acquired" });
      // A gone holder's lock is not taken over by a claim that takes nothing.
      const declined = await store.claimRun(
        "plan-a",
        claim(claimant, t0 + 1, () => ({ kind: "none", reason: "still ended" }), { isHolderGone: () => true }),
      );
      expect(declined).toEqual({ kind: "declined", reason: "still ended" });
      expect(await store.acquireLock("plan-a", attempt(holder("run-1", claimant), t0 + 2))).toEqual({ kind: "held", holder: holder("run-1", rival) });
      expect(await store.listRuns()).toEqual([latest]);
    });

    it("takes no lock when the new run's id is taken", async () => {
      await store.createRun(newRun("run-1", { planKey: "plan-b" }));
      await expect(store.claimRun("plan-a", claim(claimant, t0, create("run-1")))).rejects.toMatchObject({ code: "duplicate-run" });
      expect(await store.acquireLock("plan-a", attempt(holder("run-2", rival), t0))).toEqual({ kind: "acquired" });
    });

    it("gives one of two stores claiming at once the run; the other finds its lock held", async () => {
      const second = await openSecond();
      const claims = await Promise.all([
        store.claimRun(
          "plan-a",
          claim(claimant, t0, (latest) => (latest ? { kind: "none", reason: "exists" } : { kind: "create", run: newRun("run-1") })),
        ),
        second.claimRun(
          "plan-a",
          claim(rival, t0, (latest) => (latest ? { kind: "none", reason: "exists" } : { kind: "create", run: newRun("run-2") })),
        ),
      ]);
      expect(claims.map((c) => c.kind).sort()).toEqual(["claimed", "held"]);
      expect(await store.listRuns("plan-a")).toHaveLength(1);
    });
  });
}
