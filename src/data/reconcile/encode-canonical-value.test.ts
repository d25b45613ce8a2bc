import { describe, expect, it } from "vitest";
import { encodeCanonicalRow, encodeCanonicalValue } from "./encode-canonical-value.js";

describe("encodeCanonicalValue", () => {
  it.each([
    [null, "N"],
    ["", "s0:"],
    ["NULL", "s4:NULL"],
    ["é", "s2:é"],
    [1n, "n1:1"],
    [1, "n1:1"],
    [-0, "n1:0"],
    [1.1, "n3:1.1"],
    [0.1 + 0.2, "n3:0.3"],
    [1e-7, "n9:0.0000001"],
    [1.5e20, "n21:150000000000000000000"],
    [-2.5, "n4:-2.5"],
    [9223372036854775807n, "n19:9223372036854775807"],
    [Number.POSITIVE_INFINITY, "n3:inf"],
    [1234567890123.125, "n16:1234567890123.12"],
    [-1234567890123.375, "n17:-1234567890123.38"],
    [1000000000000005, "n16:1000000000000000"],
    [new Uint8Array([0, 255]), "b2:00ff"],
  ] as const)("encodes %o as %s", (value, code) => {
    expect(encodeCanonicalValue(value)).toBe(code);
  });

  it("keeps 15 significant digits of a real, so a change in the 15th digit still shows", () => {
    expect(encodeCanonicalValue(1.23456789012345)).not.toBe(encodeCanonicalValue(1.23456789012346));
    expect(encodeCanonicalValue(1.234567890123451)).toBe(encodeCanonicalValue(1.23456789012345));
  });

  it("keeps integers exact beyond the precision of a real", () => {
    expect(encodeCanonicalValue(9007199254740993n)).not.toBe(encodeCanonicalValue(9007199254740992n));
  });

  it("cannot be fooled by separators inside text or by swapped columns", () => {
    expect(encodeCanonicalRow(["a", "bc"])).not.toBe(encodeCanonicalRow(["ab", "c"]));
    expect(encodeCanonicalRow(["s1:a", null])).not.toBe(encodeCanonicalRow(["s1:a" + "N"]));
    expect(encodeCanonicalRow([1n, 2n])).not.toBe(encodeCanonicalRow([2n, 1n]));
  });
});
