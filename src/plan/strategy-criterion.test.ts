import { describe, expect, it } from "vitest";
import { criterionCheckText } from "./strategy-criterion.js";

describe("criterionCheckText", () => {
  it("makes a condition of a measurement and a comparing threshold", () => {
    expect(criterionCheckText({ criterion: "Errors stay low", measurement: "Error rate", threshold: "< 0.1%" })).toBe("Error rate < 0.1%");
  });

  it("keeps the criterion's words when the threshold does not compare", () => {
    expect(criterionCheckText({ criterion: "Checkout works", measurement: "Error rate", threshold: "low" })).toBe("Checkout works");
    expect(criterionCheckText({ criterion: "Checkout works" })).toBe("Checkout works");
  });

  it("has nothing to check when the criterion says nothing", () => {
    expect(criterionCheckText({ threshold: "< 1%" })).toBeUndefined();
  });
});
