import { measureEditDistance } from "./edit-distance.js";

/** Up to this many candidates a search compares them all, exactly as a plain scan would. */
const exhaustiveLimit = 1_000;
/** Neither a guess for a longer string nor a longer guess is a typo anyone would make. */
const longestMatched = 256;

/**
 * Candidates for "did you mean", indexed once so that each search is cheap however many
 * there are: a plan's step ids, say, searched for each unknown reference. A search finds the
 * candidate nearest by edit distance (case-insensitive), the earliest on ties, if within the
 * typo tolerance: two edits, or a third of the input's length. Results are remembered.
 *
 * Past `exhaustiveLimit` candidates, the nearest at one edit is still always found (through
 * an index of every candidate with one character deleted); a farther one is looked for among
 * the `exhaustiveLimit` nearest in length, so that no search is linear in the plan.
 */
export class CandidateIndex {
  private readonly names: string[] = [];
  private readonly lowered: string[] = [];
  private readonly memo = new Map<string, string | undefined>();
  private byVariant: Map<string, number | number[]> | undefined;
  private byLength: Map<number, number[]> | undefined;

  constructor(candidates: Iterable<string>) {
    const seen = new Set<string>();
    for (const name of candidates) {
      if (seen.has(name)) continue;
      seen.add(name);
      this.names.push(name);
      this.lowered.push(name.toLowerCase());
    }
  }

  get size(): number {
    return this.names.length;
  }

  /** The candidates, without duplicates, in their first order. */
  list(): readonly string[] {
    return this.names;
  }

  /** The nearest candidate other than `except`, if near enough to be a likely typo. */
  find(input: string, except?: string): string | undefined {
    const key = except === undefined ? input : `${input}\u0000${except}`;
    if (this.memo.has(key)) return this.memo.get(key);
    const found = this.search(input, except);
    this.memo.set(key, found);
    return found;
  }

  private search(input: string, except: string | undefined): string | undefined {
    const needle = input.toLowerCase();
    if (needle.length > longestMatched) return undefined;
    const tolerance = Math.max(2, Math.floor(needle.length / 3));
    let bestDistance = tolerance + 1;
    let bestIndex = -1;
    const consider = (i: number) => {
      if (this.names[i] === except) return;
      const candidate = this.lowered[i] as string;
      if (candidate.length > longestMatched) return;
      const distance = measureEditDistance(needle, candidate, Math.min(tolerance, bestDistance));
      if (distance < bestDistance || (distance === bestDistance && i < bestIndex)) {
        bestDistance = distance;
        bestIndex = i;
      }
    };
    if (this.names.length <= exhaustiveLimit) {
      for (let i = 0; i < this.names.length; i++) consider(i);
    } else {
      for (const variant of deletionVariants(needle)) {
        const hits = this.readVariants().get(variant);
        if (typeof hits === "number") consider(hits);
        else if (hits !== undefined) for (const i of hits) consider(i);
      }
      if (bestDistance > 1) this.scanNearestLengths(needle.length, tolerance, consider, () => bestDistance);
    }
    return bestIndex < 0 || bestDistance > tolerance ? undefined : this.names[bestIndex];
  }

  /** Candidates by length, nearest the input's first, up to `exhaustiveLimit` of them. */
  private scanNearestLengths(length: number, tolerance: number, consider: (i: number) => void, best: () => number): void {
    const byLength = this.readLengths();
    let budget = exhaustiveLimit;
    for (let delta = 0; delta <= tolerance && delta <= best() && budget > 0; delta++) {
      for (const at of delta === 0 ? [length] : [length - delta, length + delta]) {
        for (const i of byLength.get(at) ?? []) {
          if (budget-- <= 0) return;
          consider(i);
        }
      }
    }
  }

  private readVariants(): Map<string, number | number[]> {
    if (this.byVariant !== undefined) return this.byVariant;
    const map = new Map<string, number | number[]>();
    this.lowered.forEach((name, i) => {
      if (name.length > longestMatched) return;
      for (const variant of deletionVariants(name)) {
        const hits = map.get(variant);
        if (hits === undefined) map.set(variant, i);
        else if (typeof hits === "number") {
          if (hits !== i) map.set(variant, [hits, i]);
        } else if (hits[hits.length - 1] !== i) hits.push(i);
      }
    });
    this.byVariant = map;
    return map;
  }

  private readLengths(): Map<number, number[]> {
    if (this.byLength !== undefined) return this.byLength;
    const map = new Map<number, number[]>();
    this.lowered.forEach((name, i) => {
      const list = map.get(name.length);
      if (list === undefined) map.set(name.length, [i]);
      else list.push(i);
    });
    this.byLength = map;
    return map;
  }
}

/**
 * The text itself and each text with one character deleted: two strings one edit apart
 * (insertion, deletion, substitution or adjacent swap) always share one of these.
 */
function deletionVariants(text: string): string[] {
  const variants = [text];
  for (let i = 0; i < text.length; i++) variants.push(text.slice(0, i) + text.slice(i + 1));
  return variants;
}
