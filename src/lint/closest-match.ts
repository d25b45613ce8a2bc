import { CandidateIndex } from "./candidate-index.js";

/**
 * The candidate nearest to `input` by edit distance, if near enough to be a likely typo.
 * Pass a `CandidateIndex` when searching the same many candidates again and again.
 */
export function findClosestMatch(input: string, candidates: Iterable<string> | CandidateIndex): string | undefined {
  return (candidates instanceof CandidateIndex ? candidates : new CandidateIndex(candidates)).find(input);
}

/** `; did you mean "x"?` or nothing. */
export function didYouMean(input: string, candidates: Iterable<string> | CandidateIndex): string {
  return formatDidYouMean(findClosestMatch(input, candidates));
}

/** `; did you mean "x"?` for a match found, nothing for none. */
export function formatDidYouMean(match: string | undefined): string {
  return match === undefined ? "" : `; did you mean ${JSON.stringify(match)}?`;
}
