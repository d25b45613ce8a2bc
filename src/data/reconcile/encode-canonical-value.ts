import type { KeyValue } from "./table-source.js";

/** Significant digits kept of a floating-point value: DBL_DIG, so float noise (0.1 + 0.2) vanishes. */
export const REAL_SIGNIFICANT_DIGITS = 15;

/**
 * Self-delimiting, type-tagged text for one value, identical on every database:
 * NULL → `N`; a number → `n<len>:<decimal>`; text → `s<utf8 bytes>:<text>`; bytes → `b<bytes>:<hex>`.
 * Numbers compare by value: integers exactly, reals rounded to 15 significant digits, both
 * written as plain decimals without trailing zeros, so 1, 1.0 and 1.00 agree and -0 is 0.
 * Text is compared exactly (no trimming, no case or Unicode folding; timestamps stored as
 * text compare as given). Text '1' and the number 1 differ.
 */
export function encodeCanonicalValue(value: KeyValue): string {
  if (value === null) return "N";
  if (typeof value === "bigint") return tag("n", value.toString());
  if (typeof value === "number") return tag("n", formatReal(value));
  if (typeof value === "string") return `s${Buffer.byteLength(value, "utf8")}:${value}`;
  return `b${value.length}:${Buffer.from(value).toString("hex")}`;
}

/** Column order is part of the encoding, so values swapped between two columns differ. */
export function encodeCanonicalRow(values: readonly KeyValue[]): string {
  let code = "";
  for (const value of values) code += encodeCanonicalValue(value);
  return code;
}

function tag(prefix: string, text: string): string {
  return `${prefix}${text.length}:${text}`;
}

function formatReal(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return "0";
  if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER && Math.abs(value) < 1e15) return String(value);
  const [mantissa = "0", exponentText = "0"] = value.toExponential(REAL_SIGNIFICANT_DIGITS - 1).split("e");
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace(/[-.]/g, "").replace(/0+$/, "");
  // Position of the decimal point relative to the first digit.
  const point = Number(exponentText) + 1;
  let plain: string;
  if (point >= digits.length) plain = digits + "0".repeat(point - digits.length);
  else if (point <= 0) plain = `0.${"0".repeat(-point)}${digits}`;
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${plain}` : plain;
}
