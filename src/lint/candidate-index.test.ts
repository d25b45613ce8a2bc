import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CandidateIndex } from "./candidate-index.js";
import { didYouMean } from "./closest-match.js";
import { measureEditDistance } from "./edit-distance.js";

/** The plain scan every search must agree with: the first candidate at the least distance, within tolerance. */
function scanForClosest(input: string, candidates: readonly string[], except?: string): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === except) continue;
    const distance = measureEditDistance(needle, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(needle.length / 3)) ? best : undefined;
}

const stepIds = (count: number) => Array.from({ length: count }, (_, i) => `STEP-${Math.floor(i / 100) + 1}-${(i % 100) + 1}`);

describe("CandidateIndex", () => {
  it("suggests the nearest candidate in its own spelling, case aside, the first on ties", () => {
    const index = new CandidateIndex(["STEP-1-1", "STEP-1-2", "error_rate"]);
    expect(index.find("step-1-3")).toBe("STEP-1-1");
    expect(index.find("Error_Rate")).toBe("error_rate");
    expect(index.find("completely different")).toBeUndefined();
    expect(didYouMean("STEP-1-3", index)).toBe('; did you mean "STEP-1-1"?');
  });

  it("skips the candidate it is told to", () => {
    const index = new CandidateIndex(["A-1", "A-2"]);
    expect(index.find("A-3")).toBe("A-1");
    expect(index.find("A-3", "A-1")).toBe("A-2");
  });

  it("makes no guess for text far longer than any id or key", () => {
    const long = "x".repeat(300);
    expect(new CandidateIndex([`${long}y`]).find(long)).toBeUndefined();
  });

  it("finds what a plain scan finds, for any input among a plan's worth of candidates", () => {
    const word = fc.string({ unit: fc.constantFrom("a", "b", "c", "-", "1", "2"), maxLength: 8 });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), word, fc.option(word, { nil: undefined }), (candidates, input, except) => {
        expect(new CandidateIndex(candidates).find(input, except)).toBe(scanForClosest(input, candidates, except));
      }),
    );
  });

  it("finds what a plain scan finds for one-edit typos among thousands of ids", () => {
    const ids = stepIds(5_000);
    const index = new CandidateIndex(ids);
    const typo = fc.tuple(fc.constantFrom(...ids), fc.nat(), fc.constantFrom("drop", "swap", "change", "add"), fc.constantFrom("0", "7", "S", "-"));
    fc.assert(
      fc.property(typo, ([id, at, edit, char]) => {
        const i = at % id.length;
        const input =
          edit === "drop"
            ? id.slice(0, i) + id.slice(i + 1)
            : edit === "swap" && i + 1 < id.length
              ? id.slice(0, i) + (id[i + 1] ?? "") + (id[i] ?? "") + id.slice(i + 2)
              : edit === "add"
                ? id.slice(0, i) + char + id.slice(i)
                : id.slice(0, i) + char + id.slice(i + 1);
        expect(index.find(input)).toBe(scanForClosest(input, ids));
      }),
      { numRuns: 300 },
    );
  });

  it("searches 20,000 ids for 20,000 unknown references without comparing each with each", () => {
    // A scan would compare 400 million pairs; the index answers each search from a few.
    const ids = stepIds(20_000);
    const index = new CandidateIndex(ids);
    let suggested = 0;
    for (const id of ids) if (index.find(`${id}x`) === id) suggested++;
    expect(suggested).toBe(20_000);
    expect(index.find("Launch approved")).toBeUndefined();
  }, 120_000);
});
