import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteJournalStore } from "../src/adapters/sqlite/sqlite-journal-store.js";
import { createNodePlanFiles } from "../src/adapters/node-fs/node-plan-files.js";
import { lintPlan } from "../src/lint/lint-plan.js";
import { parsePlanText } from "../src/plan/plan-document.js";
import { explainPlan } from "../src/planner/explain-plan.js";
import { repoRoot } from "../src/testing/run-cli-captured.js";

// A user's view of the package: built and packed as `npm publish` would, installed into a project
// of its own, and used by its package names from a plain `node` process and from `tsc`.
// The tarball is unpacked as `npm install` unpacks it, and its dependencies are linked from this
// repository's node_modules: installing them would need the network (better-sqlite3 builds or
// downloads a native binary), and linking keeps the test fast and offline.

const discountPlan = join(repoRoot, "examples/discount/migration-strategy.yaml");
const explainStart = Date.parse("2026-01-05T09:00:00.000Z");

const tinyPlan = `metadata:
  version: "1.0.0"
  migration_name: "Two echoes"
  migration_status: planned
migration_phases:
  - phase_id: PHASE-1
    name: Say it twice
    order: 1
    steps:
      - step_id: STEP-1
        name: First echo
        order: 1
        execution_details:
          commands: ["echo first >> said.txt"]
        rollback_procedure:
          rollback_script: undo.sh
      - step_id: STEP-2
        name: Second echo
        order: 2
        execution_details:
          commands: ["echo second >> said.txt"]
        rollback_procedure:
          rollback_script: undo.sh
`;

// Everything here comes from the package by name; nothing from the repository's sources.
const userScript = `
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { createNodePlanFiles, listRuns, openWorkspace, readPlanFile, rollback, runPlanFile, runStatus } from "bascule";
import { parsePlanText } from "bascule/plan";
import { lintPlan, planRules } from "bascule/lint";
import { explainPlan } from "bascule/planner";
import { decideNext, foldJournal } from "bascule/engine";
import { FakeClock, MemoryJournalStore, RunSimulation } from "bascule/testing";

const [discountPath, tinyPath, statePath, start] = process.argv.slice(2);
const document = parsePlanText(readFileSync(discountPath, "utf8"));
if (document.kind !== "plan-document") throw new Error(document.message);
const lint = lintPlan(document, { files: createNodePlanFiles(dirname(discountPath)) });
const explanation = explainPlan(document.plan, { start: { epochMs: Number(start), source: "option" } });

const tinyFile = readPlanFile(tinyPath);
const simulation = new RunSimulation(readFileSync(tinyPath, "utf8"));
const firstDecision = decideNext({ ...simulation.context, nowMs: new FakeClock({ start: 0 }).now() }, foldJournal([]));
const simulated = simulation.advance();

const store = new MemoryJournalStore();
await store.createRun({ runId: "r1", planKey: "tiny", planPath: tinyPath, startedAt: "2026-01-05T09:00:00.000Z", startedBy: "ana" });

const env = { PATH: process.env.PATH, HOME: process.env.HOME };
const run = await runPlanFile(tinyPath, { actor: "ana", statePath: "sqlite:" + statePath, env });
const again = await runPlanFile(tinyPath, { actor: "ana", statePath: "sqlite:" + statePath, env });

// The run service, as an agent's front end would call it: the same run, its status, a rollback.
const opened = await openWorkspace({ planPath: tinyPath, cwd: dirname(tinyPath), state: "sqlite:" + statePath, env });
if (opened.kind !== "workspace") throw new Error(opened.message);
const serviceStatus = await runStatus(opened.workspace);
const serviceRuns = await listRuns(opened.workspace);
const rolledBack = await rollback(opened.workspace, { name: "ops-agent", via: "mcp" }, { level: "full", reason: "rehearsal over" }, { pid: process.pid });
await opened.workspace.close();

console.log(JSON.stringify({
  ruleCount: planRules.length,
  lint,
  explanation,
  tinyFile: tinyFile.kind,
  firstDecision: firstDecision.kind,
  simulated,
  simulatedRan: simulation.ran(),
  memoryRuns: (await store.listRuns()).map((r) => r.runId),
  run: { kind: run.kind, outcome: run.kind === "driven" ? { kind: run.outcome.kind, status: run.outcome.status } : undefined, runId: run.kind === "driven" ? run.run.runId : undefined },
  again: { kind: again.kind, runId: again.kind === "ended" ? again.run.runId : undefined },
  service: {
    status: serviceStatus.kind === "status" ? serviceStatus.report.run : serviceStatus,
    runs: serviceRuns.kind === "runs" ? serviceRuns.runs.map((r) => r.runId) : serviceRuns,
    rollback: rolledBack.kind === "driven" ? { kind: rolledBack.kind, status: rolledBack.outcome.status } : rolledBack,
  },
}));
`;

// Types only: it must compile under nodenext, and the lines marked @ts-expect-error must be
// errors, which they are not if a declaration is missing and its import turns to any.
const userTypes = `
import { runPlanFile, type RunPlanFileResult, type JournalStore, type LintRun } from "bascule";
import { parsePlanText, type Plan, type PlanDocument, type SourceProblem } from "bascule/plan";
import { lintPlan, planRules, type Diagnostic, type LintReport } from "bascule/lint";
import { explainPlan, type PlanExplanation } from "bascule/planner";
import { decideNext, foldJournal, type JournalEvent, type RunState } from "bascule/engine";
import { FakeClock, MemoryJournalStore, RunSimulation } from "bascule/testing";
import { describeJournalStoreContract } from "bascule/testing/journal-store-contract";

const parsed: PlanDocument | SourceProblem = parsePlanText("metadata: {}");
if (parsed.kind === "plan-document" && parsed.plan !== undefined) {
  const plan: Plan = parsed.plan;
  const report: LintReport = lintPlan(parsed, { files: { inspect: () => ({ kind: "missing" }), list: () => [] }, rules: planRules });
  const first: Diagnostic | undefined = report.diagnostics[0];
  // @ts-expect-error a report has no such field
  report.notAField;
  const explanation: PlanExplanation = explainPlan(plan, { start: { epochMs: 0, source: "option" } });
  // @ts-expect-error the explanation's kind is a literal
  const wrong: "something-else" = explanation.kind;
  void first;
  void wrong;
}
const state: RunState = foldJournal([]);
const event: JournalEvent = { kind: "phase.started", phaseId: "PHASE-1" };
const store: JournalStore = new MemoryJournalStore();
const result: Promise<RunPlanFileResult> = runPlanFile("migration-strategy.yaml", { actor: "ana" });
const lintRun: LintRun | undefined = undefined;
void [state, event, store, result, lintRun, decideNext, new FakeClock(), RunSimulation, describeJournalStoreContract];
`;

let work: string;
let project: string;

function succeed(result: SpawnSyncReturns<string>, what: string): string {
  if (result.status !== 0) throw new Error(`${what} exited ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function link(name: string, from: string): void {
  const target = join(project, "node_modules", name);
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(from, target, "dir");
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "bascule-package-"));
  // The package folder as `npm pack` sees it: package.json, README and its `files`, with dist/
  // built here so that the repository's own dist/ is never touched.
  const stage = join(work, "stage");
  const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { files: string[]; dependencies: Record<string, string> };
  mkdirSync(stage);
  for (const name of ["package.json", "README.md", ...manifest.files.filter((f) => f !== "dist")]) cpSync(join(repoRoot, name), join(stage, name), { recursive: true });
  succeed(
    spawnSync(process.execPath, [join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", join(repoRoot, "tsconfig.build.json"), "--outDir", join(stage, "dist")], {
      encoding: "utf8",
    }),
    "the build",
  );
  succeed(spawnSync(process.execPath, [join(repoRoot, "scripts/bundle-cli.mjs"), "--outdir", join(stage, "dist")], { cwd: repoRoot, encoding: "utf8" }), "the CLI bundle");
  const npmEnv = { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
  const packed = JSON.parse(
    succeed(spawnSync("npm", ["pack", "--ignore-scripts", "--offline", "--json", "--pack-destination", work], { cwd: stage, encoding: "utf8", env: npmEnv }), "npm pack"),
  ) as [{ filename: string }];

  project = join(work, "project");
  const installed = join(project, "node_modules", "bascule");
  mkdirSync(installed, { recursive: true });
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "uses-bascule", private: true, type: "module" }));
  succeed(spawnSync("tar", ["-xzf", join(work, packed[0].filename), "-C", installed, "--strip-components=1"], { encoding: "utf8" }), "unpacking the tarball");
  for (const name of Object.keys(manifest.dependencies)) link(name, join(repoRoot, "node_modules", name));
  link("@types/node", join(repoRoot, "node_modules/@types/node"));

  mkdirSync(join(project, "tiny"));
  writeFileSync(join(project, "tiny/migration-strategy.yaml"), tinyPlan);
  writeFileSync(join(project, "tiny/undo.sh"), '#!/bin/sh\necho "undo $BASCULE_STEP_ID" >> said.txt\n');
  chmodSync(join(project, "tiny/undo.sh"), 0o755);
  writeFileSync(join(project, "use-bascule.mjs"), userScript);
  writeFileSync(join(project, "use-bascule.ts"), userTypes);
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: false, types: ["node"] },
      files: ["use-bascule.ts"],
    }),
  );
}, 240_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe("the packed package, installed in a project of its own", () => {
  it("ships every file its exports name", () => {
    const installed = join(project, "node_modules", "bascule");
    const { exports } = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as { exports: Record<string, string | Record<string, string>> };
    const targets = Object.values(exports).flatMap((entry) => (typeof entry === "string" ? [entry] : Object.values(entry)));
    expect(targets.filter((target) => !existsSync(join(installed, target)))).toEqual([]);
    expect(Object.keys(exports)).toEqual(expect.arrayContaining([".", "./plan", "./lint", "./planner", "./engine", "./testing"]));
    expect(existsSync(join(installed, "src"))).toBe(false);
  });

  it("lints, explains and runs a plan through the library alone, by its package names, in a plain node process", async () => {
    const statePath = join(project, "state", "bascule.db");
    const output = succeed(
      spawnSync(process.execPath, ["use-bascule.mjs", discountPlan, join(project, "tiny/migration-strategy.yaml"), statePath, String(explainStart)], {
        cwd: project,
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? project },
        timeout: 120_000,
      }),
      "the user's script",
    );
    const seen = JSON.parse(output) as {
      ruleCount: number;
      lint: unknown;
      explanation: unknown;
      tinyFile: string;
      firstDecision: string;
      simulated: { kind: string; status?: string };
      simulatedRan: string[];
      memoryRuns: string[];
      run: { kind: string; outcome?: { kind: string; status: string }; runId?: string };
      again: { kind: string; runId?: string };
      service: { status: { id: string; status: string }; runs: string[]; rollback: { kind: string; status?: string } };
    };

    // The package's lint and explanation are the sources' own, to the last diagnostic and hour.
    const document = parsePlanText(readFileSync(discountPlan, "utf8"));
    if (document.kind !== "plan-document" || document.plan === undefined) throw new Error("the discount example no longer parses");
    const lint = lintPlan(document, { files: createNodePlanFiles(dirname(discountPlan)) });
    expect(seen.lint).toEqual(JSON.parse(JSON.stringify(lint)));
    expect(lint.errorCount).toBe(0);
    expect(seen.explanation).toEqual(JSON.parse(JSON.stringify(explainPlan(document.plan, { start: { epochMs: explainStart, source: "option" } }))));
    expect((seen.explanation as { order: { phase_id: string }[] }).order.map((p) => p.phase_id)).toEqual((document.plan.migration_phases ?? []).map((p) => p.phase_id));
    expect(seen.ruleCount).toBeGreaterThan(20);

    expect(seen.tinyFile).toBe("plan-file");
    expect(seen.firstDecision).toBe("record");
    expect(seen.simulated).toMatchObject({ kind: "finish", status: "completed" });
    expect(seen.simulatedRan).toEqual(["echo first >> said.txt", "echo second >> said.txt"]);
    expect(seen.memoryRuns).toEqual(["r1"]);

    // The real run: both commands ran once, in order (then undone, below), and the journal on the SQLite file says so.
    expect(seen.run).toMatchObject({ kind: "driven", outcome: { kind: "finished", status: "completed" } });
    expect(seen.again).toEqual({ kind: "ended", runId: seen.run.runId });
    // Through the run service: the same run, then a full rollback ordered by an agent, recorded as its.
    expect(seen.service.status).toMatchObject({ id: seen.run.runId, status: "completed" });
    expect(seen.service.runs).toEqual([seen.run.runId]);
    expect(seen.service.rollback).toEqual({ kind: "driven", status: "rolled_back" });
    expect(readFileSync(join(project, "tiny/said.txt"), "utf8")).toBe("first\nsecond\nundo STEP-2\nundo STEP-1\n");
    const store = openSqliteJournalStore(statePath);
    try {
      const [run] = await store.listRuns();
      expect(run).toMatchObject({ runId: seen.run.runId, status: "rolled_back", startedBy: "ana" });
      const records = await store.read(run!.runId);
      expect(records.find((record) => record.event.kind === "rollback.started")?.actor).toEqual({ name: "ops-agent", via: "mcp" });
      const events = records.map((record) => record.event);
      expect(events.filter((e) => e.kind === "step.succeeded").map((e) => (e as { stepId: string }).stepId)).toEqual(["STEP-1", "STEP-2"]);
      expect(events.find((event) => event.kind === "run.finished")).toMatchObject({ kind: "run.finished", status: "completed" });
      expect(events.at(-1)).toMatchObject({ kind: "run.finished", status: "rolled_back" });
    } finally {
      await store.close();
    }
  }, 120_000);

  it("installs a bascule command that lints and runs from the bundled CLI, with only the package's dependencies", () => {
    const bin = join(project, "node_modules", "bascule", "bin", "bascule.js");
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? project, BASCULE_ACTOR: "ana" };
    const lint = spawnSync(process.execPath, [bin, "lint", "--format", "json", "tiny/migration-strategy.yaml"], { cwd: project, encoding: "utf8", env });
    expect(lint.stderr).toBe("");
    expect(lint.status).toBe(0);
    expect(JSON.parse(lint.stdout)).toMatchObject({ files: [{ path: "tiny/migration-strategy.yaml" }], errorCount: 0 });
    const version = spawnSync(process.execPath, [bin, "--version"], { cwd: project, encoding: "utf8", env });
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version);
    const plan = spawnSync(process.execPath, [bin, "plan", "--format", "json", "tiny/migration-strategy.yaml"], { cwd: project, encoding: "utf8", env });
    expect(plan.status).toBe(0);
    expect((JSON.parse(plan.stdout) as { order: { phase_id: string }[] }).order.length).toBeGreaterThan(0);
  }, 120_000);

  it("has declarations that resolve under moduleResolution nodenext, subpaths included", () => {
    const result = spawnSync(process.execPath, [join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", join(project, "tsconfig.json")], {
      cwd: project,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  }, 120_000);
});
