import { afterAll, describe, expect, it } from "vitest";
import { buildPhase, buildPlan, buildStep, fixtureScripts, removeRunFixtures, writeRunFixture } from "../../testing/run-fixture.js";

afterAll(removeRunFixtures);

/** One phase whose step waits for a person, then two cleanup tasks a week after the migration. */
const plan = buildPlan([buildPhase("PHASE-1", [buildStep("STEP-1-1", { validation: { validation_checks: ["Smoke test passed"] } })])], {
  post_migration: {
    cleanup_tasks: [
      {
        task_id: "CLEANUP-1",
        name: "Drop the old column",
        timing: "1 week after migration",
        responsible_party: "DBA",
        steps: ["Drop old_total", "Tell the team"],
        validation: "old_total is gone",
      },
      { task_id: "CLEANUP-2", name: "Remove the flag", timing: "1 week after migration", steps: ["Remove the flag"] },
    ],
  },
});

// "Drop old_total" and the validation run; "Tell the team" is the person's word.
const bindings = { checks: { "Drop old_total": "echo dropped >> cleanup.log", "old_total is gone": "grep -q dropped cleanup.log" } };

describe("bascule cleanup", () => {
  it("refuses before completion, then does a task of the completed run that status lists as due, then as done by whom", async () => {
    const fixture = writeRunFixture({ plan, bindings, files: fixtureScripts });
    // A week of plan time is about 0.6 s at this scale.
    expect((await fixture.bascule("run", fixture.plan, "--time-scale", "0.000001")).exitCode).toBe(3);

    const early = await fixture.bascule("cleanup", fixture.plan, "CLEANUP-1", "--as", "dba");
    expect(early.exitCode).toBe(2);
    expect(early.stderr).toContain("has not reached completion (it is paused); cleanup task CLEANUP-1 falls due only after every completion stage has passed");
    expect((await fixture.status()).cleanup_tasks?.[0]).toMatchObject({ task_id: "CLEANUP-1", status: "pending" });
    expect((await fixture.status()).cleanup_tasks?.[0]?.due_at).toBeUndefined();

    expect((await fixture.bascule("attest", fixture.plan, "Smoke test passed", "--by", "qa")).exitCode).toBe(0);
    expect((await fixture.bascule("run", fixture.plan)).exitCode).toBe(0);
    if (!(await fixture.events()).some((e) => e.kind === "completion.reached")) {
      throw new Error("the completed run journaled no completion.reached: the engine does not record completion yet (SEMANTICS 11.3)");
    }

    const completed = await fixture.status();
    const task = completed.cleanup_tasks?.[0];
    expect(["pending", "due", "overdue"]).toContain(task?.status);
    // Due a (scaled) week after completion, overdue a (scaled) day after that, to the millisecond.
    const completedAtMs = Date.parse(completed.completion_reached_at ?? "");
    expect(Date.parse(task?.due_at ?? "")).toBe(Math.trunc(completedAtMs + 604.8));
    expect(Date.parse(task?.overdue_at ?? "")).toBe(Math.trunc(completedAtMs + 691.2));

    const unknown = await fixture.bascule("cleanup", fixture.plan, "CLEANUP-01", "--as", "dba");
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('the plan has no cleanup task "CLEANUP-01"; did you mean "CLEANUP-1"?');

    const done = await fixture.bascule("cleanup", fixture.plan, "CLEANUP-1", "--as", "dba", "--evidence", "CHG-1234", "--json");
    expect(done.stderr).not.toContain("bascule:");
    expect(done.exitCode).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({
      task_id: "CLEANUP-1",
      by: "dba",
      verdict: "passed",
      items: [
        { part: "step", text: "Drop old_total", via: "command", verdict: "passed" },
        { part: "step", text: "Tell the team", via: "attestation", verdict: "passed" },
        { part: "validation", text: "old_total is gone", via: "command", verdict: "passed" },
      ],
    });
    expect(fixture.lines("cleanup.log")).toEqual(["dropped"]);
    const events = await fixture.events();
    expect(events).toContainEqual(
      expect.objectContaining({ kind: "attestation.recorded", text: "Tell the team", by: "dba", evidence: "CHG-1234", scope: { kind: "cleanup", taskId: "CLEANUP-1" } }),
    );
    expect(events[events.length - 1]).toEqual({ kind: "cleanup.done", taskId: "CLEANUP-1", by: "dba", verdict: "passed", evidence: "CHG-1234" });

    // A try that did not succeed is recorded, runs nothing, and leaves the task open.
    const failed = await fixture.bascule("cleanup", fixture.plan, "CLEANUP-2", "--as", "dev", "--failed");
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toContain("cleanup task CLEANUP-2 FAILED: reported as not done by dev; it stays open");

    const after = await fixture.status();
    expect(after.cleanup_tasks?.[0]).toMatchObject({ task_id: "CLEANUP-1", status: "done", done_by: "dba", evidence: "CHG-1234" });
    expect(after.cleanup_tasks?.[1]).toMatchObject({ task_id: "CLEANUP-2", last_failure: { by: "dev", detail: "reported as not done by dev" } });
    expect(after.cleanup_tasks?.[1]?.status).not.toBe("done");
    expect((await fixture.bascule("status", fixture.plan)).stdout).toContain("✓ cleanup CLEANUP-1 done by dba at");

    // Done is done: the steps are not run a second time.
    const again = await fixture.bascule("cleanup", fixture.plan, "CLEANUP-1", "--as", "dba");
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain("cleanup task CLEANUP-1 was done by dba at");
    expect(fixture.lines("cleanup.log")).toEqual(["dropped"]);
  }, 120_000);
});
