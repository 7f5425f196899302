/** The largest edit distance a suggestion may have. */
export const SUGGEST_DISTANCE = 2;

/** The closest known key to a typo, if within edit distance 2 (transpositions count 1). */
export function suggestKey(typo: string, known: readonly string[]): string | undefined {
  const lower = typo.toLowerCase();
  let best: string | undefined;
  let bestDistance = SUGGEST_DISTANCE + 1;
  for (const key of known) {
    const d = editDistance(lower, key.toLowerCase(), bestDistance - 1);
    if (d < bestDistance) {
      best = key;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), or `max + 1`
 * when it is past `max`. Texts whose lengths differ by more than `max` are that far apart
 * without a look at their characters (a key of a million characters is refused at once); else
 * only the cells within `max` of the diagonal are filled (time linear in the length for a finite
 * `max`), three rows at a time (memory linear in the shorter text's length), and a row all past
 * `max` ends the search.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length < b.length) [a, b] = [b, a];
  const m = b.length, past = max + 1;
  let before = new Array<number>(m + 1).fill(past);
  let prev = Array.from({ length: m + 1 }, (_, j) => (j <= max ? j : past));
  let row = new Array<number>(m + 1).fill(past);
  for (let i = 1; i <= a.length; i++) {
    // The band of this row: cells farther than max from the diagonal are past max.
    const lo = Math.max(1, i - max), hi = Math.min(m, i + max);
    row[lo - 1] = lo === 1 ? i : past;
    if (hi < m) row[hi + 1] = past;
    let least = row[lo - 1];
    for (let j = lo; j <= hi; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      row[j] = d;
      if (d < least) least = d;
    }
    // A row is at most one more than the row before it, and at least the lesser of that row and one more than the row
    // before that: once a row is all past max, every later row is too.
    if (least > max) return past;
    [before, prev, row] = [prev, row, before];
  }
  return Math.min(prev[m], past);
}
