import Database from "better-sqlite3";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, writeRunFixture } from "../../testing/run-fixture.js";

afterAll(removeRunFixtures);

/** One phase, two steps that log themselves, each with a rollback script that logs its undo. */
function twoStepPlan(gate: Readonly<Record<string, unknown>> = { gate_id: "GATE-1", failure_response: "block" }, second = buildStep("STEP-1-2")) {
  return buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1"), second], { validation_gate: gate })]);
}

describe("bascule run: exit codes", () => {
  it("exits 0 when the run completes, having run every command in order with the run's ids in the environment", async () => {
    const fixture = writeRunFixture({
      plan: twoStepPlan(
        undefined,
        buildStep("STEP-1-2", {
          execution_details: { commands: ['echo "$BASCULE_STEP_ID in $BASCULE_PHASE_ID of $BASCULE_RUN_ID" >> log', "echo to-stdout; echo to-stderr >&2"] },
        }),
      ),
      files: fixtureScripts,
    });
    const run = await fixture.bascule("run", fixture.plan);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    const status = await fixture.status();
    expect(status.run.status).toBe("completed");
    expect(fixture.lines("log")).toEqual(["STEP-1-1", `STEP-1-2 in PHASE-1 of ${status.run.id}`]);
    expect(status.phases).toEqual([
      {
        phase_id: "PHASE-1",
        status: "completed",
        gate: { gate_id: "GATE-1", status: "passed", approvals: [] },
        steps: [
          { step_id: "STEP-1-1", status: "succeeded", attempt: 1 },
          { step_id: "STEP-1-2", status: "succeeded", attempt: 1 },
        ],
      },
    ]);
    expect(status.waiting_for).toBeUndefined();
    const kinds = (await fixture.events()).map((e) => e.kind);
    // Intent is durable before the side effect: a step starts before its first command does.
    expect(kinds.indexOf("step.started")).toBeLessThan(kinds.indexOf("action.started"));
    expect(kinds.at(-1)).toBe("run.finished");
    // Each step's output is kept in the store.
    const logs = await fixture.bascule("logs", fixture.plan, "STEP-1-2");
    expect(logs.stdout).toContain("to-stdout");
    expect(logs.stdout).toContain("to-stderr");
  });

  it("never runs a completed run again: a second `run` says which run completed when, and writes nothing; --new starts another", async () => {
    const fixture = writeRunFixture({ plan: twoStepPlan(), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    const done = await fixture.status();
    const records = await fixture.records();
    const again = await fixture.bascule("run", fixture.plan);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toBe("");
    expect(again.stdout).toBe(
      `run ${done.run.id} completed at ${done.run.updated_at}; nothing is run again. \`bascule run ${fixture.plan} --new\` starts another run on purpose\n`,
    );
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2"]);
    expect(await fixture.records()).toEqual(records);
    expect(await fixture.status()).toEqual(done);

    expect((await fixture.bascule("run", fixture.plan, "--new")).exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "STEP-1-1", "STEP-1-2"]);
    const runs = JSON.parse((await fixture.bascule("runs", fixture.plan, "--json")).stdout) as { runs: { status: string }[] };
    expect(runs.runs.map((r) => r.status)).toEqual(["completed", "completed"]);
  });

  it("never runs a run rolled back to its end again: a plain `run` says so (exit 1 after a failure) and writes nothing", async () => {
    const plan = buildPlan([
      buildPhase("PHASE-1", [buildStep("STEP-1-1")]),
      buildPhase("PHASE-2", [buildStep("STEP-2-1", { execution_details: { commands: ["echo STEP-2-1 >> log", "test -f fixed"] } })], {
        validation_gate: { gate_id: "GATE-2", failure_response: "rollback" },
      }),
    ]);
    const fixture = writeRunFixture({ plan, files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(1);
    expect((await fixture.status()).run.status).toBe("rolled_back");
    const records = await fixture.records();
    // PHASE-1 stays applied: starting afresh would run STEP-1-1 a second time.
    const again = await fixture.bascule("run", fixture.plan);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(
      /^bascule: run \S+ was rolled back at \d{4}-\d\d-\d\dT[^ ]+ \(phase rollback, .*\); nothing is run again\. `bascule retry migration-strategy.yaml` tries again/,
    );
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-2-1", "undo STEP-2-1"]);
    expect(await fixture.records()).toEqual(records);

    fixture.write("fixed", "");
    expect((await fixture.bascule("retry", fixture.plan)).exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-2-1", "undo STEP-2-1", "STEP-2-1"]);
  });

  it("refuses --new while the latest run is unfinished (exit 2), and starts nothing", async () => {
    const plan = buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1", { validation: { validation_checks: ["Dashboards look normal"] } }), buildStep("STEP-1-2")])]);
    const fixture = writeRunFixture({ plan, files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    const records = await fixture.records();
    const fresh = await fixture.bascule("run", fixture.plan, "--new");
    expect(fresh.exitCode).toBe(2);
    expect(fresh.stderr).toMatch(
      /run \S+ is still paused: continue it, or end it with a full rollback, before starting another; next: `bascule run \S+` or `bascule rollback \S+ --level full`/,
    );
    expect(await fixture.records()).toEqual(records);
    expect(fixture.lines("log")).toEqual(["STEP-1-1"]);
  });

  it("exits 1 when a step fails and the gate blocks, and says what to do next", async () => {
    const fixture = writeRunFixture({
      plan: twoStepPlan(undefined, buildStep("STEP-1-2", { execution_details: { commands: ["echo partial >> log", "exit 7", "echo never >> log"] } })),
      files: fixtureScripts,
    });
    const run = await fixture.bascule("run", fixture.plan);
    expect(run.exitCode).toBe(1);
    // The failed step's own rollback runs first; the succeeded step stays done while blocked.
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "partial", "undo STEP-1-2"]);
    const status = await fixture.status();
    expect(status.run.status).toBe("failed");
    expect(status.phases[0]?.status).toBe("failed");
    expect(status.phases[0]?.steps[1]).toMatchObject({ step_id: "STEP-1-2", status: "rolled_back" });
    expect(status.waiting_for).toMatchObject({ kind: "decision", options: ["retry", "rollback"] });
    expect(status.waiting_for?.next).toEqual([`bascule retry ${fixture.plan}`, `bascule rollback ${fixture.plan} --level phase`]);
    const failed = (await fixture.events()).find((e) => e.kind === "step.failed");
    expect(failed).toMatchObject({ stepId: "STEP-1-2", reason: 'command "exit 7" exited with 7' });
  });

  it("exits 2 on a plan it cannot read, with the file and position", async () => {
    const fixture = writeRunFixture({ plan: "migration_phases:\n  - phase_id: PHASE-1\n    steps: [\n" });
    const missing = await fixture.bascule("run", "no-such-plan.yaml");
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("no-such-plan.yaml");
    const broken = await fixture.bascule("run", fixture.plan);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toMatch(/migration-strategy\.yaml:\d+:\d+: /);
    expect(existsSync(join(fixture.dir, ".bascule"))).toBe(false);
  });

  it("exits 1 with the lint errors on a plan lint rejects, and runs nothing", async () => {
    const fixture = writeRunFixture({ plan: buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1"), buildStep("STEP-1-1")])]), files: fixtureScripts });
    const run = await fixture.bascule("run", fixture.plan);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("unique-ids");
    expect(run.stderr).toContain("the plan has lint errors; fix them before running it");
    expect(fixture.read("log")).toBe("");
    expect(existsSync(join(fixture.dir, ".bascule"))).toBe(false);
  });

  it("exits 2 on invalid bindings, pointing at the line and column", async () => {
    const fixture = writeRunFixture({
      plan: twoStepPlan(),
      files: fixtureScripts,
      bindings: "approval:\n  policy: any\ntime_scale: -1\n",
    });
    const run = await fixture.bascule("run", fixture.plan);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(join(fixture.dir, "bascule.config.yaml"));
    expect(run.stderr).toMatch(/3:13\s+error\s+time_scale must be greater than 0/);
    expect(run.stderr).toContain("the bindings file is not valid");
    expect(fixture.read("log")).toBe("");
  });

  it("exits 2 on an unknown option", async () => {
    const fixture = writeRunFixture({ plan: twoStepPlan(), files: fixtureScripts });
    const run = await fixture.bascule("run", fixture.plan, "--no-such-option");
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("--no-such-option");
    expect(fixture.read("log")).toBe("");
  });
});

describe("bascule run --dry-run", () => {
  it("prints the resolved actions in order and creates no state", async () => {
    const fixture = writeRunFixture({
      plan: twoStepPlan(
        undefined,
        buildStep("STEP-1-2", { execution_details: { commands: ["ALTER TABLE cart ADD COLUMN code TEXT"] }, validation: { validation_checks: ["Backup file exists"] } }),
      ),
      files: fixtureScripts,
      bindings: { systems: { cart: { url: "sqlite:cart.db" } }, checks: { "Backup file exists": "test -s backup.sql" } },
    });
    const run = await fixture.bascule("run", fixture.plan, "--dry-run");
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split("\n");
    const at = (text: string) => lines.findIndex((line) => line.includes(text));
    expect(at("$ echo STEP-1-1 >> log")).toBeGreaterThan(-1);
    expect(at("SQL ALTER TABLE cart ADD COLUMN code TEXT → on cart (sqlite)")).toBeGreaterThan(at("$ echo STEP-1-1 >> log"));
    expect(at('check "Backup file exists" → run: test -s backup.sql')).toBeGreaterThan(at("SQL ALTER TABLE"));
    expect(run.stdout).toContain(`undo: script scripts/undo.sh → ${join(fixture.dir, "scripts/undo.sh")}`);
    expect(fixture.read("log")).toBe("");
    expect(existsSync(join(fixture.dir, ".bascule"))).toBe(false);
  });
});

describe("bascule run --state", () => {
  it("refuses a URL with exit 2, creating nothing and never repeating its password", async () => {
    const fixture = writeRunFixture({ plan: twoStepPlan(), files: fixtureScripts });
    const before = readdirSync(fixture.dir).sort();
    for (const [state, scheme] of [
      ["postgres://deploy:hunter2-secret@db.internal:5432/bascule", "postgres"],
      ["postgresql://deploy@db.internal/bascule?password=hunter2-secret", "postgresql"],
      ["mysql://root:hunter2-secret@localhost/state", "mysql"],
    ] as const) {
      const run = await fixture.bascule("run", fixture.plan, "--state", state);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(`--state names a ${scheme}:// URL`);
      expect(run.stderr).not.toContain("hunter2");
      expect(run.stdout).toBe("");
    }
    expect(readdirSync(fixture.dir).sort()).toEqual(before);
    expect(fixture.read("log")).toBe("");
  });

  it("takes a path, or sqlite:PATH as the bindings write SQLite, relative to the working folder", async () => {
    const fixture = writeRunFixture({ plan: twoStepPlan(), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan, "--state", "sqlite:state/runs.db")).exitCode).toBe(0);
    expect(fixture.exists("state/runs.db")).toBe(true);
    expect(fixture.exists(".bascule")).toBe(false);
    const status = await fixture.bascule("status", fixture.plan, "--state", "state/runs.db", "--json");
    expect((JSON.parse(status.stdout) as { run: { status: string } }).run.status).toBe("completed");
  });
});

describe("bascule run: migration windows", () => {
  // Three days from now is never today, whatever the time: a window on that day alone excludes now.
  const elsewhere = ["Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays"][(new Date().getUTCDay() + 3) % 7];
  const windowed = (window: string) => ({ ...twoStepPlan(), migration_overview: { constraints: { migration_window: window } } });

  it("pauses with exit 3 outside the window, and runs nothing", async () => {
    const fixture = writeRunFixture({ plan: windowed(`${elsewhere} UTC`), files: fixtureScripts });
    const run = await fixture.bascule("run", fixture.plan);
    expect(run.exitCode).toBe(3);
    expect(fixture.read("log")).toBe("");
    const status = await fixture.status();
    expect(status.run.status).toBe("paused");
    expect(status.waiting_for).toMatchObject({ kind: "window", window: `${elsewhere} UTC` });
    expect(status.waiting_for?.next[0]).toContain("--ignore-window");
  });

  it("runs outside the window with --ignore-window, and the journal records who overrode it", async () => {
    const fixture = writeRunFixture({ plan: windowed(`${elsewhere} UTC`), files: fixtureScripts, env: { BASCULE_ACTOR: "oncall-sre" } });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(3);
    const run = await fixture.bascule("run", fixture.plan, "--ignore-window");
    expect(run.exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2"]);
    expect(await fixture.events()).toContainEqual({ kind: "window.overridden", window: `${elsewhere} UTC`, by: "oncall-sre" });
  });

  it("runs an 'anytime' plan without asking", async () => {
    const fixture = writeRunFixture({ plan: windowed("anytime"), files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    const events = await fixture.events();
    expect(events).toContainEqual({ kind: "window.checked", window: "anytime", inside: true });
    expect(events.some((e) => e.kind === "window.overridden")).toBe(false);
  });
});

describe("bascule run: test datasets", () => {
  const datasetPlan = (ids: string[]) =>
    buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1", { validation: { test_dataset_ids: ids } })])], { linkage: { test_datasets_dir: "datasets" } });

  it("runs a dataset with an execution command, and its failure fails the step", async () => {
    const fixture = writeRunFixture({
      plan: datasetPlan(["DS-1"]),
      files: { ...fixtureScripts, "datasets/DS-1.yaml": 'name: carts\nexecution:\n  command: "echo dataset-ran >> log; test -f fixed"\n' },
    });
    const failed = await fixture.bascule("run", fixture.plan);
    expect(failed.exitCode).toBe(1);
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "dataset-ran", "undo STEP-1-1"]);
    const events = await fixture.events();
    expect(events).toContainEqual(expect.objectContaining({ kind: "check.evaluated", via: "dataset", text: "DS-1", verdict: "failed" }));
    expect((await fixture.status()).run.reason).toContain('check "DS-1" failed (dataset)');

    fixture.write("fixed", "");
    const retried = await fixture.bascule("retry", fixture.plan);
    expect(retried.exitCode).toBe(0);
    expect(fixture.lines("log").slice(3)).toEqual(["STEP-1-1", "dataset-ran"]);
  });

  it("asks a person to attest a dataset with no execution, by its id", async () => {
    const fixture = writeRunFixture({ plan: datasetPlan(["DS-2"]), files: { ...fixtureScripts, "datasets/DS-2.yaml": "name: checked by hand\n" } });
    const paused = await fixture.bascule("run", fixture.plan);
    expect(paused.exitCode).toBe(3);
    expect((await fixture.status()).waiting_for).toMatchObject({ kind: "attestations", items: [expect.objectContaining({ text: "DS-2" })] });
    expect((await fixture.bascule("attest", fixture.plan, "DS-2", "--by", "qa")).exitCode).toBe(0);
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    expect(await fixture.events()).toContainEqual(expect.objectContaining({ kind: "check.evaluated", text: "DS-2", via: "attestation", verdict: "passed" }));
  });
});

describe("bascule run: SQL among a step's commands", () => {
  const sqlPlan = () => buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1", { execution_details: { commands: ["ALTER TABLE cart ADD COLUMN discount_code TEXT"] } })])]);

  it("runs on the bound SQLite system", async () => {
    const fixture = writeRunFixture({ plan: sqlPlan(), files: fixtureScripts, bindings: { systems: { "Cart Database": { url: "sqlite:cart.db" } } } });
    const db = new Database(join(fixture.dir, "cart.db"));
    db.exec("CREATE TABLE cart (id INTEGER PRIMARY KEY)");
    db.close();
    const run = await fixture.bascule("run", fixture.plan);
    expect(run.exitCode).toBe(0);
    const after = new Database(join(fixture.dir, "cart.db"), { readonly: true });
    const columns = after.prepare("SELECT name FROM pragma_table_info('cart')").all() as { name: string }[];
    after.close();
    expect(columns.map((c) => c.name)).toEqual(["id", "discount_code"]);
  });

  it("fails the step without a bound system, saying what to add", async () => {
    const fixture = writeRunFixture({ plan: sqlPlan(), files: fixtureScripts });
    const run = await fixture.bascule("run", fixture.plan);
    expect(run.exitCode).toBe(1);
    const failed = (await fixture.events()).find((e) => e.kind === "step.failed");
    expect(failed).toMatchObject({ stepId: "STEP-1-1" });
    expect(failed && "reason" in failed ? failed.reason : "").toContain('binds no system; add one, e.g. systems: { "Cart Database": { url: "sqlite:cart.db" } }');
  });
});

describe("bascule run: rollback failed (exit 4)", () => {
  const rollbackFailsPlan = (lastCommand: string) =>
    buildPlan([
      buildPhase(
        "PHASE-1",
        [
          buildStep("STEP-1-1"),
          buildStep("STEP-1-2", { rollback_procedure: { rollback_script: "scripts/undo-fails.sh" } }),
          buildStep("STEP-1-3", { execution_details: { commands: ["echo STEP-1-3 >> log", lastCommand] } }),
        ],
        { validation_gate: { gate_id: "GATE-1", failure_response: "rollback" } },
      ),
    ]);

  it("exits 4 when a rollback script fails, listing what was and was not undone", async () => {
    const fixture = writeRunFixture({ plan: rollbackFailsPlan("false"), files: fixtureScripts });
    const run = await fixture.bascule("run", fixture.plan);
    expect(run.exitCode).toBe(4);
    // STEP-1-3's own rollback, then the phase in reverse: STEP-1-2's undo fails, so STEP-1-1 is never tried.
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "STEP-1-3", "undo STEP-1-3", "undo-failed STEP-1-2"]);
    const status = await fixture.status();
    expect(status.run.status).toBe("rollback_failed");
    expect(status.rollback).toMatchObject({ level: "phase", outcome: "rollback_failed", undone: [] });
    // STEP-1-1 was never reached, so it is not undone either, and status says so.
    expect(status.rollback?.not_undone).toEqual([
      { step_id: "STEP-1-2", reason: "rollback script scripts/undo-fails.sh exited with 9" },
      { step_id: "STEP-1-1", reason: expect.stringContaining("not reached") },
    ]);
    expect(status.phases[0]?.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded", "rolled_back"]);

    // The system may be between states: a plain `run` refuses, `--new` starts afresh.
    const again = await fixture.bascule("run", fixture.plan);
    expect(again.exitCode).toBe(4);
    expect(again.stderr).toContain("ended with a failed rollback");
    expect(fixture.lines("log")).toHaveLength(5);
    fixture.write(fixture.plan, rollbackFailsPlan("true"));
    expect((await fixture.bascule("run", fixture.plan, "--new")).exitCode).toBe(0);
    const runs = JSON.parse((await fixture.bascule("runs", fixture.plan, "--json")).stdout) as { runs: { status: string }[] };
    expect(runs.runs.map((r) => r.status)).toEqual(["completed", "rollback_failed"]);
  });
});

describe("bascule run: observation and time scale", () => {
  it("watches a step for its observation period, compressed by --time-scale, and journals the deadline", async () => {
    const plan = buildPlan([
      buildPhase("PHASE-1", [buildStep("STEP-1-1", { estimated_duration: "2 hours observation", monitoring: { metrics_to_watch: ["orders per minute"] } }), buildStep("STEP-1-2")]),
    ]);
    const fixture = writeRunFixture({ plan, files: fixtureScripts });
    expect((await fixture.bascule("run", fixture.plan, "--time-scale", "0.00001")).exitCode).toBe(0);
    const kinds = (await fixture.events()).map((e) => e.kind);
    expect(kinds.indexOf("observation.started")).toBeGreaterThan(kinds.indexOf("action.finished"));
    expect(kinds.indexOf("observation.finished")).toBeGreaterThan(kinds.indexOf("observation.started"));
    expect(kinds.indexOf("observation.finished")).toBeLessThan(kinds.indexOf("step.succeeded"));
    expect(await fixture.events()).toContainEqual(expect.objectContaining({ kind: "observation.started", stepId: "STEP-1-1", planMs: 7_200_000 }));
    expect(await fixture.events()).toContainEqual(expect.objectContaining({ kind: "run.created", timeScale: 0.00001 }));
    expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2"]);
  });

  it("refuses a time scale that is not a positive number (exit 2)", async () => {
    const fixture = writeRunFixture({ plan: twoStepPlan(), files: fixtureScripts });
    const run = await fixture.bascule("run", fixture.plan, "--time-scale", "0");
    expect(run.exitCode).toBe(2);
    expect(fixture.read("log")).toBe("");
  });
});

describe("bascule as a real process", () => {
  it("reports pause, bad input and completion to the shell through its exit code", async () => {
    const fixture = writeRunFixture({
      plan: buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1", { validation: { validation_checks: ["Backup file exists"] } })])]),
      files: fixtureScripts,
    });
    const paused = fixture.spawnSync("run", fixture.plan);
    expect(paused.exitCode).toBe(3);
    expect(paused.stdout).toContain("Backup file exists");
    const typo = fixture.spawnSync("attest", fixture.plan, "Backup files exist", "--by", "dba");
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('did you mean "Backup file exists"?');
    expect(fixture.spawnSync("attest", fixture.plan, "Backup file exists", "--by", "dba").exitCode).toBe(0);
    const done = fixture.spawnSync("run", fixture.plan);
    expect(done.exitCode).toBe(0);
    expect((await fixture.status()).run.status).toBe("completed");
  });
});
