import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JournalEvent } from "../engine/journal-event.js";
import type { JournalStore, LockHolder } from "../ports/journal-store.js";
import { describeClaimContract } from "./journal-store-claim-contract.js";
import { attempt, event, holder, iso, newRun, t0 } from "./journal-store-fixtures.js";

/** One opened database, as an adapter's test provides it to the contract. */
export interface JournalStoreUnderTest {
  readonly store: JournalStore;
  /** Removes what `open` created; called after every store of the test is closed. */
  readonly cleanup: () => Promise<void>;
  /** A second, independent store on the same database: another connection or client. */
  readonly openSecond: () => Promise<JournalStore>;
}

/**
 * The behaviour every `JournalStore` adapter must have. Call it from the adapter's test file;
 * `open` gives each test a fresh, empty database.
 */
export function describeJournalStoreContract(name: string, open: () => Promise<JournalStoreUnderTest>): void {
  describe(`${name} (journal store contract)`, () => {
    let opened: JournalStoreUnderTest;
    let store: JournalStore;
    const extraStores: JournalStore[] = [];
    const openSecond = async (): Promise<JournalStore> => {
      const second = await opened.openSecond();
      extraStores.push(second);
      return second;
    };

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      for (const extra of extraStores.splice(0)) await extra.close();
      await store.close();
      await opened.cleanup();
    });

    describe("runs", () => {
      it("creates a run in progress and finds it again", async () => {
        const created = await store.createRun(newRun("run-1"));
        const expected = {
          runId: "run-1",
          planKey: "plan-a",
          planPath: "plans/a/migration-strategy.yaml",
          status: "in_progress",
          startedAt: iso(t0),
          updatedAt: iso(t0),
          startedBy: "ana",
        };
        expect(created).toEqual(expected);
        expect(await store.getRun("run-1")).toEqual(expected);
        expect(await store.getRun("run-unknown")).toBeUndefined();
      });

      it("refuses a second run with the same id and keeps the first", async () => {
        await store.createRun(newRun("run-1"));
        await expect(store.createRun(newRun("run-1", { planKey: "plan-b" }))).rejects.toMatchObject({ code: "duplicate-run" });
        expect((await store.getRun("run-1"))?.planKey).toBe("plan-a");
      });

      it("lists runs newest first, optionally of one plan", async () => {
        await store.createRun(newRun("run-2", { startedAt: iso(t0 + 2000) }));
        await store.createRun(newRun("run-1", { startedAt: iso(t0 + 1000) }));
        await store.createRun(newRun("run-3", { startedAt: iso(t0 + 3000), planKey: "plan-b" }));
        expect((await store.listRuns()).map((run) => run.runId)).toEqual(["run-3", "run-2", "run-1"]);
        expect((await store.listRuns("plan-a")).map((run) => run.runId)).toEqual(["run-2", "run-1"]);
        expect(await store.listRuns("plan-unknown")).toEqual([]);
      });

      it("lists runs started at the same instant in reverse order of creation", async () => {
        for (const runId of ["run-a", "run-b", "run-c"]) await store.createRun(newRun(runId));
        expect((await store.listRuns()).map((run) => run.runId)).toEqual(["run-c", "run-b", "run-a"]);
      });

      it("keeps the environment a run was started for, and none for a run started without", async () => {
        await store.createRun(newRun("run-1", { environment: "staging" }));
        await store.createRun(newRun("run-2", { startedAt: iso(t0 + 1) }));
        expect(await store.getRun("run-1")).toMatchObject({ runId: "run-1", environment: "staging" });
        const none = await store.getRun("run-2");
        expect(none).not.toHaveProperty("environment");
        expect(none).not.toHaveProperty("legacy");
        expect((await store.listRuns("plan-a")).map((run) => run.environment)).toEqual([undefined, "staging"]);
      });

      it("lists a plan's runs by a selector as by its key: a legacy key finds only legacy runs", async () => {
        await store.createRun(newRun("run-1"));
        await store.createRun(newRun("run-2", { planKey: "migration-strategy.yaml", startedAt: iso(t0 + 1) }));
        expect((await store.listRuns({ planKey: "plan-a", legacyKey: "migration-strategy.yaml" })).map((run) => run.runId)).toEqual(["run-1"]);
        expect(await store.listRuns({ planKey: "plan-a" })).toEqual(await store.listRuns("plan-a"));
      });
    });

    describe("append and read", () => {
      beforeEach(async () => {
        await store.createRun(newRun("run-1"));
      });

      it("numbers events 1..n across batches and returns the stored records", async () => {
        const first = await store.append("run-1", [event("a"), event("b")], iso(t0 + 1));
        const second = await store.append("run-1", [event("c"), event("d"), event("e")], iso(t0 + 2));
        expect(first).toEqual([
          { runId: "run-1", seq: 1, at: iso(t0 + 1), event: event("a") },
          { runId: "run-1", seq: 2, at: iso(t0 + 1), event: event("b") },
        ]);
        expect(second.map((record) => record.seq)).toEqual([3, 4, 5]);
        expect(await store.read("run-1")).toEqual([...first, ...second]);
      });

      it("keeps who caused each batch, and through which front end, with each of its records", async () => {
        const asked = await store.append("run-1", [event("a"), event("b")], iso(t0 + 1), undefined, { actor: { name: "dana", via: "dashboard" } });
        await store.append("run-1", [event("c")], iso(t0 + 2));
        expect(asked.map((record) => record.actor)).toEqual([
          { name: "dana", via: "dashboard" },
          { name: "dana", via: "dashboard" },
        ]);
        const read = await store.read("run-1");
        expect(read.map((record) => record.actor)).toEqual([{ name: "dana", via: "dashboard" }, { name: "dana", via: "dashboard" }, undefined]);
        expect("actor" in (read[2] ?? {})).toBe(false);
      });

      it("numbers each run's events on their own", async () => {
        await store.createRun(newRun("run-2"));
        await store.append("run-1", [event("a"), event("b")], iso(t0));
        const other = await store.append("run-2", [event("x")], iso(t0));
        expect(other.map((record) => record.seq)).toEqual([1]);
        expect((await store.read("run-2")).map((record) => record.event)).toEqual([event("x")]);
      });

      it("reads only the events after a given seq, in order", async () => {
        await store.append(
          "run-1",
          ["a", "b", "c", "d"].map((kind) => event(kind)),
          iso(t0),
        );
        expect((await store.read("run-1", 2)).map((record) => [record.seq, record.event.kind])).toEqual([
          [3, "c"],
          [4, "d"],
        ]);
        expect(await store.read("run-1", 4)).toEqual([]);
        expect(await store.read("run-1", 0)).toHaveLength(4);
        expect(await store.read("run-unknown")).toEqual([]);
      });

      it("gives back event payloads exactly, nested values, quotes and newlines included", async () => {
        const payload = event("step.output", { text: 'line "1"\nline 2\u0000 é 🚀', nested: { list: [1, 2.5, null, true], empty: {} } });
        await store.append("run-1", [payload], iso(t0));
        expect((await store.read("run-1"))[0]?.event).toEqual(payload);
      });

      it("keeps what was appended even if the caller mutates its objects afterwards", async () => {
        const mutable = { kind: "a", values: [1] };
        await store.append("run-1", [mutable as unknown as JournalEvent], iso(t0));
        mutable.values.push(2);
        const [stored] = await store.read("run-1");
        expect(stored?.event).toEqual({ kind: "a", values: [1] });
      });

      it("appends nothing from a batch that cannot be serialised, and numbering continues without a gap", async () => {
        await store.append("run-1", [event("a")], iso(t0));
        const bad = [event("b"), event("c", { amount: 10n })];
        await expect(store.append("run-1", bad, iso(t0 + 1), "failed")).rejects.toMatchObject({ code: "unserialisable-event" });
        expect((await store.read("run-1")).map((record) => record.event.kind)).toEqual(["a"]);
        expect((await store.getRun("run-1"))?.status).toBe("in_progress");
        const next = await store.append("run-1", [event("d")], iso(t0 + 2));
        expect(next.map((record) => record.seq)).toEqual([2]);
      });

      it("refuses to append to an unknown run", async () => {
        await expect(store.append("run-unknown", [event("a")], iso(t0))).rejects.toMatchObject({ code: "unknown-run" });
        expect(await store.read("run-unknown")).toEqual([]);
      });

      it("updates the run's status and updatedAt with the batch", async () => {
        await store.append("run-1", [event("a")], iso(t0 + 5), "paused");
        expect(await store.getRun("run-1")).toMatchObject({ status: "paused", startedAt: iso(t0), updatedAt: iso(t0 + 5) });
        await store.append("run-1", [event("b")], iso(t0 + 6));
        expect(await store.getRun("run-1")).toMatchObject({ status: "paused", updatedAt: iso(t0 + 6) });
        const none = await store.append("run-1", [], iso(t0 + 7), "completed");
        expect(none).toEqual([]);
        expect(await store.getRun("run-1")).toMatchObject({ status: "completed", updatedAt: iso(t0 + 7) });
        expect(await store.read("run-1")).toHaveLength(2);
      });

      it("numbers concurrent appends from two stores on one database without gaps or duplicates", async () => {
        const second = await openSecond();
        const perStore = 200;
        const appends = [];
        for (let i = 0; i < perStore; i++) {
          appends.push(store.append("run-1", [event("from-first", { i })], iso(t0)));
          appends.push(second.append("run-1", [event("from-second", { i })], iso(t0)));
        }
        const returned = (await Promise.all(appends)).flat();
        const all = await store.read("run-1");
        expect(all.map((record) => record.seq)).toEqual(Array.from({ length: 2 * perStore }, (_, index) => index + 1));
        expect([...returned].sort((a, b) => a.seq - b.seq)).toEqual(all);
        for (const kind of ["from-first", "from-second"]) {
          const indexes = all.filter((record) => record.event.kind === kind).map((record) => (record.event as unknown as { i: number }).i);
          expect([...indexes].sort((a, b) => a - b)).toEqual(Array.from({ length: perStore }, (_, index) => index));
        }
        expect(await second.read("run-1")).toEqual(all);
      });
    });

    describe("locks", () => {
      const first = holder("run-1");
      const other = holder("run-2", { host: "host-2", pid: 2000, since: iso(t0 + 10), heartbeat: iso(t0 + 10) });

      it("gives a free plan's lock and refuses it to another holder, naming the holder", async () => {
        expect(await store.acquireLock("plan-a", attempt(first, t0))).toEqual({ kind: "acquired" });
        expect(await store.acquireLock("plan-a", attempt(other, t0 + 10))).toEqual({ kind: "held", holder: first });
      });

      it("gives the lock again to the holder that has it", async () => {
        await store.acquireLock("plan-a", attempt(first, t0));
        expect(await store.acquireLock("plan-a", attempt(first, t0 + 1))).toEqual({ kind: "acquired" });
        expect(await store.acquireLock("plan-a", attempt(other, t0 + 10))).toMatchObject({ kind: "held" });
      });

      it("locks each plan separately", async () => {
        await store.acquireLock("plan-a", attempt(first, t0));
        expect(await store.acquireLock("plan-b", attempt(other, t0))).toEqual({ kind: "acquired" });
      });

      it("lets a holder whose heartbeat is older than the lease be taken over, and not a moment before", async () => {
        await store.acquireLock("plan-a", attempt(first, t0));
        expect(await store.acquireLock("plan-a", attempt(other, t0 + 1000))).toMatchObject({ kind: "held" });
        expect(await store.acquireLock("plan-a", attempt(other, t0 + 1001))).toEqual({ kind: "taken-over", previous: first });
        expect(await store.acquireLock("plan-a", attempt(first, t0 + 1002))).toEqual({ kind: "held", holder: other });
      });

      it("lets a provably gone holder be taken over at once", async () => {
        await store.acquireLock("plan-a", attempt(first, t0));
        const asked: LockHolder[] = [];
        const isHolderGone = (candidate: LockHolder): boolean => {
          asked.push(candidate);
          return true;
        };
        expect(await store.acquireLock("plan-a", attempt(other, t0 + 1, { isHolderGone }))).toEqual({ kind: "taken-over", previous: first });
        expect(asked).toEqual([first]);
        expect(await store.acquireLock("plan-a", attempt(first, t0 + 2))).toEqual({ kind: "held", holder: other });
      });

      it("extends the lease with a heartbeat", async () => {
        await store.acquireLock("plan-a", attempt(first, t0));
        await store.heartbeat("plan-a", first, iso(t0 + 900));
        const refused = await store.acquireLock("plan-a", attempt(other, t0 + 1500));
        expect(refused).toEqual({ kind: "held", holder: { ...first, heartbeat: iso(t0 + 900) } });
        expect(await store.acquireLock("plan-a", attempt(other, t0 + 1901))).toMatchObject({ kind: "taken-over" });
      });

      it("refuses a heartbeat from a holder that lost the lock, and keeps the new holder's lease", async () => {
        const successor = { ...other, since: iso(t0 + 5000), heartbeat: iso(t0 + 5000) };
        await store.acquireLock("plan-a", attempt(first, t0));
        expect(await store.acquireLock("plan-a", attempt(successor, t0 + 5000))).toMatchObject({ kind: "taken-over" });
        await expect(store.heartbeat("plan-a", first, iso(t0 + 5001))).rejects.toMatchObject({ code: "lock-not-held" });
        expect(await store.acquireLock("plan-a", attempt(first, t0 + 5002))).toEqual({ kind: "held", holder: successor });
      });

      it("frees the lock on release, and ignores a release by someone else", async () => {
        await store.acquireLock("plan-a", attempt(first, t0));
        await store.releaseLock("plan-a", other);
        expect(await store.acquireLock("plan-a", attempt(other, t0 + 1))).toEqual({ kind: "held", holder: first });
        await store.releaseLock("plan-a", first);
        expect(await store.acquireLock("plan-a", attempt(other, t0 + 2))).toEqual({ kind: "acquired" });
      });

      it("shares locks between stores on one database", async () => {
        const second = await openSecond();
        await store.acquireLock("plan-a", attempt(first, t0));
        expect(await second.acquireLock("plan-a", attempt(other, t0 + 1))).toEqual({ kind: "held", holder: first });
      });
    });

    describeClaimContract(() => ({ store, openSecond }));

    describe("logs", () => {
      it("keeps step output per run and step, in the order it arrived", async () => {
        await store.createRun(newRun("run-1"));
        await store.createRun(newRun("run-2"));
        const chunk = (runId: string, stepId: string, text: string, stream: "stdout" | "stderr" = "stdout", attempt = 1) => ({ runId, stepId, attempt, stream, text, at: iso(t0) });
        const written = [
          chunk("run-1", "STEP-1", "one\n"),
          chunk("run-1", "STEP-2", "two\n"),
          chunk("run-1", "STEP-1", "oops\n", "stderr"),
          chunk("run-2", "STEP-1", "other run\n"),
          chunk("run-1", "STEP-1", "retry\n", "stdout", 2),
        ];
        for (const each of written) await store.appendLog(each);
        expect(await store.readLogs("run-1", "STEP-1")).toEqual([written[0], written[2], written[4]]);
        expect(await store.readLogs("run-1")).toEqual([written[0], written[1], written[2], written[4]]);
        expect(await store.readLogs("run-2", "STEP-2")).toEqual([]);
      });
    });

    it("refuses work once closed", async () => {
      await store.createRun(newRun("run-1"));
      await store.close();
      await expect(store.getRun("run-1")).rejects.toThrow();
      await expect(store.append("run-1", [event("a")], iso(t0))).rejects.toThrow();
    });
  });
}
