/** What a schema expected, in a user's words: "text", "a list", "a whole number". */
export function describeExpected(expected: string): string {
  switch (expected) {
    case "string":
      return "text";
    case "array":
      return "a list";
    case "object":
    case "record":
      return "a mapping";
    case "boolean":
      return "true or false";
    case "number":
      return "a number";
    case "int":
      return "a whole number";
    default:
      return expected;
  }
}

/** A value found where it did not fit, briefly: `text "abc"`, `the number 1.5`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number") return `the number ${value}`;
  return `${typeof value} ${String(value)}`;
}
