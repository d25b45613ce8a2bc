import { describe, expect, it } from "vitest";
import { invalid, ok, type ParseResult } from "./parse-result.js";

describe("ParseResult", () => {
  it("ok() wraps a value", () => {
    const result: ParseResult<number> = ok(3);
    expect(result).toEqual({ kind: "ok", value: 3 });
  });

  it("invalid() carries a reason and fits any ParseResult", () => {
    const result: ParseResult<number> = invalid('expected a number like "3"');
    expect(result).toEqual({ kind: "invalid", reason: 'expected a number like "3"' });
  });
});
