import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import jsYaml from "js-yaml";
import { openSqliteJournalStore } from "../adapters/sqlite/sqlite-journal-store.js";
import type { CliStatusReport } from "../cli/commands/status-command.js";
import type { JournalEvent } from "../engine/journal-event.js";
import type { JournalRecord } from "../ports/journal-store.js";
import { type CliOutcome, repoRoot, runCliCaptured, spawnBascule } from "./run-cli-captured.js";

export interface RunFixtureOptions {
  /** The plan: YAML text, or an object written out as YAML. */
  readonly plan: string | object;
  /** Files beside the plan, path → content; `.sh` files are made executable. */
  readonly files?: Readonly<Record<string, string>>;
  /** `bascule.config.yaml` beside the plan: YAML text, or an object written out as YAML. */
  readonly bindings?: string | object;
  /** Extra environment of every in-process command, e.g. `BASCULE_ACTOR`. */
  readonly env?: Readonly<Record<string, string>>;
}

/** A real process of `bascule`, started and left running, for lock and crash tests. */
export interface StartedBascule {
  readonly child: ChildProcess;
  /** Settles when the process has ended: its exit code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export interface RunFixture {
  /** The temporary folder holding the plan, its files, its bindings and, once run, `.bascule/`. */
  readonly dir: string;
  /** The plan's file name, relative to `dir`: what a user types after `bascule run`. */
  readonly plan: string;
  /**
   * Runs a command line in this process (`runCliCaptured`), in `dir`, not interactive, with
   * real processes and the real state store; the environment is PATH, HOME and `env`.
   */
  bascule(...args: string[]): Promise<CliOutcome>;
  /** `bascule status <plan> --json`, parsed. */
  status(): Promise<CliStatusReport>;
  /** The events of the plan's latest run, read from the state store. */
  events(): Promise<JournalEvent[]>;
  /** The records (seq, time, event) of the plan's latest run. */
  records(): Promise<readonly JournalRecord[]>;
  /** A file in `dir`, as text; "" when it does not exist (a log nothing has written to yet). */
  read(path: string): string;
  /** Lines of a file in `dir`, without blanks. */
  lines(path: string): string[];
  write(path: string, content: string | object): void;
  exists(path: string): boolean;
  /** Runs `bascule` as a real process, to completion (see `spawnBascule`). */
  spawnSync(...args: string[]): CliOutcome;
  /** Starts `bascule` as a real process and leaves it running. */
  start(...args: string[]): StartedBascule;
}

/** The plan's file name in every fixture. */
export const fixturePlanName = "migration-strategy.yaml";

const createdFolders = new Set<string>();

/** Removes every fixture folder written so far in this process: call it after a file's tests. */
export function removeRunFixtures(): void {
  for (const dir of createdFolders) rmSync(dir, { recursive: true, force: true });
  createdFolders.clear();
}

/**
 * Writes a plan, its scripts and its bindings to a fresh temporary folder, and returns
 * helpers that run `bascule` against it as a user would: in that folder, through the real
 * CLI, with real commands and the real SQLite state store in `.bascule/state.db`.
 */
export function writeRunFixture(options: RunFixtureOptions): RunFixture {
  const dir = mkdtempSync(join(tmpdir(), "bascule-run-"));
  createdFolders.add(dir);
  const write = (path: string, content: string | object) => {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, typeof content === "string" ? content : jsYaml.dump(content, { lineWidth: -1 }));
    if (path.endsWith(".sh")) chmodSync(full, 0o755);
  };
  for (const [path, content] of Object.entries(options.files ?? {})) write(path, content);
  if (options.bindings !== undefined) write("bascule.config.yaml", options.bindings);
  write(fixturePlanName, options.plan);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env };
  const statePath = join(dir, ".bascule", "state.db");

  const bascule = (...args: string[]): Promise<CliOutcome> => runCliCaptured(args, { cwd: dir, env });
  const records = async (): Promise<readonly JournalRecord[]> => {
    const store = openSqliteJournalStore(statePath);
    try {
      // The fixture's store holds the runs of its one plan.
      const latest = (await store.listRuns())[0];
      return latest === undefined ? [] : await store.read(latest.runId);
    } finally {
      await store.close();
    }
  };
  const read = (path: string) => (existsSync(join(dir, path)) ? readFileSync(join(dir, path), "utf8") : "");

  return {
    dir,
    plan: fixturePlanName,
    bascule,
    async status() {
      const outcome = await bascule("status", fixturePlanName, "--json");
      if (outcome.exitCode !== 0) throw new Error(`bascule status failed (${outcome.exitCode}): ${outcome.stderr}`);
      return JSON.parse(outcome.stdout) as CliStatusReport;
    },
    records,
    events: async () => (await records()).map((r) => r.event),
    read,
    lines: (path) =>
      read(path)
        .split("\n")
        .filter((line) => line.trim() !== ""),
    write,
    exists: (path) => existsSync(join(dir, path)),
    spawnSync: (...args) => spawnBascule(args, { cwd: dir }),
    start: (...args) => startBascule(args, dir),
  };
}

// Resolved once, so the spawned process finds the TypeScript loader from the fixture's folder.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

function startBascule(args: readonly string[], cwd: string): StartedBascule {
  const child = spawn(process.execPath, ["--import", tsxLoader, join(repoRoot, "scripts/bascule-dev.ts"), ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}

/** Waits until a file appears in the fixture's folder (written by a step's command), or gives up. */
export async function waitForFile(fixture: Pick<RunFixture, "exists">, path: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fixture.exists(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type Fields = Readonly<Record<string, unknown>>;

/**
 * A step that appends its id to `log` and whose rollback, `scripts/undo.sh` (in
 * `fixtureScripts`), appends `undo <id>`; `fields` replace any of that.
 */
export function buildStep(stepId: string, fields: Fields = {}): Fields {
  return {
    step_id: stepId,
    name: `step ${stepId}`,
    execution_details: { commands: [`echo ${stepId} >> log`] },
    rollback_procedure: { rollback_script: "scripts/undo.sh" },
    ...fields,
  };
}

/** A phase of `steps`, ordered as given. */
export function buildPhase(phaseId: string, steps: readonly Fields[], fields: Fields = {}): Fields {
  return { phase_id: phaseId, name: `phase ${phaseId}`, steps: steps.map((step, i) => ({ ...step, order: i + 1 })), ...fields };
}

/** A plan of `phases`, ordered as given; `fields` add top-level sections (or replace its metadata). */
export function buildPlan(phases: readonly Fields[], fields: Fields = {}): Fields {
  return { metadata: fixtureMetadata, migration_phases: phases.map((phase, i) => ({ ...phase, order: i + 1 })), ...fields };
}

/** What every plan begins with: the schema's metadata section. */
export const fixtureMetadata: Fields = { version: "1.0.0", migration_name: "Fixture migration", migration_status: "planned" };

/** Rollback scripts the built steps use: each appends what it undid to `log`; `undo-fails.sh` fails after logging. */
export const fixtureScripts: Readonly<Record<string, string>> = {
  "scripts/undo.sh": '#!/bin/bash\necho "undo $BASCULE_STEP_ID" >> log\n',
  "scripts/undo-fails.sh": '#!/bin/bash\necho "undo-failed $BASCULE_STEP_ID" >> log\nexit 9\n',
};
