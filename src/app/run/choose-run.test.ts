import { describe, expect, it } from "vitest";
import type { RunStatus, RunSummary } from "../../ports/journal-store.js";
import { chooseRun } from "./choose-run.js";

const run = (status: RunStatus): RunSummary => ({
  runId: "run-1",
  planKey: "migration-strategy.yaml",
  planPath: "/plans/migration-strategy.yaml",
  status,
  startedAt: "2026-03-01T10:00:00.000Z",
  updatedAt: "2026-03-01T10:05:00.000Z",
  startedBy: "ana",
});
const planKey = "migration-strategy.yaml";

describe("chooseRun: what `bascule run` does about the latest run", () => {
  it("starts the first run, continues an unfinished one, and never runs an ended one again", () => {
    expect(chooseRun(undefined, { planKey })).toEqual({ kind: "create" });
    for (const status of ["in_progress", "paused", "failed"] as const) expect(chooseRun(run(status), { planKey })).toEqual({ kind: "resume", run: run(status) });
    for (const status of ["completed", "rolled_back"] as const) expect(chooseRun(run(status), { planKey })).toEqual({ kind: "ended", run: run(status) });
    expect(chooseRun(run("rollback_failed"), { planKey })).toMatchObject({ kind: "refused", exitCode: 4 });
  });

  it("starts another with --new once the latest ended, and refuses it while the latest is unfinished", () => {
    for (const status of ["completed", "rolled_back", "failed", "rollback_failed"] as const) expect(chooseRun(run(status), { planKey, forceNew: true })).toEqual({ kind: "create" });
    for (const status of ["in_progress", "paused"] as const) expect(chooseRun(run(status), { planKey, forceNew: true })).toMatchObject({ kind: "refused", exitCode: 2 });
  });

  it("continues any latest run for decide, retry and rollback, and never starts one", () => {
    expect(chooseRun(undefined, { planKey, existingOnly: true, anyStatus: true })).toEqual({
      kind: "refused",
      message: "no run of migration-strategy.yaml to continue; start one with `bascule run`",
      exitCode: 2,
    });
    expect(chooseRun(run("completed"), { planKey, existingOnly: true, anyStatus: true })).toEqual({ kind: "resume", run: run("completed") });
  });
});
