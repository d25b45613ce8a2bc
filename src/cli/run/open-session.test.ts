import { userInfo } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, type RunFixture, writeRunFixture } from "../../testing/run-fixture.js";
import { runInShell } from "../../testing/run-in-shell.js";

afterAll(removeRunFixtures);

const onePhase = () => buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1")])]);
// What a service manager or `env -i` leaves: no login name in the environment.
const noNames = { USER: undefined, LOGNAME: undefined, BASCULE_ACTOR: undefined };

async function startedBy(fixture: RunFixture): Promise<string | undefined> {
  const created = (await fixture.events()).find((e) => e.kind === "run.created");
  return created?.kind === "run.created" ? created.startedBy : undefined;
}

describe("who acts, when nobody says", () => {
  it("is --as, else BASCULE_ACTOR, else the operating system's user though USER and LOGNAME are unset", async () => {
    const fixture = writeRunFixture({ plan: onePhase(), files: fixtureScripts });
    const run = runInShell(fixture.dir, `bascule run ${fixture.plan}`, { env: noNames });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`run started by ${userInfo().username}\n`);
    expect(await startedBy(fixture)).toBe(userInfo().username);
    expect((await fixture.status()).run.started_by).toBe(userInfo().username);

    const withActor = writeRunFixture({ plan: onePhase(), files: fixtureScripts });
    expect(runInShell(withActor.dir, `bascule run ${withActor.plan}`, { env: { ...noNames, USER: "from-user", BASCULE_ACTOR: "ci-bot" } }).exitCode).toBe(0);
    expect(await startedBy(withActor)).toBe("ci-bot");
    const withAs = writeRunFixture({ plan: onePhase(), files: fixtureScripts });
    expect(runInShell(withAs.dir, `bascule run ${withAs.plan} --as dana`, { env: { ...noNames, BASCULE_ACTOR: "ci-bot" } }).exitCode).toBe(0);
    expect(await startedBy(withAs)).toBe("dana");
  }, 90_000);
});
