import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { removeRunFixtures, writeRunFixture } from "../../testing/run-fixture.js";

afterAll(removeRunFixtures);

const deployment = readFileSync(new URL("../../lint/rules/fixtures/foreign/kubernetes-deployment.yaml", import.meta.url), "utf8");

describe("bascule run on a document that is no plan", () => {
  it("refuses a Kubernetes Deployment with lint's finding, exit 1, and runs nothing", async () => {
    const fixture = writeRunFixture({ plan: deployment });
    const run = await fixture.bascule("run", fixture.plan);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      "1:1     error   this looks like a Kubernetes manifest (apiVersion, kind), not a migration-strategy plan; a plan is a mapping with metadata and migration_phases at its root  plan-shape",
    );
    expect(run.stderr).toContain("bascule: the plan has lint errors; fix them before running it");
    expect(`${run.stdout}${run.stderr}`).not.toContain("run completed");
    // Nothing ran, so nothing was recorded: not even the state store was created.
    expect(fixture.exists(".bascule")).toBe(false);
  });

  it("refuses a plan whose migration_phases is empty: there is nothing to run", async () => {
    const fixture = writeRunFixture({ plan: "metadata:\n  version: '1.0.0'\nmigration_phases: []\n" });
    const run = await fixture.bascule("run", fixture.plan);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("3:19    error   migration_phases lists no phase, so the plan has nothing to run; add at least one phase with its steps  plan-shape");
    expect(fixture.exists(".bascule")).toBe(false);
  });
});
