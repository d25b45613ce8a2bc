import { describe, expect, it } from "vitest";
import { renderSparkline } from "./monitor-sparkline.js";

describe("renderSparkline", () => {
  it("scales each reading between the smallest and the largest shown", () => {
    expect(renderSparkline([0, 1, 2, 3, 4, 5, 6, 7], 8)).toBe("▁▂▃▄▅▆▇█");
    expect(renderSparkline([10, 80, 10], 3)).toBe("▁█▁");
    // Only the spread matters, not the magnitude: 0.1% to 0.2% draws like 1 to 2.
    expect(renderSparkline([0.001, 0.002], 2)).toBe(renderSparkline([1, 2], 2));
  });

  it("leaves a gap where a reading had no number", () => {
    expect(renderSparkline([1, null, 3], 3)).toBe("▁ █");
    expect(renderSparkline([null, null], 2)).toBe("  ");
  });

  it("draws a steady reading as a level line in the middle", () => {
    expect(renderSparkline([42, 42, 42], 3)).toBe("▄▄▄");
  });

  it("keeps the last `width` readings and grows a short history from the right", () => {
    expect(renderSparkline([9, 0, 7], 2)).toBe("▁█");
    expect(renderSparkline([0, 7], 5)).toBe("   ▁█");
    expect(renderSparkline([], 4)).toBe("    ");
    expect(renderSparkline(Array.from({ length: 40 }, (_, i) => i))).toHaveLength(30);
  });
});
