import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { readExamplePlan } from "../testing/lint-fixture.js";
import { validatePlanData } from "./validate-plan-data.js";

const load = (yaml: string) => jsYaml.load(yaml, { schema: jsYaml.CORE_SCHEMA }) as Record<string, unknown>;

describe("validatePlanData", () => {
  it("types the spec's example unchanged, nulls included", () => {
    const { plan, issues } = validatePlanData(load(readExamplePlan()));
    expect(issues).toEqual([]);
    expect(plan?.prerequisites?.[0]?.validation?.verification_test_id).toBeNull();
    expect(plan?.migration_phases?.map((p) => p.phase_id)).toEqual(["PHASE-1", "PHASE-2", "PHASE-3"]);
    expect(plan?.migration_phases?.[2]?.validation_gate?.failure_response).toBe("manual_decision");
  });

  it("keeps x- extension keys on the typed plan, where the engine reads them", () => {
    const { plan } = validatePlanData(load("migration_phases:\n  - phase_id: P\n    steps:\n      - step_id: S\n        x-idempotent: true\n"));
    expect(plan?.migration_phases?.[0]?.steps?.[0]?.["x-idempotent"]).toBe(true);
  });

  it("reports every bad value and removes it, so the rest of the plan stays typed", () => {
    const data = load(`metadata:
  migration_status: plannned
  created_date: yesterday
migration_phases:
  - phase_id: P1
    order: first
    steps:
      - step_id: S1
`);
    const { plan, issues } = validatePlanData(data);
    expect(issues.map((i) => [i.path.join("."), i.kind]).sort()).toEqual([
      ["metadata.created_date", "bad-format"],
      ["metadata.migration_status", "not-allowed"],
      ["migration_phases.0.order", "wrong-type"],
    ]);
    expect(plan?.migration_phases?.[0]?.steps?.[0]?.step_id).toBe("S1");
    expect(plan?.metadata?.migration_status).toBeUndefined();
    // The caller's data is left as it was.
    expect((data.metadata as Record<string, unknown>).migration_status).toBe("plannned");
  });

  it("fills a missing id and remembers where, so no other rule reports on the placeholder", () => {
    const { plan, issues, filledPaths } = validatePlanData(load("migration_phases:\n  - name: no id\n"));
    expect(issues).toMatchObject([{ path: ["migration_phases", 0, "phase_id"], kind: "missing" }]);
    expect(filledPaths).toEqual([["migration_phases", 0, "phase_id"]]);
    expect(plan?.migration_phases).toHaveLength(1);
  });

  it("drops a list whose item is not even a mapping, without shifting other indexes", () => {
    const { plan, issues } = validatePlanData(load("migration_phases:\n  - just text\nprerequisites:\n  - prerequisite_id: A\n"));
    expect(issues).toMatchObject([{ path: ["migration_phases", 0], kind: "wrong-type" }]);
    expect(plan?.migration_phases).toBeUndefined();
    expect(plan?.prerequisites?.[0]?.prerequisite_id).toBe("A");
  });
});
