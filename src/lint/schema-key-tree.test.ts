import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildPlanJsonSchema, itemsVariant, type JsonSchema, objectVariant } from "../plan/plan-json-schema.js";
import { planSchema } from "../plan/schema/plan-schema.js";
import { type KeyTree, readKeyTree } from "./schema-key-tree.js";

/** The tree as plain data: each object's keys with their subtrees, and a list's item tree. */
type Shape = { keys?: Record<string, Shape>; items?: Shape };

const shapeOfTree = (tree: KeyTree): Shape => ({
  ...(tree.keys ? { keys: Object.fromEntries([...tree.keys].map(([key, child]) => [key, shapeOfTree(child)])) } : {}),
  ...(tree.items ? { items: shapeOfTree(tree.items) } : {}),
});

const shapeOfJsonSchema = (schema: JsonSchema | undefined): Shape => {
  const object = objectVariant(schema);
  const items = itemsVariant(schema);
  return {
    ...(object
      ? {
          keys: Object.fromEntries(Object.entries(object.properties as Record<string, JsonSchema>).map(([key, child]) => [key, shapeOfJsonSchema(child)])),
        }
      : {}),
    ...(items ? { items: shapeOfJsonSchema(items) } : {}),
  };
};

describe("readKeyTree", () => {
  it("reads the same keys at every place as the published JSON Schema lists", () => {
    expect(shapeOfTree(readKeyTree(planSchema))).toEqual(shapeOfJsonSchema(buildPlanJsonSchema()));
  });

  it("sees through optional, nullable, default, lazy and pipe wrappers to the object inside", () => {
    const inner = z.looseObject({ a: z.string(), b: z.array(z.object({ c: z.number() })).nullish() });
    const wrapped = z.object({
      one: inner.optional().default({ a: "x" }),
      two: z.lazy(() => inner).nullable(),
      three: z.string().pipe(z.string()),
    });
    const tree = shapeOfTree(readKeyTree(wrapped));
    expect(tree.keys?.one).toEqual({ keys: { a: {}, b: { items: { keys: { c: {} } } } } });
    expect(tree.keys?.two).toEqual(tree.keys?.one);
    expect(tree.keys?.three).toEqual({});
  });

  it("offers the keys of each place as its did-you-mean candidates", () => {
    const tree = readKeyTree(z.object({ execution_details: z.string(), rollback: z.string() }));
    expect(tree.candidates?.find("execution_detail")).toContain("execution_details");
  });
});
