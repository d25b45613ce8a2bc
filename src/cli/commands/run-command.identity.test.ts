import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hashPlanText } from "../../app/run/fingerprint-plan.js";
import type { RunSummary } from "../../ports/journal-store.js";
import { buildPhase, buildPlan, buildStep, fixtureScripts, type RunFixture, removeRunFixtures, writeRunFixture } from "../../testing/run-fixture.js";

afterAll(removeRunFixtures);

/** PHASE-1, then a gate the DBA Lead approves, then PHASE-2. */
function gatePlan(metadata?: object) {
  return buildPlan(
    [
      buildPhase("PHASE-1", [buildStep("STEP-1-1")], { validation_gate: { gate_id: "GATE-1", approval_required: true, approvers: ["DBA Lead"], failure_response: "block" } }),
      buildPhase("PHASE-2", [buildStep("STEP-2-1")]),
    ],
    metadata === undefined ? {} : { metadata },
  );
}

async function runsOf(fixture: RunFixture, ...args: string[]): Promise<RunSummary[]> {
  const listed = await fixture.bascule("runs", ...args, "--json");
  expect(listed.exitCode, listed.stderr).toBe(0);
  return (JSON.parse(listed.stdout) as { runs: RunSummary[] }).runs;
}

describe("a run is never continued for another environment", () => {
  it("refuses production while staging's run is paused, naming it; staging goes on, then production starts its own", async () => {
    const fixture = writeRunFixture({ plan: gatePlan(), files: fixtureScripts, bindings: { environments: { staging: {}, production: {} } } });
    const plan = fixture.plan;
    expect((await fixture.bascule("run", plan, "--env", "staging")).exitCode).toBe(3);
    const [staging] = await runsOf(fixture, plan, "--env", "staging");
    expect(staging).toMatchObject({ environment: "staging", status: "paused" });
    const id = staging?.runId as string;
    // Long enough never to collide: a readable time, then 8 random bytes.
    expect(id).toMatch(/^\d{8}T\d{6}-[0-9a-f]{16}$/);
    const journaled = (await fixture.records()).length;

    const production = await fixture.bascule("run", plan, "--env", "production");
    expect(production.exitCode).toBe(2);
    expect(production.stdout).not.toContain("resumed");
    expect(production.stderr).toContain(`run ${id} of migration-strategy.yaml is paused for environment staging, and a run is never continued in another environment`);
    expect(production.stderr).toContain("`bascule run migration-strategy.yaml --env staging`");
    expect(production.stderr).toContain("before starting one for environment production");
    expect(production.stderr).toContain("`bascule rollback migration-strategy.yaml --level full --env staging`");

    const status = await fixture.bascule("status", plan, "--env", "production");
    expect(status.exitCode).toBe(2);
    expect(status.stderr).toContain(
      `no run of migration-strategy.yaml for environment production yet; run ${id} is paused for environment staging: address it in environment staging; next: \`bascule status migration-strategy.yaml --env staging\``,
    );
    for (const command of [
      ["approve", plan, "GATE-1", "--as", "DBA Lead", "--env", "production"],
      ["approve", plan, "GATE-1", "--as", "DBA Lead"],
      ["rollback", plan, "--level", "full", "--env", "production"],
      ["logs", plan, "--env", "production"],
      ["runs", plan, "--env", "production"],
      ["status", plan, "--run", id, "--env", "production"],
    ]) {
      const refused = await fixture.bascule(...command);
      expect(refused.exitCode, command.join(" ")).toBe(2);
      expect(refused.stderr, command.join(" ")).toContain(`run ${id} is paused for environment staging`);
    }
    // Refused commands write nothing.
    expect(await fixture.records()).toHaveLength(journaled);
    expect(fixture.lines("log")).toEqual(["STEP-1-1"]);

    expect((await fixture.bascule("run", plan, "--env", "staging")).exitCode).toBe(3);
    // The commands status suggests address the run's environment.
    const report = JSON.parse((await fixture.bascule("status", plan, "--env", "staging", "--json")).stdout) as { waiting_for: { next: string[] } };
    expect(report.waiting_for.next).toEqual(["bascule approve migration-strategy.yaml GATE-1 --as 'DBA Lead' --env staging [--reject] [--comment TEXT]"]);
    const approved = await fixture.bascule("approve", plan, "GATE-1", "--as", "DBA Lead", "--env", "staging");
    expect(approved.exitCode).toBe(0);
    expect(approved.stdout).toContain("continue with: bascule run migration-strategy.yaml --env staging");
    expect((await fixture.bascule("run", plan, "--env", "staging")).exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-2-1"]);

    // Rehearsed in staging, the plan runs in production as a run of its own.
    expect((await fixture.bascule("run", plan, "--env", "production")).exitCode).toBe(3);
    const [ofProduction] = await runsOf(fixture, plan, "--env", "production");
    expect(ofProduction).toMatchObject({ environment: "production", status: "paused" });
    expect(ofProduction?.runId).not.toBe(id);
    expect(await runsOf(fixture, plan, "--env", "staging")).toEqual([expect.objectContaining({ runId: id, status: "completed" })]);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-2-1", "STEP-1-1"]);
  }, 60_000);
});

describe("two plans of the same file name sharing one --state", () => {
  function writeTwoPlans(metadata: object) {
    const fixture = writeRunFixture({ plan: gatePlan(), files: fixtureScripts });
    for (const folder of ["a", "b"]) {
      fixture.write(`${folder}/migration-strategy.yaml`, gatePlan(metadata));
      for (const [path, content] of Object.entries(fixtureScripts)) fixture.write(`${folder}/${path}`, content);
    }
    return fixture;
  }
  const state = ["--state", "shared/state.db"];

  it("get a run each when they have no metadata names: each is known by its path from the store", async () => {
    const fixture = writeTwoPlans({ version: "1.0.0" });
    expect((await fixture.bascule("run", "a/migration-strategy.yaml", ...state)).exitCode).toBe(3);
    const second = await fixture.bascule("run", "b/migration-strategy.yaml", ...state);
    expect(second.exitCode).toBe(3);
    expect(second.stdout).not.toContain("resumed");
    // Each ran its own first step, in its own folder.
    expect(fixture.lines("a/log")).toEqual(["STEP-1-1"]);
    expect(fixture.lines("b/log")).toEqual(["STEP-1-1"]);
    const [a] = await runsOf(fixture, "a/migration-strategy.yaml", ...state);
    const [b] = await runsOf(fixture, "b/migration-strategy.yaml", ...state);
    expect(a).toMatchObject({ planKey: '{"path":"../a/migration-strategy.yaml"}', status: "paused" });
    expect(b).toMatchObject({ planKey: '{"path":"../b/migration-strategy.yaml"}', status: "paused" });
    expect(await runsOf(fixture, "a/migration-strategy.yaml", ...state)).toHaveLength(1);

    expect((await fixture.bascule("approve", "b/migration-strategy.yaml", "GATE-1", "--as", "DBA Lead", ...state)).exitCode).toBe(0);
    expect((await fixture.bascule("run", "b/migration-strategy.yaml", ...state)).exitCode).toBe(0);
    expect(fixture.lines("b/log")).toEqual(["STEP-1-1", "STEP-2-1"]);
    expect((await runsOf(fixture, "a/migration-strategy.yaml", ...state))[0]).toMatchObject({ runId: a?.runId, status: "paused" });
  }, 60_000);

  it("are one migration when they have the same metadata names: the names win over the folders", async () => {
    const fixture = writeTwoPlans({ version: "1.0.0", migration_name: "Discount codes", enhancement_id: "ENHANCE-001" });
    expect((await fixture.bascule("run", "a/migration-strategy.yaml", ...state)).exitCode).toBe(3);
    const [a] = await runsOf(fixture, "a/migration-strategy.yaml", ...state);
    expect(a?.planKey).toBe('{"enhancement_id":"ENHANCE-001","migration_name":"Discount codes"}');
    // The plan read from elsewhere continues its migration's run: nothing runs twice.
    expect((await fixture.bascule("run", "b/migration-strategy.yaml", ...state)).exitCode).toBe(3);
    expect(fixture.lines("b/log")).toEqual([]);
    expect(await runsOf(fixture, "b/migration-strategy.yaml", ...state)).toEqual([expect.objectContaining({ runId: a?.runId, planPath: a?.planPath })]);
  }, 60_000);
});

describe("a plan renamed while its run is unfinished", () => {
  it("starts no fresh run from the same file that would redo what ran, unless --new", async () => {
    const fixture = writeRunFixture({ plan: gatePlan(), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    const [paused] = await runsOf(fixture, fixture.plan);
    fixture.write(fixture.plan, gatePlan({ version: "1.0.0", migration_name: "Fixture migration, renamed" }));
    const refused = await fixture.bascule("run", fixture.plan);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain(`run ${paused?.runId} was started from migration-strategy.yaml under other metadata names`);
    expect(fixture.lines("log")).toEqual(["STEP-1-1"]);
    expect((await fixture.bascule("run", fixture.plan, "--new")).exitCode).toBe(3);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-1"]);
  }, 60_000);
});

describe("a store an older Bascule wrote (schema 1: runs keyed by file name, no environment)", () => {
  it("is upgraded when opened, and its paused run continues with the approval it was given", async () => {
    const fixture = writeRunFixture({ plan: gatePlan(), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    expect((await fixture.bascule("approve", fixture.plan, "GATE-1", "--as", "DBA Lead")).exitCode).toBe(0);
    const [run] = await runsOf(fixture, fixture.plan);
    writeOlderStore(join(fixture.dir, ".bascule", "state.db"), hashPlanText(fixture.read(fixture.plan)));

    expect((await fixture.bascule("status", fixture.plan)).exitCode).toBe(0);
    const resumed = await fixture.bascule("run", fixture.plan);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-2-1"]);
    // Continued, the run is recorded under the plan's identity and the environment it continued in.
    expect(await runsOf(fixture, fixture.plan)).toEqual([{ ...run, planKey: '{"migration_name":"Fixture migration"}', status: "completed", updatedAt: expect.any(String) }]);
  }, 60_000);
});

/**
 * Turns a store back into what the previous version wrote for the same run: schema 1, runs
 * keyed by the plan's file name, no environment, no actor on events, plan hashes of the file's text.
 */
function writeOlderStore(path: string, textHash: string): void {
  const db = new Database(path);
  try {
    db.exec("UPDATE runs SET plan_key = 'migration-strategy.yaml'; ALTER TABLE runs DROP COLUMN environment; ALTER TABLE events DROP COLUMN actor; DELETE FROM locks;");
    db.prepare("UPDATE events SET payload = json_set(payload, '$.planHash', ?) WHERE json_extract(payload, '$.planHash') IS NOT NULL").run(textHash);
    db.pragma("user_version = 1");
  } finally {
    db.close();
  }
}
