import { describe, expect, it } from "vitest";
import type { RunSummary } from "../../ports/journal-store.js";
import { identifyRun, isRunOfEnvironment, isRunOfPlan, planKeyOf, storeRoot } from "./run-identity.js";

const named = { metadata: { migration_name: "Discount Code Enhancement Migration", enhancement_id: "ENHANCE-001" } };

describe("planKeyOf: a plan's identity in its store", () => {
  it("is its metadata names when it has any, wherever the file is", () => {
    const key = '{"enhancement_id":"ENHANCE-001","migration_name":"Discount Code Enhancement Migration"}';
    expect(planKeyOf(named, "/work/a/migration-strategy.yaml", "/work/a/.bascule/state.db")).toBe(key);
    expect(planKeyOf(named, "/ci/build-7/migration-strategy.yaml", "/var/lib/bascule/state.db")).toBe(key);
    expect(planKeyOf({ metadata: { migration_name: " Backfill " } }, "/p.yaml", "/s.db")).toBe('{"migration_name":"Backfill"}');
    expect(planKeyOf({ metadata: { enhancement_id: "ENH-2" } }, "/p.yaml", "/s.db")).toBe('{"enhancement_id":"ENH-2"}');
  });

  it("is its path from the store's root without names: the folder holding .bascule/, or the state file's", () => {
    expect(planKeyOf({ metadata: { migration_name: "" } }, "/work/a/migration-strategy.yaml", "/work/a/.bascule/state.db")).toBe('{"path":"migration-strategy.yaml"}');
    expect(planKeyOf({}, "/work/a/migration-strategy.yaml", "/work/shared/state.db")).toBe('{"path":"../a/migration-strategy.yaml"}');
    expect(planKeyOf({}, "/work/teams/b/migration-strategy.yaml", "/work/.bascule/state.db")).toBe('{"path":"teams/b/migration-strategy.yaml"}');
    expect(storeRoot("/work/.bascule/state.db")).toBe("/work");
    expect(storeRoot("/work/shared/state.db")).toBe("/work/shared");
  });

  it("tells apart two names that a separator could confuse", () => {
    expect(planKeyOf({ metadata: { migration_name: "a", enhancement_id: "b" } }, "/p", "/s")).not.toBe(planKeyOf({ metadata: { migration_name: "a b" } }, "/p", "/s"));
  });
});

describe("which runs a command may continue", () => {
  const run = (fields: Partial<RunSummary>): RunSummary => ({
    runId: "run-1",
    planKey: '{"migration_name":"M"}',
    planPath: "/work/a/migration-strategy.yaml",
    status: "paused",
    startedAt: "2026-03-01T10:00:00.000Z",
    updatedAt: "2026-03-01T10:00:00.000Z",
    startedBy: "ana",
    ...fields,
  });
  const identity = (statePath: string, planPath = "/work/a/migration-strategy.yaml") =>
    identifyRun({ raw: { metadata: { migration_name: "M" } }, planPath, statePath, label: "migration-strategy.yaml" });

  it("takes a run of the plan's key, and no other", () => {
    expect(isRunOfPlan(run({}), identity("/work/a/.bascule/state.db"))).toBe(true);
    expect(isRunOfPlan(run({ planKey: '{"migration_name":"N"}' }), identity("/work/a/.bascule/state.db"))).toBe(false);
  });

  it("finds a legacy run by file name in the store beside the plan, and by its path in a shared one", () => {
    const legacy = run({ planKey: "migration-strategy.yaml", legacy: true, planPath: "/old/place/migration-strategy.yaml" });
    expect(isRunOfPlan(legacy, identity("/work/a/.bascule/state.db"))).toBe(true);
    expect(isRunOfPlan(legacy, identity("/work/shared/state.db"))).toBe(false);
    expect(isRunOfPlan({ ...legacy, planPath: "/work/a/migration-strategy.yaml" }, identity("/work/shared/state.db"))).toBe(true);
    expect(isRunOfPlan({ ...legacy, planKey: "other.yaml" }, identity("/work/a/.bascule/state.db"))).toBe(false);
  });

  it("takes a run for its own environment only, and a legacy run for any", () => {
    expect(isRunOfEnvironment(run({ environment: "staging" }), "staging")).toBe(true);
    expect(isRunOfEnvironment(run({ environment: "staging" }), "production")).toBe(false);
    expect(isRunOfEnvironment(run({ environment: "staging" }), undefined)).toBe(false);
    expect(isRunOfEnvironment(run({}), undefined)).toBe(true);
    expect(isRunOfEnvironment(run({}), "production")).toBe(false);
    expect(isRunOfEnvironment(run({ legacy: true }), "production")).toBe(true);
  });
});
