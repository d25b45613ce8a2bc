import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "../testing/fake-clock.js";
import { buildPhase, buildPlan, buildStep, fixtureMetadata, fixtureScripts, removeRunFixtures, writeRunFixture } from "../testing/run-fixture.js";
import { explainPlanFile } from "./explain-plan-file.js";

afterAll(removeRunFixtures);

const phases = [buildPhase("PHASE-1", [buildStep("STEP-1-1")])];

describe("explainPlanFile", () => {
  it("starts the timeline at the clock's now when neither a start nor the plan's created_date says when", () => {
    const fixture = writeRunFixture({ plan: buildPlan(phases), files: fixtureScripts });
    const clock = new FakeClock({ start: Date.UTC(2026, 4, 4, 8) });
    const result = explainPlanFile(join(fixture.dir, fixture.plan), { clock });
    expect(result.kind === "explained" && result.explanation.start).toEqual({ date: "2026-05-04T08:00:00.000Z", source: "clock" });
  });

  it("starts at the plan's created_date, whatever the clock says", () => {
    const fixture = writeRunFixture({ plan: buildPlan(phases, { metadata: { ...fixtureMetadata, created_date: "2026-02-01" } }), files: fixtureScripts });
    const result = explainPlanFile(join(fixture.dir, fixture.plan), { clock: new FakeClock({ start: Date.UTC(2030, 0, 1) }) });
    expect(result.kind === "explained" && result.explanation.start).toEqual({ date: "2026-02-01T00:00:00.000Z", source: "created_date" });
  });

  it("tells the planner which suite scripts and datasets the plan's folder can run", () => {
    const suites = [
      { regression_suite_id: "REG-IN", location: "scripts/regression.sh", execution_frequency: "pre_migration" },
      { regression_suite_id: "REG-TEXT", location: "scripts/regression.txt", execution_frequency: "pre_migration" },
      { regression_suite_id: "REG-DATA", execution_frequency: "post_migration", test_dataset_ids: ["DS-RUN", "DS-ATTEST"] },
    ];
    const fixture = writeRunFixture({
      plan: buildPlan(phases, { validation_strategy: { regression_validation: suites }, linkage: { test_datasets_dir: "datasets" } }),
      files: {
        ...fixtureScripts,
        "scripts/regression.sh": "#!/bin/bash\nexit 0\n",
        "scripts/regression.txt": "not executable\n",
        "datasets/DS-RUN.yaml": "execution: { command: 'true' }\n",
        "datasets/DS-ATTEST.yaml": "name: attested by a person\n",
      },
    });
    const result = explainPlanFile(join(fixture.dir, fixture.plan), { clock: new FakeClock({ start: 0 }) });
    if (result.kind !== "explained") throw new Error(result.kind);
    expect(result.explanation.regression_suites.map((suite) => [suite.regression_suite_id, suite.run])).toEqual([
      ["REG-IN", { kind: "script", path: "scripts/regression.sh" }],
      ["REG-TEXT", { kind: "attest" }],
      ["REG-DATA", { kind: "datasets", dataset_ids: ["DS-RUN"] }],
    ]);
  });
});
