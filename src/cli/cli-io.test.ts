import { afterAll, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, writeRunFixture } from "../testing/run-fixture.js";
import { runInShell } from "../testing/run-in-shell.js";

afterAll(removeRunFixtures);

// The reader of the pipe reads one line, closes its end, then says so in a file: from then on
// every write into the pipe fails with EPIPE, whatever the machine's speed.
const intoHead = "{ head -1 > first-line; exec 0<&-; touch reader-gone; }";
const waitForReader = "for i in $(seq 1200); do [ -e reader-gone ] && break; sleep 0.05; done";

/** Four steps that print; with `waiting`, the first waits until nobody reads the run's output any more. */
function printingPlan(waiting = false) {
  const prints = (id: string) => `echo ${id} >> log; for n in 1 2 3; do echo "${id} says $n"; done`;
  const first = waiting ? [waitForReader, prints("STEP-1-1")] : [prints("STEP-1-1")];
  return buildPlan([
    buildPhase("PHASE-1", [buildStep("STEP-1-1", { execution_details: { commands: first } }), buildStep("STEP-1-2", { execution_details: { commands: [prints("STEP-1-2")] } })]),
    buildPhase("PHASE-2", [
      buildStep("STEP-2-1", { execution_details: { commands: [prints("STEP-2-1")] } }),
      buildStep("STEP-2-2", { execution_details: { commands: [prints("STEP-2-2")] } }),
    ]),
  ]);
}

function expectNoCrash(stderr: string) {
  expect(stderr).not.toMatch(/EPIPE|node:internal|Unhandled|\n\s+at /);
}

describe("output into a pipe whose reader is gone", () => {
  it.each([
    ["stdout", ""],
    ["stdout and stderr", "2>&1"],
  ])(
    "`bascule run PLAN | head -1` (%s) carries the run to its end and exits with its code",
    async (_streams, redirect) => {
      const fixture = writeRunFixture({ plan: printingPlan(true), files: fixtureScripts });
      const shell = runInShell(fixture.dir, `bascule run ${fixture.plan} ${redirect} | ${intoHead}; exit "\${PIPESTATUS[0]}"`);
      expectNoCrash(shell.stderr);
      expect(shell.exitCode).toBe(0);
      expect(fixture.read("first-line")).toMatch(/^run started by /);
      const status = await fixture.status();
      expect(status.run.status).toBe("completed");
      expect(status.phases.flatMap((phase) => phase.steps.map((step) => step.status))).toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);
      expect(fixture.lines("log")).toEqual(["STEP-1-1", "STEP-1-2", "STEP-2-1", "STEP-2-2"]);
      expect((await fixture.events()).at(-1)).toMatchObject({ kind: "run.finished", status: "completed" });
      // What the pipe could not take is still in the store.
      expect((await fixture.bascule("logs", fixture.plan, "STEP-2-2")).stdout).toContain("STEP-2-2 says 3");
    },
    120_000,
  );

  it.each([["schema"], ["lint --help"], ["plan migration-strategy.yaml"], ["status migration-strategy.yaml --json"]])(
    "`bascule %s | head -1` ends quietly with exit 0",
    async (command) => {
      const fixture = writeRunFixture({ plan: printingPlan(), files: fixtureScripts });
      if (command.startsWith("status")) expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
      // The line before bascule's output is what head reads; bascule starts once head is gone.
      const shell = runInShell(fixture.dir, `{ echo first; ${waitForReader}; bascule ${command}; } | ${intoHead}; exit "\${PIPESTATUS[0]}"`);
      expectNoCrash(shell.stderr);
      expect(shell.exitCode).toBe(0);
      expect(fixture.read("first-line")).toBe("first\n");
    },
    120_000,
  );

  it("a closed stderr loses the warning, not the command: `bascule plan` still writes its explanation", () => {
    const fixture = writeRunFixture({ plan: printingPlan(), files: fixtureScripts });
    // Without metadata.created_date, plan warns on stderr before it explains on stdout.
    const shell = runInShell(fixture.dir, `{ echo first; ${waitForReader}; bascule plan ${fixture.plan} 2>&1 > explained.txt; } | ${intoHead}; exit "\${PIPESTATUS[0]}"`);
    expect(shell.exitCode).toBe(0);
    expect(fixture.read("explained.txt")).toContain("STEP-2-2");
  }, 120_000);

  it("a closed stderr keeps a command's own exit code: `bascule status` with no run yet exits 2", () => {
    const fixture = writeRunFixture({ plan: printingPlan(), files: fixtureScripts });
    const shell = runInShell(fixture.dir, `{ echo first; ${waitForReader}; bascule status ${fixture.plan} 2>&1 >/dev/null; } | ${intoHead}; exit "\${PIPESTATUS[0]}"`);
    expect(shell.exitCode).toBe(2);
  }, 120_000);
});
