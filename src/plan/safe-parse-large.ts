import type { z } from "zod";

export type LargeParseResult<T> = { readonly success: true; readonly data: T } | { readonly success: false; readonly issues: readonly z.core.$ZodIssue[] };

export interface LargeParseOptions {
  /**
   * A subtree of at most this many values goes to zod whole. zod hands a list item's issues
   * to the list as call arguments, which overflows the stack past about 100,000 issues; a
   * subtree this small cannot hold that many. @default 10_000
   */
  readonly wholeSubtreeValues?: number;
}

type Def = {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly catchall?: z.ZodType;
  readonly checks?: readonly unknown[];
};

/**
 * `schema.safeParse(value)` for values of any size: the lists and mappings of a large value
 * are walked here, one item at a time, and only subtrees small enough are given to zod, so
 * a list of 150,000 wrong items is reported rather than crashing. Same issues, same data.
 */
export function safeParseLarge<S extends z.ZodType>(schema: S, value: unknown, { wholeSubtreeValues = 10_000 }: LargeParseOptions = {}): LargeParseResult<z.output<S>> {
  const issues: z.core.$ZodIssue[] = [];

  const parse = (node: z.ZodType, input: unknown, path: readonly PropertyKey[]): unknown => {
    const def = walkable(node, input, wholeSubtreeValues);
    if (def === undefined) {
      // A value small enough to parse in one piece is parsed without zod's compiled fast path:
      // compiling it once per process costs more than a small parse gains (lint runs once).
      const result = node.safeParse(input, path.length === 0 ? { jitless: true } : undefined);
      if (result.success) return result.data;
      // One at a time: spreading them into push() is what overflows.
      for (const issue of result.error.issues) issues.push(path.length === 0 ? issue : { ...issue, path: [...path, ...issue.path] });
      return input;
    }
    if (def.type === "array") {
      const items = input as readonly unknown[];
      const element = def.element as z.ZodType;
      const out: unknown[] = new Array(items.length);
      for (let i = 0; i < items.length; i++) out[i] = parse(element, items[i], [...path, i]);
      return out;
    }
    const record = input as Readonly<Record<string, unknown>>;
    const shape = def.shape as Readonly<Record<string, z.ZodType>>;
    const out: Record<string, unknown> = {};
    // As zod does: the shape's keys in its order, absent ones judged as undefined, then the rest.
    for (const key of Object.keys(shape)) {
      if (key === "__proto__") continue;
      const field = shape[key] as z.ZodType;
      if (Object.hasOwn(record, key)) out[key] = parse(field, record[key], [...path, key]);
      else {
        const parsed = parse(field, undefined, [...path, key]);
        if (parsed !== undefined) out[key] = parsed;
      }
    }
    if (def.catchall !== undefined) {
      for (const key of Object.keys(record)) {
        if (key === "__proto__" || Object.hasOwn(shape, key)) continue;
        out[key] = parse(def.catchall, record[key], [...path, key]);
      }
    }
    return out;
  };

  const data = parse(schema, value, []);
  return issues.length === 0 ? { success: true, data: data as z.output<S> } : { success: false, issues };
}

/**
 * The list or mapping definition to walk here, past optional and nullable wrappers, when the
 * value is too large for zod in one piece; undefined hands it to zod. Only plain lists and
 * loose or stripping objects are walked: anything else keeps zod's exact behaviour.
 */
function walkable(schema: z.ZodType, input: unknown, wholeSubtreeValues: number): Def | undefined {
  if (input === null || typeof input !== "object" || !exceeds(input, wholeSubtreeValues)) return undefined;
  let def = schema._zod.def as unknown as Def;
  while ((def.type === "optional" || def.type === "nullable") && def.innerType !== undefined) {
    def = def.innerType._zod.def as unknown as Def;
  }
  if ((def.checks?.length ?? 0) > 0) return undefined;
  if (def.type === "array" && Array.isArray(input) && def.element !== undefined) return def;
  const catchall = def.catchall?._zod.def.type;
  if (def.type === "object" && !Array.isArray(input) && def.shape !== undefined && (catchall === undefined || catchall === "unknown")) {
    return def;
  }
  return undefined;
}

/** Whether the tree holds more than `limit` values; stops counting once it does. */
function exceeds(root: object, limit: number): boolean {
  let count = 1;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      count += node.length;
      if (count > limit) return true;
      for (const child of node) stack.push(child);
    } else {
      for (const key in node) {
        if (++count > limit) return true;
        stack.push((node as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}
