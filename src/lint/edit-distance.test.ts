import { describe, expect, it } from "vitest";
import { measureEditDistance } from "./edit-distance.js";

describe("measureEditDistance", () => {
  it.each([
    ["phases", "phases", 0],
    ["phaes", "phases", 1],
    ["fases", "phases", 2],
    ["precondtions", "preconditions", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ])("%j to %j is %d, counting an adjacent swap as one edit", (a, b, distance) => {
    expect(measureEditDistance(a, b)).toBe(distance);
    expect(measureEditDistance(b, a)).toBe(distance);
  });

  it("stops at the limit, returning one more than it", () => {
    expect(measureEditDistance("abcdefgh", "stuvwxyz", 2)).toBe(3);
    expect(measureEditDistance("a", "abcdef", 1)).toBe(2);
    expect(measureEditDistance("kitten", "sitting", 3)).toBe(3);
  });
});
