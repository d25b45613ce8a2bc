import Database from "better-sqlite3";
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { JournalRecord, RunSummary } from "../../ports/journal-store.js";
import { describeJournalStoreContract } from "../../testing/journal-store-contract.js";
import { journalSchemaVersion } from "./sqlite-journal-schema.js";
import { openSqliteJournalStore } from "./sqlite-journal-store.js";

const dir = mkdtempSync(join(tmpdir(), "bascule-journal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let databases = 0;
const freshPath = (): string => join(dir, `db-${++databases}`, ".bascule", "state.db");

describeJournalStoreContract("SqliteJournalStore", async () => {
  const path = freshPath();
  return {
    store: openSqliteJournalStore(path),
    openSecond: async () => openSqliteJournalStore(path),
    cleanup: async () => rmSync(join(path, "..", ".."), { recursive: true, force: true }),
  };
});

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const storeProcessScript = fileURLToPath(new URL("../../testing/journal-store-process.ts", import.meta.url));

interface StoreProcess {
  readonly child: ChildProcessByStdio<Writable, Readable, null>;
  /** Lines printed so far, "ready" first. */
  readonly lines: string[];
  readonly closed: Promise<number | null>;
  waitForLines(count: number): Promise<void>;
  go(): void;
}

/** Starts `journal-store-process.ts` as a real Node process, waiting for it to be ready. */
async function startStoreProcess(args: readonly string[]): Promise<StoreProcess> {
  const child = spawn(process.execPath, ["--import", tsxLoader, storeProcessScript, ...args], { stdio: ["pipe", "pipe", "inherit"] });
  const lines: string[] = [];
  let wake = (): void => {};
  createInterface({ input: child.stdout }).on("line", (line) => {
    lines.push(line);
    wake();
  });
  let done = false;
  const closed = new Promise<number | null>((resolve) =>
    child.on("close", (code) => {
      done = true;
      wake();
      resolve(code);
    }),
  );
  const waitForLines = async (count: number): Promise<void> => {
    while (lines.length < count) {
      if (done) throw new Error(`process ${args.join(" ")} ended after printing ${JSON.stringify(lines.slice(-3))}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  };
  await waitForLines(1);
  return { child, lines, closed, waitForLines, go: () => child.stdin.write("go\n") };
}

interface AppendedEvent {
  readonly writer: string;
  readonly batch: number;
  readonly index: number;
  readonly size: number;
}

function expectWholeBatches(records: readonly JournalRecord[]): void {
  const batches = new Map<string, JournalRecord[]>();
  for (const record of records) {
    const { writer, batch } = record.event as unknown as AppendedEvent;
    batches.set(`${writer}/${batch}`, [...(batches.get(`${writer}/${batch}`) ?? []), record]);
  }
  for (const batch of batches.values()) {
    const events = batch.map((record) => record.event as unknown as AppendedEvent);
    expect(events.map((event) => event.index)).toEqual(Array.from({ length: events[0]?.size ?? 0 }, (_, index) => index));
    expect(batch.map((record) => record.seq - (batch[0]?.seq ?? 0))).toEqual(events.map((event) => event.index));
  }
}

const oneToN = (n: number): number[] => Array.from({ length: n }, (_, index) => index + 1);
const newRun = { runId: "run-1", planKey: "plan-a", planPath: "migration-strategy.yaml", startedAt: "2026-03-01T10:00:00.000Z", startedBy: "ana" };

describe("SqliteJournalStore on disk", () => {
  it("creates the folder, the schema at the current version and a write-ahead log", async () => {
    const path = freshPath();
    await openSqliteJournalStore(path).close();
    expect(existsSync(path)).toBe(true);
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma("user_version", { simple: true })).toBe(journalSchemaVersion);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
  });

  it("refuses a state store written by a newer schema version, leaving it untouched", async () => {
    const path = freshPath();
    await openSqliteJournalStore(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${journalSchemaVersion + 1}`);
    raw.close();
    expect(() => openSqliteJournalStore(path)).toThrow(expect.objectContaining({ code: "newer-schema" }));
    const after = new Database(path, { readonly: true });
    expect(after.pragma("user_version", { simple: true })).toBe(journalSchemaVersion + 1);
    after.close();
  });

  it("can never hold two events with the same seq in a run", async () => {
    const path = freshPath();
    const store = openSqliteJournalStore(path);
    await store.createRun(newRun);
    await store.append("run-1", [{ kind: "a" } as never], newRun.startedAt);
    const raw = new Database(path);
    const duplicate = raw.prepare("INSERT INTO events (run_id, seq, at, kind, payload) VALUES ('run-1', 1, 'now', 'b', '{\"kind\":\"b\"}')");
    expect(() => duplicate.run()).toThrow(/UNIQUE constraint failed/);
    raw.close();
    await store.close();
  });

  it("opens after a process was killed mid-append, with events 1..n in whole batches, all parseable", async () => {
    const path = freshPath();
    const setup = openSqliteJournalStore(path);
    await setup.createRun(newRun);
    await setup.close();
    let acknowledgedSeq = 0;
    for (const round of [1, 2, 3]) {
      const writer = await startStoreProcess(["append", path, "run-1", `round-${round}`, "0", "20"]);
      writer.go();
      await writer.waitForLines(1 + 50);
      // Killing as soon as a line arrives always lands between batches; a random delay does not.
      await delay(Math.random() * 20);
      writer.child.kill("SIGKILL");
      await writer.closed;
      acknowledgedSeq = Number(writer.lines.at(-1));
    }

    const reopened = openSqliteJournalStore(path);
    const records = await reopened.read("run-1");
    await reopened.close();
    expect(records.map((record) => record.seq)).toEqual(oneToN(records.length));
    // An append that resolved was committed: the kill cannot take it back.
    expect(records.length).toBeGreaterThanOrEqual(acknowledgedSeq);
    expectWholeBatches(records);
    const writers = new Set(records.map((record) => (record.event as unknown as AppendedEvent).writer));
    expect([...writers]).toEqual(["round-1", "round-2", "round-3"]);

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
    const payloads = raw.prepare<[], string>("SELECT payload FROM events").pluck().all();
    expect(payloads).toHaveLength(records.length);
    for (const payload of payloads) expect(() => JSON.parse(payload)).not.toThrow();
    raw.close();
  }, 120_000);

  it("numbers appends of two processes released together 1..400 without gaps or duplicates", async () => {
    const path = freshPath();
    const setup = openSqliteJournalStore(path);
    await setup.createRun(newRun);
    await setup.close();
    const writers = await Promise.all(["left", "right"].map((name) => startStoreProcess(["append", path, "run-1", name, "200", "1"])));
    for (const writer of writers) writer.go();
    expect(await Promise.all(writers.map((writer) => writer.closed))).toEqual([0, 0]);

    const store = openSqliteJournalStore(path);
    const records = await store.read("run-1");
    await store.close();
    expect(records.map((record) => record.seq)).toEqual(oneToN(400));
    for (const name of ["left", "right"]) {
      const batches = records
        .map((record) => record.event as unknown as AppendedEvent)
        .filter((event) => event.writer === name)
        .map((event) => event.batch);
      expect(batches).toEqual(Array.from({ length: 200 }, (_, index) => index));
    }
  }, 120_000);

  it("opens a store that several processes create at the same moment, in every one of them", async () => {
    // Creating the store switches it to WAL, where two first openers can deadlock and SQLite
    // answers "database is locked" at once, without waiting: each round races on a new file.
    const base = join(dir, `opened-together-${++databases}`);
    const rounds = 150;
    const contenders = await Promise.all(["run-1", "run-2", "run-3", "run-4"].map((runId) => startStoreProcess(["open", base, String(rounds), runId])));
    for (let round = 0; round < rounds; round++) {
      for (const contender of contenders) contender.go();
      await Promise.all(contenders.map((contender) => contender.waitForLines(round + 2)));
    }
    expect(await Promise.all(contenders.map((contender) => contender.closed))).toEqual([0, 0, 0, 0]);
    const outcomes = contenders.flatMap((contender) => contender.lines.slice(1));
    expect(outcomes.filter((line) => line.includes(" error "))).toEqual([]);
    const acquired = outcomes.filter((line) => line.endsWith(" acquired")).map((line) => Number(line.split(" ")[0]));
    expect(acquired.sort((a, b) => a - b)).toEqual(Array.from({ length: rounds }, (_, round) => round));
  }, 120_000);

  it("gives each plan's lock to exactly one of several processes racing for it", async () => {
    const path = freshPath();
    await openSqliteJournalStore(path).close();
    const plans = 100;
    const contenders = await Promise.all(["run-1", "run-2", "run-3", "run-4"].map((runId) => startStoreProcess(["lock", path, String(plans), runId])));
    for (const contender of contenders) contender.go();
    expect(await Promise.all(contenders.map((contender) => contender.closed))).toEqual([0, 0, 0, 0]);
    const attempts = contenders.flatMap((contender) => contender.lines.slice(1));
    expect(attempts).toHaveLength(4 * plans);
    const acquired = attempts.filter((line) => line.endsWith(" acquired")).map((line) => line.split(" ")[0]);
    expect(acquired.sort()).toEqual(Array.from({ length: plans }, (_, plan) => `plan-${plan}`).sort());
    expect(attempts.filter((line) => line.endsWith(" held"))).toHaveLength(3 * plans);
  }, 120_000);
});

// Schema 1 as it shipped, before runs recorded their environment: a store an older Bascule wrote.
const schemaOne = `
  CREATE TABLE runs (id TEXT PRIMARY KEY, plan_key TEXT NOT NULL, plan_path TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL, updated_at TEXT NOT NULL, started_by TEXT NOT NULL);
  CREATE INDEX runs_by_plan ON runs (plan_key, started_at);
  CREATE TABLE events (run_id TEXT NOT NULL REFERENCES runs (id), seq INTEGER NOT NULL CHECK (seq >= 1), at TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL CHECK (json_valid(payload)), PRIMARY KEY (run_id, seq)) WITHOUT ROWID;
  CREATE TABLE locks (plan_key TEXT PRIMARY KEY, host TEXT NOT NULL, pid INTEGER NOT NULL, run_id TEXT NOT NULL, since TEXT NOT NULL, heartbeat TEXT NOT NULL);
  CREATE TABLE logs (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, step_id TEXT NOT NULL, attempt INTEGER NOT NULL, stream TEXT NOT NULL CHECK (stream IN ('stdout', 'stderr')), text TEXT NOT NULL, at TEXT NOT NULL);
  CREATE INDEX logs_by_step ON logs (run_id, step_id, id);
  PRAGMA user_version = 1;
`;

describe("SqliteJournalStore on a store of schema 1", () => {
  const planKey = '{"migration_name":"Discount codes"}';
  const plan = { planKey, legacyKey: "migration-strategy.yaml" };
  const at = "2026-03-01T10:00:00.000Z";
  const claimant = { host: "host-1", pid: 1000, since: at, heartbeat: at };

  function writeSchemaOneStore(): string {
    const path = freshPath();
    mkdirSync(dirname(path), { recursive: true });
    const raw = new Database(path);
    raw.exec(schemaOne);
    raw.prepare("INSERT INTO runs VALUES ('run-old', 'migration-strategy.yaml', '/plans/a/migration-strategy.yaml', 'paused', ?, ?, 'ana')").run(at, at);
    raw.prepare('INSERT INTO events VALUES (\'run-old\', 1, ?, \'run.created\', \'{"kind":"run.created","planHash":"h"}\')').run(at);
    raw.close();
    return path;
  }

  it("upgrades it on opening: its runs are legacy, found under the plan's file name, journals intact", async () => {
    const path = writeSchemaOneStore();
    const store = openSqliteJournalStore(path);
    try {
      const legacy = {
        runId: "run-old",
        planKey: "migration-strategy.yaml",
        planPath: "/plans/a/migration-strategy.yaml",
        legacy: true,
        status: "paused",
        startedAt: at,
        updatedAt: at,
        startedBy: "ana",
      };
      expect(await store.listRuns()).toEqual([legacy]);
      expect(await store.listRuns(plan)).toEqual([legacy]);
      // Only as a legacy run: a plan key alone does not find it.
      expect(await store.listRuns(planKey)).toEqual([]);
      expect(await store.listRuns("migration-strategy.yaml")).toEqual([legacy]);
      expect((await store.read("run-old")).map((r) => r.event.kind)).toEqual(["run.created"]);
    } finally {
      await store.close();
    }
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma("user_version", { simple: true })).toBe(journalSchemaVersion);
    raw.close();
  });

  it("records a legacy run under the plan's key and environment once a claim resumes it", async () => {
    const store = openSqliteJournalStore(writeSchemaOneStore());
    try {
      const seen: RunSummary[][] = [];
      const claimed = await store.claimRun(plan, {
        holder: claimant,
        leaseMs: 60_000,
        nowMs: Date.parse(at),
        isHolderGone: () => false,
        environment: "staging",
        choose: (latest, runs) => {
          seen.push([...runs]);
          return { kind: "resume", runId: latest?.runId ?? "" };
        },
      });
      expect(seen).toEqual([[expect.objectContaining({ runId: "run-old", legacy: true })]]);
      const adopted = {
        runId: "run-old",
        planKey,
        planPath: "/plans/a/migration-strategy.yaml",
        environment: "staging",
        status: "paused",
        startedAt: at,
        updatedAt: at,
        startedBy: "ana",
      };
      expect(claimed).toMatchObject({ kind: "claimed", created: false, run: adopted });
      expect(await store.listRuns(planKey)).toEqual([adopted]);
      expect(await store.getRun("run-old")).not.toHaveProperty("legacy");
    } finally {
      await store.close();
    }
  });

  it("finds the lock an older process, still running, holds by file name", async () => {
    const path = writeSchemaOneStore();
    const raw = new Database(path);
    raw.prepare("INSERT INTO locks VALUES ('migration-strategy.yaml', 'host-0', 42, 'run-old', ?, ?)").run(at, at);
    raw.close();
    const store = openSqliteJournalStore(path);
    try {
      let asked = 0;
      const options = {
        holder: claimant,
        leaseMs: 60_000,
        nowMs: Date.parse(at) + 1000,
        isHolderGone: () => false,
        choose: () => {
          asked++;
          return { kind: "none" as const, reason: "" };
        },
      };
      expect(await store.claimRun(plan, options)).toEqual({ kind: "held", holder: { host: "host-0", pid: 42, runId: "run-old", since: at, heartbeat: at } });
      expect(asked).toBe(0);
      // Once its lease is over, it is no obstacle.
      expect(await store.claimRun(plan, { ...options, nowMs: Date.parse(at) + 60_001 })).toEqual({ kind: "declined", reason: "" });
    } finally {
      await store.close();
    }
  });
});
