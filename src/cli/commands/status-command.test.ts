import { afterAll, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, type RunFixture, writeRunFixture } from "../../testing/run-fixture.js";
import { runInShell } from "../../testing/run-in-shell.js";

afterAll(removeRunFixtures);

// Ids and texts a plan may hold, each of which a shell would run or split if pasted unquoted.
const stepId = 'S-$(touch pwned)-"y"';
const gateId = "G-$(touch pwned)-'x'";
const role = "Owner's `touch pwned` Lead!";
const check = "No \"complaints\" about $(touch pwned) or 'that'";

/** The command of `verb` that `output` prints for a person, without its optional `[--flag]` hints. */
function printedCommand(output: string, verb: string): string {
  const line = output.split("\n").find((l) => l.trimStart().startsWith(`bascule ${verb} `));
  if (line === undefined) throw new Error(`no \`bascule ${verb}\` command in:\n${output}`);
  return line.trim().replace(/(?: \[--[a-z]+(?: [A-Z]+)?\])+$/, "");
}

/** Takes the command from `bascule run`'s output and from `bascule status`'s, which agree, and pastes it into bash. */
async function pasteFromRunAndStatus(fixture: RunFixture, verb: string, edit: (command: string) => string = (c) => c) {
  const run = await fixture.bascule("run", fixture.plan);
  expect(run.exitCode).toBe(3);
  expect(fixture.exists("pwned")).toBe(false);
  const command = printedCommand(run.stdout, verb);
  expect(printedCommand((await fixture.bascule("status", fixture.plan)).stdout, verb)).toBe(command);
  expect((await fixture.status()).waiting_for?.next.map((next) => printedCommand(next, verb))).toContain(command);
  const pasted = runInShell(fixture.dir, edit(command));
  expect(fixture.exists("pwned")).toBe(false);
  expect(pasted.stderr).toBe("");
  expect(pasted.exitCode).toBe(0);
  return pasted;
}

describe("the commands bascule prints for what to do next", () => {
  it("paste into a shell as they read, whatever the plan's ids and texts hold", async () => {
    const fixture = writeRunFixture({
      plan: buildPlan([
        buildPhase("PHASE-1", [buildStep(stepId, { execution_details: { commands: ["echo done >> log"] }, validation: { validation_checks: [check] } })], {
          validation_gate: { gate_id: gateId, approval_required: true, approvers: [role], failure_response: "block" },
        }),
      ]),
      files: fixtureScripts,
    });

    await pasteFromRunAndStatus(fixture, "attest");
    expect(await fixture.events()).toContainEqual(expect.objectContaining({ kind: "attestation.recorded", text: check, by: "NAME", scope: { kind: "step", stepId } }));

    const approved = await pasteFromRunAndStatus(fixture, "approve");
    expect(await fixture.events()).toContainEqual(expect.objectContaining({ kind: "approval.recorded", gateId, role, identity: role }));
    // What approve says to run next pastes too, and the run goes on past the gate.
    expect(runInShell(fixture.dir, printedCommand(approved.stdout.replace("continue with: ", "\n"), "run")).exitCode).toBe(0);
    expect(fixture.exists("pwned")).toBe(false);
    const status = await fixture.status();
    expect(status.run.status).toBe("completed");
    expect(status.phases[0]?.gate).toMatchObject({ gate_id: gateId, status: "passed" });
  }, 120_000);

  it("`bascule resolve` for a step in doubt names the step exactly", async () => {
    // The first time, the command kills the bascule process running it, mid-step.
    const crashing = "if [ -f crashed ]; then echo again >> log; else touch crashed; kill -9 $PPID; sleep 0.5; fi";
    const fixture = writeRunFixture({ plan: buildPlan([buildPhase("PHASE-1", [buildStep(stepId, { execution_details: { commands: [crashing] } })])]), files: fixtureScripts });
    expect(fixture.spawnSync("run", fixture.plan).exitCode).toBe(-1);

    await pasteFromRunAndStatus(fixture, "resolve", (command) => command.replace(/ succeeded\|failed\|rerun$/, " rerun"));
    expect(await fixture.events()).toContainEqual(expect.objectContaining({ kind: "step.resolved", stepId, as: "rerun" }));
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    expect(fixture.lines("log")).toEqual(["again"]);
  }, 120_000);
});
