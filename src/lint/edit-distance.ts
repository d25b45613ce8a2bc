/**
 * Edit distance between two strings, counting an adjacent swap ("phaes") as one edit, as a
 * person would count it (optimal string alignment). Gives up as soon as the distance must
 * exceed `limit` and returns `limit + 1`, so a search among many candidates stays cheap.
 */
export function measureEditDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let twoBack = new Int32Array(b.length + 1);
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  let previousMin = 0;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1);
      let best = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        best = Math.min(best, (twoBack[j - 2] as number) + 1);
      }
      current[j] = best;
      if (best < rowMin) rowMin = best;
    }
    // Later rows build on this row and the one before (swaps reach back two): both too far, all are.
    if (rowMin > limit && previousMin > limit) return limit + 1;
    previousMin = rowMin;
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  const distance = previous[b.length] as number;
  return distance > limit ? limit + 1 : distance;
}
