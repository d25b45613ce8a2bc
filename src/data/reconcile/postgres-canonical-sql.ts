/** A column as PostgreSQL describes it: a domain is described by its base type. */
export interface PostgresColumnType {
  /** `pg_type.typname`, e.g. `int8`, `numeric`, `timestamptz`, `citext`. */
  readonly typeName: string;
  /** `pg_type.typcategory`: `S` string, `N` numeric, `D` date/time, `B` boolean, … */
  readonly category: string;
}

const INTEGER_TYPES = new Set(["int2", "int4", "int8", "oid"]);
const FLOAT_TYPES = new Set(["float4", "float8"]);
/** String types whose value is already `text`, so `COLLATE "C"` alone gives binary order (and can use a "C" index). */
const PLAIN_TEXT_TYPES = new Set(["text", "varchar"]);

export function quoteIdentifier(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** The canonical text of a value (NULL for NULL) and the tag its code carries. */
export interface CanonicalText {
  readonly text: string;
  /** `n` number, `s` string, `b` bytes (the text is their hex). */
  readonly tag: "n" | "s" | "b";
}

/**
 * The text `encodeCanonicalValue` writes after the tag and length:
 * integers and numerics by value without trailing zeros (`trim_scale`); floats to 15 significant
 * digits (`float8 → numeric` prints `%.15g`: exact ties to even, as `encodeCanonicalValue` does;
 * a float4 is its exact value widened); booleans as 1 and 0, as SQLite stores them; bytes as hex;
 * date/time values as `canonicalTimeJsonSql` writes them; any other value as its text output.
 */
export function canonicalTextSql(column: string, type: PostgresColumnType): CanonicalText {
  const x = quoteIdentifier(column);
  if (INTEGER_TYPES.has(type.typeName)) return { text: `${x}::text`, tag: "n" };
  if (type.typeName === "numeric" || type.typeName === "money") return { text: specialNumberSql(`${x}::numeric`, `trim_scale(${x}::numeric)::text`), tag: "n" };
  if (FLOAT_TYPES.has(type.typeName)) return { text: specialNumberSql(x, `${x}::float8::numeric::text`), tag: "n" };
  if (type.typeName === "bool") return { text: `CASE WHEN ${x} THEN '1' WHEN NOT ${x} THEN '0' END`, tag: "n" };
  if (type.typeName === "bytea") return { text: `encode(${x}, 'hex')`, tag: "b" };
  const time = canonicalTimeJsonSql(x, type);
  if (time !== undefined) return { text: `btrim(${time}, '"')`, tag: "s" };
  return { text: PLAIN_TEXT_TYPES.has(type.typeName) ? x : `${x}::text`, tag: "s" };
}

/**
 * `tag<length>:<text>`, or `N` for NULL (concatenating NULL yields NULL). The text appears twice:
 * PostgreSQL evaluates it twice unless it is a column of a subquery it cannot flatten.
 */
export function canonicalCodeSql({ text, tag }: CanonicalText): string {
  // Lengths in bytes: numbers and hex are ASCII, and text is measured in UTF-8 like Buffer.byteLength.
  const length = tag === "b" ? `octet_length(${text}) / 2` : `octet_length(${text})`;
  return `coalesce('${tag}' || ${length} || ':' || ${text}, 'N')`;
}

/** SQL yielding `encodeCanonicalValue` of the column's value, so md5 over it matches `RowChecksum` on any engine. */
export function canonicalValueSql(column: string, type: PostgresColumnType): string {
  return canonicalCodeSql(canonicalTextSql(column, type));
}

/**
 * A value in a native comparison's streamed row text (`ROW(…)::text`): the column itself, except
 * floats rounded to their canonical 15 digits (which also prints -0 as 0) and a numeric without a
 * declared scale trimmed (1.5 = 1.50), so that within one kind (same types, same output
 * settings) two row texts are equal exactly when the canonical codes are.
 */
export function nativeValueSql(column: string, type: PostgresColumnType, typmod: number): string {
  if (FLOAT_TYPES.has(type.typeName) || (type.typeName === "numeric" && typmod < 0)) return canonicalTextSql(column, type).text;
  return quoteIdentifier(column);
}

/**
 * Date/time values as ISO 8601 text, whatever DateStyle or TimeZone the session has (JSON
 * always writes ISO 8601): `YYYY-MM-DDTHH:MM:SS[.ffffff]` with trailing zeros of the fraction
 * trimmed, a timestamptz as its instant in UTC without an offset, a date as `YYYY-MM-DD`,
 * infinite values as `infinity` / `-infinity`. Quoted JSON: the caller strips the quotes.
 */
export function canonicalTimeJsonSql(x: string, type: PostgresColumnType): string | undefined {
  if (type.typeName === "timestamptz") return `to_json(${x} AT TIME ZONE 'UTC')::text`;
  if (type.typeName === "timestamp" || type.typeName === "date") return `to_json(${x})::text`;
  return undefined;
}

/** NaN and the infinities as `encodeCanonicalValue` writes them. */
function specialNumberSql(x: string, finite: string): string {
  return `CASE ${x} WHEN 'NaN' THEN 'nan' WHEN 'Infinity' THEN 'inf' WHEN '-Infinity' THEN '-inf' ELSE ${finite} END`;
}

/** How one key column is ordered, bounded and handed to JavaScript. */
export interface KeyColumnSql {
  /** Expression ordered and compared: binary order for every string type, whatever its collation. */
  readonly order: string;
  /** Expression selected as text and parsed by `parseKeyText` into the key value (a number, bigint, string or bytes). */
  readonly select: string;
  /** Turns a bound's placeholder into a value comparable with `order`. */
  param(placeholder: string): string;
}

export function keyColumnSql(column: string, type: PostgresColumnType): KeyColumnSql {
  const x = quoteIdentifier(column);
  if (type.category === "S") {
    // citext and other string types compare by their own rules unless cast to text first.
    const text = PLAIN_TEXT_TYPES.has(type.typeName) ? x : `${x}::text`;
    return { order: `${text} COLLATE "C"`, select: `${x}::text`, param: (placeholder) => `${placeholder}::text` };
  }
  if (type.typeName === "bool") return { order: x, select: `${x}::int`, param: (placeholder) => `${placeholder}::int::bool` };
  const time = canonicalTimeJsonSql(x, type);
  if (time !== undefined) {
    // The key travels as its canonical text, which orders like the values for years 1000 to 9999.
    const select = `btrim(${time}, '"')`;
    if (type.typeName === "timestamptz") return { order: x, select, param: (placeholder) => `(${placeholder}::timestamp AT TIME ZONE 'UTC')` };
    return { order: x, select, param: (placeholder) => `${placeholder}::${type.typeName}` };
  }
  if (INTEGER_TYPES.has(type.typeName) || type.typeName === "numeric") return { order: x, select: x, param: (placeholder) => placeholder };
  // A float4 travels widened, so its text parses back to the very value.
  if (FLOAT_TYPES.has(type.typeName)) return { order: x, select: `${x}::float8`, param: (placeholder) => placeholder };
  if (type.typeName === "bytea") return { order: x, select: `encode(${x}, 'hex')`, param: (placeholder) => placeholder };
  // A uuid's byte order is the order of its lowercase hex text, so its index still serves.
  if (type.typeName === "uuid") return { order: x, select: `${x}::text`, param: (placeholder) => `${placeholder}::uuid` };
  // Anything else (enums, inet, …) is keyed by its text, the one order JavaScript can repeat.
  return { order: `${x}::text COLLATE "C"`, select: `${x}::text`, param: (placeholder) => `${placeholder}::text` };
}
