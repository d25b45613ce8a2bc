import jsYaml from "js-yaml";
import { afterAll, describe, expect, it } from "vitest";
import { readExamplePlan } from "../../testing/lint-fixture.js";
import { removeRunFixtures, writeRunFixture } from "../../testing/run-fixture.js";

afterAll(removeRunFixtures);

describe("bascule lint --format stylish", () => {
  // Each finding's source lines come from lines found once, not from splitting the file again
  // for every finding (a minute and more for this plan); the timeout is only a safety net.
  it("shows each of 4,000 findings with its own line of source", async () => {
    const plan = jsYaml.load(readExamplePlan(), { schema: jsYaml.CORE_SCHEMA }) as {
      migration_phases: Array<{ steps: Array<Record<string, unknown>> }>;
    };
    const phase = plan.migration_phases[0] as { steps: Array<Record<string, unknown>> };
    const step = phase.steps[0] as Record<string, unknown>;
    phase.steps = Array.from({ length: 4_000 }, (_, i) => ({ ...step, step_id: `STEP-1-${i + 1}`, order: i + 1, estimated_duration: `a while ${i}` }));
    const text = jsYaml.dump(plan, { lineWidth: -1, noRefs: true });
    const fixture = writeRunFixture({ plan: text });

    const { exitCode, stdout } = await fixture.bascule("lint", "--format", "stylish", fixture.plan);

    expect(exitCode).toBe(1);
    const lines = text.split("\n");
    const durations = stdout.split("\n").filter((line) => line.includes("duration-format"));
    expect(durations).toHaveLength(4_000);
    const last = lines.indexOf("        estimated_duration: a while 3999") + 1;
    expect(stdout).toContain(`at migration_phases[0].steps[3999].estimated_duration`);
    expect(stdout).toContain(`    > ${last} |         estimated_duration: a while 3999`);
    expect(stdout).toContain(`      ${" ".repeat(String(last + 1).length)} |                             ^^^^^^^^^^^^`);
  }, 30_000);
});
