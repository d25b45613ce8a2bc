import { describe, expect, it } from "vitest";
import { compareKeyTuples } from "./compare-key-tuples.js";

describe("compareKeyTuples", () => {
  it("orders NULL, numbers, text, then bytes, as SQLite does", () => {
    const keys = [[new Uint8Array([1])], ["a"], [2], [null], [1n]];
    expect([...keys].sort(compareKeyTuples)).toEqual([[null], [1n], [2], ["a"], [new Uint8Array([1])]]);
  });

  it("orders text by code point (UTF-8 byte order), not by UTF-16 unit", () => {
    expect(compareKeyTuples(["\uffff"], ["😀"])).toBeLessThan(0);
    expect(compareKeyTuples(["B"], ["a"])).toBeLessThan(0);
    expect(compareKeyTuples(["ab"], ["a"])).toBeGreaterThan(0);
  });

  it("compares integers and reals by value, exactly beyond 2^53", () => {
    expect(compareKeyTuples([1n], [1])).toBe(0);
    expect(compareKeyTuples([1n], [1.5])).toBeLessThan(0);
    expect(compareKeyTuples([9007199254740993n], [9007199254740992])).toBeGreaterThan(0);
  });

  it("compares composite keys column by column", () => {
    expect(compareKeyTuples(["a", 2n], ["a", 10n])).toBeLessThan(0);
    expect(compareKeyTuples(["b", 1n], ["a", 10n])).toBeGreaterThan(0);
  });
});
