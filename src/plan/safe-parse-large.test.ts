import fc from "fast-check";
import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { readExamplePlan } from "../testing/lint-fixture.js";
import { safeParseLarge } from "./safe-parse-large.js";
import { planSchema } from "./schema/plan-schema.js";

const example = jsYaml.load(readExamplePlan(), { schema: jsYaml.CORE_SCHEMA }) as Record<string, unknown>;

/** What zod itself answers, in the same shape, for comparison. */
function zodAnswer(value: unknown) {
  const result = planSchema.safeParse(value);
  return result.success ? { success: true, data: result.data } : { success: false, issues: result.error.issues };
}

function withStep(change: (step: Record<string, unknown>) => void): Record<string, unknown> {
  const plan = structuredClone(example);
  const phases = plan.migration_phases as Array<{ steps: Array<Record<string, unknown>> }>;
  change(phases[0]!.steps[0]!);
  return plan;
}

describe("safeParseLarge", () => {
  it("gives zod's answer on the example plan, walked down to every value", () => {
    expect(safeParseLarge(planSchema, example, { wholeSubtreeValues: 1 })).toEqual(zodAnswer(example));
    expect(safeParseLarge(planSchema, example)).toEqual(zodAnswer(example));
  });

  it("gives zod's issues, in zod's order, on a plan with wrong, missing and unknown values", () => {
    const plan = withStep((step) => {
      step.preconditions = ["ok", 7, null];
      delete step.step_id;
      step.type = "teleport";
      step["x-note"] = { kept: true };
      step.unknown_key = [1, 2];
    });
    const walked = safeParseLarge(planSchema, plan, { wholeSubtreeValues: 1 });
    expect(walked).toEqual(zodAnswer(plan));
    expect(walked.success ? [] : walked.issues.map((i) => i.path.join("."))).toEqual([
      "migration_phases.0.steps.0.step_id",
      "migration_phases.0.steps.0.type",
      "migration_phases.0.steps.0.preconditions.1",
      "migration_phases.0.steps.0.preconditions.2",
    ]);
  });

  it("gives zod's answer wherever a value is replaced", () => {
    const paths: (string | number)[][] = [];
    const collect = (node: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (node !== null && typeof node === "object") {
        for (const [key, child] of Object.entries(node)) collect(child, [...path, Array.isArray(node) ? Number(key) : key]);
      }
    };
    collect(example, []);
    const anyValue = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...paths.filter((p) => p.length > 0)), anyValue, fc.nat({ max: 40 }), (path, value, limit) => {
        const plan = structuredClone(example);
        let node = plan as Record<string | number, unknown>;
        for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
        node[path[path.length - 1] as string | number] = value;
        expect(safeParseLarge(planSchema, plan, { wholeSubtreeValues: limit })).toEqual(zodAnswer(plan));
      }),
      { numRuns: 300 },
    );
  });

  it("reports every item of a list of 150,000 wrong items, where zod alone overflows the stack", () => {
    const plan = withStep((step) => {
      step.preconditions = Array.from({ length: 150_000 }, (_, i) => i);
    });
    expect(() => planSchema.safeParse(plan)).toThrow(RangeError);
    const result = safeParseLarge(planSchema, plan);
    expect(result.success).toBe(false);
    const issues = result.success ? [] : result.issues;
    expect(issues).toHaveLength(150_000);
    expect(issues[149_999]).toMatchObject({
      code: "invalid_type",
      expected: "string",
      path: ["migration_phases", 0, "steps", 0, "preconditions", 149_999],
    });
  });

  it("reads a valid list of 150,000 items as zod does", () => {
    const plan = withStep((step) => {
      step.preconditions = Array.from({ length: 150_000 }, (_, i) => `STEP-${i} successful`);
    });
    const result = safeParseLarge(planSchema, plan);
    expect(result).toEqual(zodAnswer(plan));
  });
});
