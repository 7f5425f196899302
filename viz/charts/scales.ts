// Axis helpers: date tick labels for any span and domains that never zoom into float noise.

/** Date ticks: the year in January, a short month name otherwise ("2027", "Apr"). */
export function monthTick(d: Date | { valueOf(): number }): string {
  const t = new Date(+d);
  return t.getUTCMonth() === 0 && t.getUTCDate() === 1 ? String(t.getUTCFullYear()) : t.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
}

/**
 * Date ticks for any span: on the 1st of a month the month (the year in January), as monthTick;
 * any other day its month and day ("Jan 18"), so short runs ticked by day or week repeat no label.
 */
export function dateTick(d: Date | { valueOf(): number }): string {
  const t = new Date(+d);
  return t.getUTCDate() === 1 ? monthTick(t) : t.toLocaleString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/**
 * A linear scale's domain around [lo, hi] with `pad` (a fraction of the span) either side, never
 * narrower than `minRelative` × `reference` (by default the larger magnitude; 1 when that is 0): values equal but
 * for floating-point noise (96,000 and 96,000.00004) sit on one sensible axis instead of one
 * zoomed into the noise. `floor` clips the low end (0 for counts and money).
 */
export function spanDomain(lo: number, hi: number, { pad = 0.1, minRelative = 1e-3, reference = Math.max(Math.abs(lo), Math.abs(hi)), floor = -Infinity } = {}): [number, number] {
  const minSpan = Math.abs(reference) * minRelative || 1;
  let a = lo - (hi - lo) * pad, b = hi + (hi - lo) * pad;
  if (b - a < minSpan) {
    const mid = (lo + hi) / 2;
    a = mid - minSpan / 2;
    b = mid + minSpan / 2;
  }
  if (a < floor) { b += floor - a; a = floor; }
  return [a, b];
}
