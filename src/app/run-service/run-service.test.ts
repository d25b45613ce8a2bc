import { afterAll, describe, expect, it } from "vitest";
import { openSqliteJournalStore } from "../../adapters/sqlite/sqlite-journal-store.js";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, writeRunFixture } from "../../testing/run-fixture.js";
import { approve, attest, listRuns, readLogs, resolve, rollback, runStatus, startOrContinueRun } from "./run-service.js";
import { openWorkspace, type Workspace } from "./workspace.js";
import { join } from "node:path";

afterAll(removeRunFixtures);

/** PHASE-1, then a gate two roles must approve, then PHASE-2: the plan an agent or a browser would drive. */
const gatePlan = buildPlan([
  buildPhase("PHASE-1", [buildStep("STEP-1-1")], {
    validation_gate: { gate_id: "GATE-1", approval_required: true, approvers: ["DBA Lead", "Product Owner"], failure_response: "block" },
  }),
  buildPhase("PHASE-2", [buildStep("STEP-2-1")]),
]);

async function open(dir: string, plan: string): Promise<Workspace> {
  const opened = await openWorkspace({ planPath: plan, cwd: dir, env: { PATH: process.env.PATH } });
  if (opened.kind !== "workspace") throw new Error(`the workspace did not open: ${opened.message}`);
  return opened.workspace;
}

describe("the run service, driven by a front end other than the CLI", () => {
  it("runs to the gate, takes approvals from the dashboard, finishes, and records who did what through which front end", async () => {
    const fixture = writeRunFixture({ plan: gatePlan, files: fixtureScripts });
    const agent = { name: "migration-agent", via: "mcp" } as const;
    let workspace = await open(fixture.dir, fixture.plan);
    try {
      const paused = await startOrContinueRun(workspace, agent, {}, { pid: process.pid });
      expect(paused).toMatchObject({ kind: "driven", outcome: { kind: "paused", waitingFor: { kind: "approvals", gateId: "GATE-1" } } });
      const status = await runStatus(workspace);
      expect(status).toMatchObject({
        kind: "status",
        report: {
          waiting_for: {
            kind: "approvals",
            remedies: [
              { kind: "approve", gateId: "GATE-1", role: "DBA Lead" },
              { kind: "approve", gateId: "GATE-1", role: "Product Owner" },
            ],
          },
        },
      });
      // The starter of a run may not approve its gates, whichever front end it asks through.
      expect(await approve(workspace, { name: "migration-agent", via: "dashboard" }, { gateId: "GATE-1" })).toMatchObject({ kind: "refused", reason: "not-permitted" });
      expect(await approve(workspace, { name: "DBA Lead", via: "dashboard" }, { gateId: "GATE-9" })).toMatchObject({ kind: "refused", reason: "unknown-target" });
      expect(await approve(workspace, { name: "DBA Lead", via: "dashboard" }, { gateId: "GATE-1" })).toMatchObject({ kind: "recorded" });
      expect(await approve(workspace, { name: "Product Owner", via: "library" }, { gateId: "GATE-1", comment: "ok" })).toMatchObject({ kind: "recorded" });
    } finally {
      await workspace.close();
    }
    workspace = await open(fixture.dir, fixture.plan);
    try {
      const finished = await startOrContinueRun(workspace, agent, {}, { pid: process.pid });
      expect(finished).toMatchObject({ kind: "driven", outcome: { kind: "finished", status: "completed" } });
      expect(await attest(workspace, agent, { text: "anything" })).toMatchObject({ kind: "refused", reason: "run-ended" });
      const logs = await readLogs(workspace, { stepId: "STEP-2-1" });
      expect(logs).toMatchObject({ kind: "logs" });
      const runs = await listRuns(workspace);
      expect(runs).toMatchObject({ kind: "runs", runs: [{ status: "completed", startedBy: "migration-agent" }] });
    } finally {
      await workspace.close();
    }

    const store = openSqliteJournalStore(join(fixture.dir, ".bascule", "state.db"));
    try {
      const [run] = await store.listRuns();
      const records = await store.read(run!.runId);
      // Every event carries who caused it: the approvals are the people's, all else the agent's.
      expect(records.filter((r) => r.actor === undefined)).toEqual([]);
      expect(records.filter((r) => r.event.kind === "approval.recorded").map((r) => r.actor)).toEqual([
        { name: "DBA Lead", via: "dashboard" },
        { name: "Product Owner", via: "library" },
      ]);
      expect(new Set(records.filter((r) => r.event.kind !== "approval.recorded").map((r) => JSON.stringify(r.actor)))).toEqual(new Set([JSON.stringify(agent)]));
    } finally {
      await store.close();
    }
  }, 60_000);

  it("refuses with reason codes and remedies as data, never in one front end's words", async () => {
    const fixture = writeRunFixture({ plan: gatePlan, files: fixtureScripts, bindings: { approvers: { "DBA Lead": ["bob"], "Product Owner": ["bob"] } } });
    const workspace = await open(fixture.dir, fixture.plan);
    try {
      expect(await runStatus(workspace)).toEqual({ kind: "refused", reason: "no-run", message: "no run of migration-strategy.yaml yet; start one", remedies: [{ kind: "run" }] });
      expect(await rollback(workspace, { name: "ana", via: "library" }, { level: "full" }, { pid: process.pid })).toMatchObject({ kind: "refused", reason: "no-run" });
      await startOrContinueRun(workspace, { name: "ana", via: "library" }, {}, { pid: process.pid });
      const ambiguous = await approve(workspace, { name: "bob", via: "mcp" }, { gateId: "GATE-1" });
      expect(ambiguous).toMatchObject({ kind: "refused", reason: "ambiguous", remedies: [{ kind: "choose-role", roles: ["DBA Lead", "Product Owner"] }] });
      expect(JSON.stringify(ambiguous)).not.toMatch(/--|bascule /);
      expect(await resolve(workspace, { name: "bob", via: "mcp" }, { stepId: "STEP-1-1", as: "rerun" })).toMatchObject({ kind: "refused", reason: "not-waiting" });
      expect(await resolve(workspace, { name: "bob", via: "mcp" }, { stepId: "STEP-7", as: "rerun" })).toMatchObject({ kind: "refused", reason: "unknown-target" });
    } finally {
      await workspace.close();
    }
  }, 60_000);

  it("opens no workspace for a plan with lint errors, and says why with the findings", async () => {
    const fixture = writeRunFixture({ plan: buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1", { execution_detail: {} })])]), files: fixtureScripts });
    const opened = await openWorkspace({ planPath: fixture.plan, cwd: fixture.dir, env: {} });
    expect(opened).toMatchObject({ kind: "refused", reason: "plan-invalid" });
    if (opened.kind === "refused" && opened.reason === "plan-invalid") {
      expect(opened.report.diagnostics.map((d) => d.rule)).toContain("unknown-key");
    }
  });
});
