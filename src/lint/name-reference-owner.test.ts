import { describe, expect, it } from "vitest";
import { parsePlanText } from "../plan/plan-document.js";
import type { Plan } from "../plan/schema/plan-schema.js";
import { readExamplePlan } from "../testing/lint-fixture.js";
import { nameReferenceOwner } from "./name-reference-owner.js";

function planOf(yaml: string): Plan {
  const document = parsePlanText(yaml);
  if (document.kind !== "plan-document" || document.plan === undefined) throw new Error("not a plan");
  return document.plan;
}

describe("nameReferenceOwner", () => {
  const plan = planOf(readExamplePlan());

  it.each([
    [["migration_phases", 0, "steps", 0, "execution_details", "automation_script"], "STEP-1-1"],
    [["migration_phases", 0, "steps", 1, "validation", "test_dataset_ids", 0], "STEP-1-2"],
    [["migration_phases", 0, "validation_gate", "test_dataset_ids", 1], "GATE-1"],
    [["migration_phases", 0, "rollback_point", "rollback_test_id"], "PHASE-1"],
    [["prerequisites", 1, "validation", "verification_test_id"], "PREREQ-002"],
    [["rollback_strategy", "rollback_levels", 2, "rollback_procedure", "automation_script"], 'rollback level "full"'],
  ])("names %j by the item around it: %s", (path, owner) => {
    expect(nameReferenceOwner(plan, path)).toBe(owner);
  });

  it("falls back to the field's path where no item names it, and never to the reference's own value", () => {
    expect(nameReferenceOwner(plan, ["success_criteria", "technical_success", 0, "test_dataset_id"])).toBe("success_criteria.technical_success[0].test_dataset_id");
    expect(nameReferenceOwner(plan, ["linkage", "enhancement_truth_file"])).toBe("linkage.enhancement_truth_file");
  });
});
