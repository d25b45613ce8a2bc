import { encodeCanonicalValue } from "./encode-canonical-value.js";
import type { PostgresColumnType } from "./postgres-canonical-sql.js";
import { ReconcileError } from "./reconcile-error.js";
import type { KeyValue } from "./table-source.js";

const INTEGER_TYPES = new Set(["int2", "int4", "oid", "bool", "float4", "float8"]);

/**
 * A key value from the text its `keyColumnSql.select` produced, exact whatever its size:
 * int8 as bigint, numbers as numbers, bytes from hex, everything else as the text itself.
 */
export function parseKeyText(text: string | null, type: PostgresColumnType, column: string): KeyValue {
  if (text === null) return null;
  if (type.typeName === "int8") return BigInt(text);
  if (INTEGER_TYPES.has(type.typeName)) return Number(text);
  if (type.typeName === "numeric") return parseDecimalKey(text, column);
  if (type.typeName === "bytea") return Buffer.from(text, "hex");
  return text;
}

/**
 * A numeric key: an integer as bigint, a fraction as a number only when the number prints back
 * as the same decimal, since a bound must never move.
 */
export function parseDecimalKey(text: string, column: string): KeyValue {
  if (/^-?\d+$/.test(text)) return BigInt(text);
  const number = Number(text);
  const trimmed = text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
  if (encodeCanonicalValue(number) === `n${trimmed.length}:${trimmed}`) return number;
  throw new ReconcileError(
    "bad-source",
    `key column "${column}" holds ${text}, a fraction with more than 15 significant digits that a bound cannot carry exactly; key by an integer or text column, or cast the key to text in a projection query`,
  );
}
