import Ajv2020 from "ajv/dist/2020.js";
import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { readExamplePlan } from "../testing/lint-fixture.js";
import { buildPlanJsonSchema } from "./plan-json-schema.js";

const validator = new Ajv2020.default({ allErrors: true, strict: false }).compile(buildPlanJsonSchema());
const validate = (yaml: string) => {
  const ok = validator(jsYaml.load(yaml, { schema: jsYaml.CORE_SCHEMA }));
  return ok ? [] : (validator.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};

describe("buildPlanJsonSchema", () => {
  it("is a draft 2020-12 schema that the spec's example satisfies", () => {
    expect(buildPlanJsonSchema().$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(validate(readExamplePlan())).toEqual([]);
  });

  it("rejects an unknown key and a wrong enum, as an editor would show them", () => {
    expect(validate("metadata:\n  migration_stauts: planned\n")).toContain("/metadata must NOT have additional properties");
    expect(validate("metadata:\n  migration_status: started\n")).toContain("/metadata/migration_status must be equal to one of the allowed values");
  });

  it("allows x- extensions anywhere", () => {
    expect(validate("x-team: payments\nmetadata:\n  x-ticket: OPS-1\n")).toEqual([]);
  });
});
