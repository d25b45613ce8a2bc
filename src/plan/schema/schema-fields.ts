import { z } from "zod";
import { parseIsoDate } from "../values/iso-date.js";

/**
 * Field builders shared by every section of the plan schema. The spec marks no field as
 * required and its own example leaves many out or sets them to null, so optional fields
 * accept `null` as well as absence; only ids are required, since nothing can refer to an
 * item that has none.
 */
export const text = () => z.string().nullish();
export const textList = () => z.array(z.string()).nullish();
export const flag = () => z.boolean().nullish();
export const count = () => z.number().int().nullish();
export const id = () => z.string().min(1, "an id cannot be empty");
export const choice = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values).nullish();

export const isoDate = () =>
  z
    .string()
    .refine((value) => parseIsoDate(value).kind === "ok", {
      message: 'expected an ISO 8601 date like "2025-10-04" or "2025-10-04T10:00:00Z"',
    })
    .meta({
      description: "ISO 8601 date or date-time",
      pattern: "^\\d{4}-\\d{2}-\\d{2}([Tt ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?([Zz]|[+-]\\d{2}(:?\\d{2})?)?)?$",
    })
    .nullish();

/** A list of items; extension keys (`x-…`) and unknown keys survive parsing for later rules. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.array(item).nullish();
export const section = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape).nullish();
export const entry = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);
