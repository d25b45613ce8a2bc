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
});
