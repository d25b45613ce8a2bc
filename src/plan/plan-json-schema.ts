import { z } from "zod";
import { planSchema } from "./schema/plan-schema.js";

export type JsonSchema = { readonly [key: string]: unknown };

let cached: JsonSchema | undefined;

/**
 * The plan schema as JSON Schema draft 2020-12, for editors (`yaml-language-server`) and
 * other tools. Objects list their keys and allow only `x-` extensions besides, so an editor
 * flags a misspelt key as the linter does.
 */
export function buildPlanJsonSchema(): JsonSchema {
  cached ??= closeObjects(z.toJSONSchema(planSchema, { io: "input", target: "draft-2020-12", unrepresentable: "any" }) as Record<string, unknown>);
  return cached;
}

function closeObjects(node: unknown): JsonSchema {
  if (Array.isArray(node)) return node.map(closeObjects) as unknown as JsonSchema;
  if (node === null || typeof node !== "object") return node as JsonSchema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = closeObjects(value);
  if (out.type === "object" && out.properties !== undefined) {
    out.patternProperties = { "^x-": {} };
    out.additionalProperties = false;
  }
  if (out.$schema !== undefined) {
    return {
      $schema: out.$schema,
      title: "migration-strategy.yaml",
      description: "A migration plan, format version 1.0, as read by Bascule.",
      ...Object.fromEntries(Object.entries(out).filter(([k]) => k !== "$schema")),
    };
  }
  return out;
}

/** The sub-schema of an object-or-null node: the variant that lists properties. */
export function objectVariant(node: JsonSchema | undefined): JsonSchema | undefined {
  if (node === undefined) return undefined;
  if (node.properties !== undefined) return node;
  const variants = node.anyOf as JsonSchema[] | undefined;
  return variants?.find((v) => v.properties !== undefined);
}

/** The item schema of a list-or-null node. */
export function itemsVariant(node: JsonSchema | undefined): JsonSchema | undefined {
  if (node === undefined) return undefined;
  if (node.items !== undefined) return node.items as JsonSchema;
  const variants = node.anyOf as JsonSchema[] | undefined;
  return variants?.find((v) => v.items !== undefined)?.items as JsonSchema | undefined;
}
