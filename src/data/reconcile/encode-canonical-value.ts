import type { KeyValue } from "./table-source.js";

/** Significant digits kept of a floating-point value: DBL_DIG, so float noise (0.1 + 0.2) vanishes. */
export const REAL_SIGNIFICANT_DIGITS = 15;

/**
 * Self-delimiting, type-tagged text for one value, identical on every database:
 * NULL → `N`; a number → `n<len>:<decimal>`; text → `s<utf8 bytes>:<text>`; bytes → `b<bytes>:<hex>`.
 * Numbers compare by value: integers exactly, reals rounded to 15 significant digits (an exact
 * tie to even, as C's `%.15g` and so PostgreSQL's `float8::numeric` do), both written as plain
 * decimals without trailing zeros, so 1, 1.0 and 1.00 agree and -0 is 0.
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
  const [mantissa = "0", exponentText = "0"] = roundToSignificantDigits(value).split("e");
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

/**
 * `toExponential` with 15 significant digits, except that a value exactly halfway between two
 * candidates rounds to the even one (`toExponential` rounds it away from zero).
 */
function roundToSignificantDigits(value: number): string {
  const away = value.toExponential(REAL_SIGNIFICANT_DIGITS - 1);
  const exponentAt = away.indexOf("e");
  if (Number(away[exponentAt - 1]) % 2 === 0) return away;
  // A tie has exactly 16 significant digits, the last a 5; toExponential(15) shows it exactly.
  const sixteen = value.toExponential(REAL_SIGNIFICANT_DIGITS);
  const sixteenExponentAt = sixteen.indexOf("e");
  if (sixteen[sixteenExponentAt - 1] !== "5" || !isExactly(value, sixteen)) return away;
  return sixteen.slice(0, sixteenExponentAt - 1) + sixteen.slice(sixteenExponentAt);
}

/** Whether the double equals the decimal in exponent notation, compared exactly as integers. */
function isExactly(value: number, decimal: string): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const bits = view.getBigUint64(0);
  const biasedExponent = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  let binary = biasedExponent === 0 ? fraction : fraction | (1n << 52n);
  const binaryExponent = (biasedExponent === 0 ? 1 : biasedExponent) - 1075;
  const [mantissa = "0", exponentText = "0"] = decimal.replace("-", "").split("e");
  let digits = BigInt(mantissa.replace(".", ""));
  const decimalExponent = Number(exponentText) - (mantissa.length - 2);
  if (binaryExponent >= 0) binary <<= BigInt(binaryExponent);
  else digits <<= BigInt(-binaryExponent);
  if (decimalExponent >= 0) digits *= 10n ** BigInt(decimalExponent);
  else binary *= 10n ** BigInt(-decimalExponent);
  return binary === digits;
}
