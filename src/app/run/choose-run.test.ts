import { describe, expect, it } from "vitest";
import type { RunStatus, RunSummary } from "../../ports/journal-store.js";
import { chooseRun } from "./choose-run.js";

const run = (status: RunStatus, fields: Partial<RunSummary> = {}): RunSummary => ({
  runId: "run-1",
  planKey: '{"migration_name":"Discount codes"}',
  planPath: "/plans/migration-strategy.yaml",
  status,
  startedAt: "2026-03-01T10:00:00.000Z",
  updatedAt: "2026-03-01T10:05:00.000Z",
  startedBy: "ana",
  ...fields,
});
const plan = "migration-strategy.yaml";

describe("chooseRun: what `bascule run` does about the plan's runs", () => {
  it("starts the first run, continues an unfinished one, and never runs an ended one again", () => {
    expect(chooseRun([], { plan })).toEqual({ kind: "create" });
    for (const status of ["in_progress", "paused", "failed"] as const) expect(chooseRun([run(status)], { plan })).toEqual({ kind: "resume", run: run(status) });
    for (const status of ["completed", "rolled_back"] as const) expect(chooseRun([run(status)], { plan })).toEqual({ kind: "ended", run: run(status) });
    expect(chooseRun([run("rollback_failed")], { plan })).toMatchObject({
      kind: "refused",
      reason: "rollback-failed",
      remedies: [{ kind: "status" }, { kind: "run", fresh: true }],
    });
  });

  it("looks at the latest run only: an older one left behind does not count", () => {
    const older = run("failed", { runId: "run-0", startedAt: "2026-02-01T10:00:00.000Z" });
    expect(chooseRun([run("completed"), older], { plan })).toEqual({ kind: "ended", run: run("completed") });
  });

  it("starts another with --new once the latest ended, and refuses it while the latest is unfinished", () => {
    for (const status of ["completed", "rolled_back", "failed", "rollback_failed"] as const) expect(chooseRun([run(status)], { plan, forceNew: true })).toEqual({ kind: "create" });
    for (const status of ["in_progress", "paused"] as const)
      expect(chooseRun([run(status)], { plan, forceNew: true })).toMatchObject({ kind: "refused", reason: "run-unfinished" });
  });

  it("continues any latest run for decide, retry and rollback, and never starts one", () => {
    expect(chooseRun([], { plan, existingOnly: true, anyStatus: true })).toEqual({
      kind: "refused",
      reason: "no-run",
      message: "no run of migration-strategy.yaml to continue; start one",
      remedies: [{ kind: "run" }],
    });
    expect(chooseRun([run("completed")], { plan, existingOnly: true, anyStatus: true })).toEqual({ kind: "resume", run: run("completed") });
  });
});

describe("chooseRun across environments: a run is never continued for another", () => {
  const staging = run("paused", { runId: "run-s", environment: "staging" });

  it("refuses to start a production run while the staging run is unfinished, saying how to address it", () => {
    const refused = chooseRun([staging], { plan, environment: "production" });
    expect(refused).toEqual({
      kind: "refused",
      message:
        "run run-s of migration-strategy.yaml is paused for environment staging, and a run is never continued in another environment: " +
        "continue it or end it with a full rollback before starting one for environment production",
      reason: "run-elsewhere",
      remedies: [
        { kind: "run", environment: "staging" },
        { kind: "rollback", level: "full", environment: "staging" },
      ],
    });
    expect(chooseRun([staging], { plan, environment: "production", forceNew: true })).toMatchObject({ kind: "refused", reason: "run-elsewhere" });
    // Nor is it taken for a command without an environment.
    expect(chooseRun([staging], { plan })).toMatchObject({ kind: "refused", message: expect.stringContaining("before starting one without an environment") });
  });

  it("continues the staging run for staging only", () => {
    expect(chooseRun([staging], { plan, environment: "staging" })).toEqual({ kind: "resume", run: staging });
    expect(chooseRun([staging], { plan, environment: "production", existingOnly: true, anyStatus: true })).toEqual({
      kind: "refused",
      reason: "run-elsewhere",
      message: "no run of migration-strategy.yaml for environment production to continue; run run-s is paused for environment staging: address it in environment staging",
      remedies: [{ kind: "status", environment: "staging" }],
    });
  });

  it("starts a production run once the staging run ended, and goes by production's own latest run", () => {
    const rehearsed = run("completed", { runId: "run-s", environment: "staging" });
    expect(chooseRun([rehearsed], { plan, environment: "production" })).toEqual({ kind: "create" });
    const production = run("completed", { runId: "run-p", environment: "production", startedAt: "2026-02-01T10:00:00.000Z" });
    expect(chooseRun([rehearsed, production], { plan, environment: "production" })).toEqual({ kind: "ended", run: production });
  });

  it("lets --new leave a failed run of another environment behind, never a live one", () => {
    const failed = run("failed", { runId: "run-s", environment: "staging" });
    expect(chooseRun([failed], { plan, environment: "production" })).toMatchObject({
      kind: "refused",
      message: expect.stringContaining("anyway as a new run"),
      remedies: expect.arrayContaining([{ kind: "run", environment: "production", fresh: true }]),
    });
    expect(chooseRun([failed], { plan, environment: "production", forceNew: true })).toEqual({ kind: "create" });
  });

  it("takes a run kept before environments were recorded for whichever environment continues it", () => {
    const legacy = run("paused", { planKey: plan, legacy: true });
    expect(chooseRun([legacy], { plan, environment: "production" })).toEqual({ kind: "resume", run: legacy });
    expect(chooseRun([legacy], { plan })).toEqual({ kind: "resume", run: legacy });
  });

  it("never leaves behind an unfinished run started from the same file under other names, unless --new", () => {
    const renamed = run("paused", { runId: "run-old", planKey: '{"migration_name":"Discount code"}' });
    expect(chooseRun([], { plan, strays: [renamed] })).toMatchObject({
      kind: "refused",
      reason: "run-elsewhere",
      message: expect.stringContaining("run run-old was started from migration-strategy.yaml under other metadata names"),
    });
    expect(chooseRun([], { plan, strays: [renamed], forceNew: true })).toEqual({ kind: "create" });
  });
});
