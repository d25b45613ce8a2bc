import type { z } from "zod";
import { CandidateIndex } from "./candidate-index.js";

/** The schema reduced to what key checks ask of it: the keys of each object, and its children. */
export interface KeyTree {
  readonly keys?: ReadonlyMap<string, KeyTree>;
  /** The keys again, searched for "did you mean": one small fixed list per place in the schema. */
  readonly candidates?: CandidateIndex;
  readonly items?: KeyTree;
}

interface SchemaDef {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;

/**
 * Reads the key tree straight from the zod schema. Converting to JSON Schema first gives the same
 * tree but costs more than the whole lint of a small plan, and lint runs once per process.
 */
export function readKeyTree(schema: z.ZodType): KeyTree {
  const def = defOf(schema);
  switch (def.type) {
    case "object": {
      const shape = def.shape ?? {};
      return {
        keys: new Map(Object.entries(shape).map(([key, child]) => [key, readKeyTree(child)])),
        candidates: new CandidateIndex(Object.keys(shape)),
      };
    }
    case "array":
      return def.element === undefined ? {} : { items: readKeyTree(def.element) };
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return def.innerType === undefined ? {} : readKeyTree(def.innerType);
    case "pipe":
      return def.in === undefined ? {} : readKeyTree(def.in);
    case "lazy":
      return def.getter === undefined ? {} : readKeyTree(def.getter());
    case "union": {
      // As in the JSON Schema: the object variant lists the keys, the list variant its items.
      const trees = (def.options ?? []).map(readKeyTree);
      const keyed = trees.find((tree) => tree.keys !== undefined);
      const listed = trees.find((tree) => tree.items !== undefined);
      return { ...keyed, ...(listed?.items ? { items: listed.items } : {}) };
    }
    default:
      return {};
  }
}
