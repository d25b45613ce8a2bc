import { cpSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteJournalStore } from "../src/adapters/sqlite/sqlite-journal-store.js";
import type { JournalEvent } from "../src/engine/journal-event.js";
import { repoRoot, spawnBascule } from "../src/testing/run-cli-captured.js";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, writeRunFixture } from "../src/testing/run-fixture.js";

// A run always ends or pauses by itself: seen looping forever before, with gigabytes of journal.
afterAll(removeRunFixtures);

async function eventsOf(statePath: string): Promise<JournalEvent[]> {
  const store = openSqliteJournalStore(statePath);
  try {
    const run = (await store.listRuns())[0];
    return run === undefined ? [] : (await store.read(run.runId)).map((r) => r.event);
  } finally {
    await store.close();
  }
}

describe("a failing start condition ends the run once", () => {
  it("a plan whose bound start condition is `false` fails once and exits 1, not spinning", async () => {
    const fixture = writeRunFixture({
      plan: buildPlan([
        buildPhase("PHASE-1", [buildStep("STEP-1-1")], { start_condition: ["Maintenance mode on"], validation_gate: { gate_id: "G1", failure_response: "block" } }),
      ]),
      files: fixtureScripts,
      bindings: { checks: { "Maintenance mode on": "false" } },
    });
    const run = fixture.spawnSync("run", fixture.plan, "--ignore-window");
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/PHASE-1 failed: start condition not met/);
    const events = await fixture.events();
    expect(events.filter((e) => e.kind === "phase.failed")).toHaveLength(1);
    expect(events.filter((e) => e.kind === "step.started")).toHaveLength(0);
    expect(events.length).toBeLessThan(20);
    // Asked again, it says it is blocked and writes no new failure.
    const again = fixture.spawnSync("run", fixture.plan, "--ignore-window");
    expect(again.exitCode).toBe(1);
    expect((await fixture.events()).filter((e) => e.kind === "phase.failed")).toHaveLength(1);
  }, 60_000);

  it("examples/discount run straight from the clone, without its simulated world, rolls PHASE-1 back once", async () => {
    const work = mkdtempSync(join(tmpdir(), "bascule-discount-bare-"));
    try {
      const example = join(work, "discount");
      cpSync(join(repoRoot, "examples/discount"), example, { recursive: true, filter: (src) => !/[/\\](\.sim|\.bascule)$/.test(src) });
      const run = spawnBascule(["run", "migration-strategy.yaml", "--ignore-window", "--as", "sam"], { cwd: example });
      expect(run.exitCode, run.stdout + run.stderr).toBe(1);
      expect(run.stdout).toMatch(/PHASE-1 failed: start condition not met/);
      expect(run.stdout).toMatch(/run rolled_back/);
      const statePath = join(example, ".bascule", "state.db");
      const events = await eventsOf(statePath);
      expect(events.filter((e) => e.kind === "phase.failed")).toHaveLength(1);
      expect(events.filter((e) => e.kind === "run.finished")).toEqual([expect.objectContaining({ status: "rolled_back" })]);
      expect(statSync(statePath).size).toBeLessThan(1_000_000);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("an observation ends at its deadline", () => {
  it("four watched metrics whose command takes 150 ms, read at the 200 ms floor: the step ends when its time is up", async () => {
    const metrics = Object.fromEntries(["m1", "m2", "m3", "m4"].map((name) => [name, { query: "command: sleep 0.15; echo 0", unit: "ratio" }]));
    const fixture = writeRunFixture({
      plan: buildPlan(
        [
          buildPhase("PHASE-1", [
            buildStep("STEP-1-1", {
              estimated_duration: "3 days observation",
              monitoring: { metrics_to_watch: ["m1", "m2", "m3", "m4"], alert_conditions: ["m1 > 5"] },
            }),
          ]),
        ],
        {
          monitoring_and_observability: {
            migration_monitoring: ["m1", "m2", "m3", "m4"].map((name) => ({ metric_name: name, normal_range: "0-1", alert_threshold: "5", critical_threshold: "9" })),
          },
        },
      ),
      files: fixtureScripts,
      // Three days at this scale is about 2.6 s of real time.
      bindings: { metrics, time_scale: 0.00001 },
    });
    const run = fixture.spawnSync("run", fixture.plan, "--ignore-window");
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const events = await fixture.events();
    expect(events.filter((e) => e.kind === "observation.finished")).toHaveLength(1);
    // About four readings per 200 ms over 2.6 s, never the thousands of a run that missed its deadline.
    expect(events.filter((e) => e.kind === "metric.sampled").length).toBeLessThan(200);
  }, 90_000);
});
