import type { Sim } from './sim.ts';
import { mix32, uniform, uniformOf } from './rng.ts';

/**
 * Stratified per-card draws (docs/rules.md, "Randomness"): a Latin-hypercube design over the
 * cards of a cohort. The cards of a stratum group (below) split (0, 1) into as many equal
 * cells as there are cards; a keyed permutation gives each card one cell, and the card's own
 * draw places it inside the cell. Each card's draw is still uniform, but the group's draws
 * cover the distribution evenly, so fleet totals vary far less between replications. Each
 * (group, stream, index) has its own permutation, and each replication its own key, so
 * replications stay independent of each other.
 *
 * A stratum group is the cards of one cohort inside one aligned window of STRATUM_CARDS global
 * indexes: fixed by the fleet, never by the block size or the worker count. Blocks whose size
 * is a multiple of STRATUM_CARDS (the default 16,384 is) hold whole groups, so they stay
 * independent batches for batch means (engine/batches.ts).
 */

/** The R6 sequence's generators φ⁻ᵏ mod 1, k = 1…6 (φ = 1.11277568…, the real root > 1 of x⁷ = x + 1). */
const R6 = [0.8986537126286992, 0.8075784952213447, 0.7257334129697598, 0.6521830259439716, 0.5860866975779693, 0.5266889867007358];

/** Cards per stratum window (global indexes [k·STRATUM_CARDS, (k+1)·STRATUM_CARDS)). */
export const STRATUM_CARDS = 64;

/**
 * A keyed bijection on [0, n) (n ≤ 2^30): a 4-round balanced Feistel network on the smallest
 * even number of bits that holds n, cycle-walked until the value falls below n (on average
 * fewer than 4 steps). Computable for one index without building the permutation.
 */
export function permute(key: number, n: number, j: number): number {
  // Half the bits of n − 1, rounded up (at least 1).
  const h = n > 4 ? (33 - Math.clz32(n - 1)) >> 1 : 1;
  const mask = (1 << h) - 1;
  let x = j;
  do {
    let l = x >>> h, r = x & mask;
    for (let round = 1; round <= 4; round++) {
      const t = l ^ (mix32(r ^ key ^ Math.imul(round, 0x9e3779b9)) & mask);
      l = r;
      r = t;
    }
    x = (l << h) | r;
  } while (x >= n);
  return x;
}

/**
 * The draw of card g of the cohort [c0, c1) for (index, stream): with `stratify` off, the plain
 * keyed uniform(key, g, index, stream); on, that uniform placed in the card's permuted cell of
 * its stratum group. `index` takes the place of the day: 0 for once-per-card draws, a term or
 * invoice index for draws that recur.
 */
export function stratified(key: number, stratify: boolean, c0: number, c1: number, g: number, index: number, stream: number): number {
  const v = uniform(key, g, index, stream);
  if (!stratify) return v;
  const w = g - (g % STRATUM_CARDS);
  const a = w > c0 ? w : c0, b = w + STRATUM_CARDS < c1 ? w + STRATUM_CARDS : c1, n = b - a;
  if (n <= 1) return v;
  return (cellOf(key, a, n, g - a, index, stream) + v) / n;
}

/**
 * The cell in [0, n) of the j-th card of the stratum group [a, a + n) for (index, stream). Each
 * (index, stream) is a permutation of the cells (an exact stratification of that draw). The
 * once-per-card draws whose product drives costs (mean volume, the first runaway's onset, factor
 * and duration, term spread, installation day) are also spread jointly: the card's lattice
 * coordinate c (one keyed permutation per group) gives cell (c·z + shift) mod n, with z the
 * integer nearest n·α coprime to n, α from the R6 low-discrepancy sequence (Roberts 2018:
 * αₖ = φ⁻ᵏ mod 1, φ⁷ = φ + 1) and a keyed shift: a shifted rank-1 lattice, so the cards that run
 * away (early onset cells) also cover the factor and the volume evenly. Other draws take
 * independent permutations (a Latin hypercube).
 */
export function cellOf(key: number, a: number, n: number, j: number, index: number, stream: number): number {
  const z = index === 0 ? latticeStep(n, stream) : 0;
  if (z === 0) return permute(groupKey(key, a, index, stream), n, j);
  return (latticeCoordinate(key, a, n, j) * z + latticeShift(key, a, n, stream)) % n;
}

/** The lattice's multiplier z for a group of n cards and a once-per-card stream; 0 when the stream is not in the lattice (cellOf). */
export function latticeStep(n: number, stream: number): number {
  const alpha = stream < LATTICE.length ? LATTICE[stream] : 0;
  if (alpha === 0) return 0;
  let z = Math.round(alpha * n);
  while (gcd(z, n) !== 1) z++;
  return z;
}

/** The lattice coordinate of the j-th card of the group [a, a + n), shared by every lattice stream (cellOf). */
export function latticeCoordinate(key: number, a: number, n: number, j: number): number {
  return permute(groupKey(key, a, -2, -2), n, j);
}

/** The lattice's keyed shift of the group [a, a + n) for a stream (cellOf). */
export function latticeShift(key: number, a: number, n: number, stream: number): number {
  return (groupKey(key, a, 0, stream) >>> 0) % n;
}

/** α of the lattice draws by stream number (rng.ts Stream): mean, runOnset, runFactor, runDuration, termSpread, deploy; 0: not in the lattice. */
export const LATTICE = (() => {
  const t = new Float64Array(14);
  [1, 2, 3, 4, 5, 13].forEach((stream, k) => (t[stream] = R6[k]));
  return t;
})();

function gcd(x: number, y: number): number {
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** The key of the permutation of the stratum group whose first card is a, for (index, stream). */
export function groupKey(key: number, a: number, index: number, stream: number): number {
  return mix32(mix32(key ^ Math.imul(a, 0x85ebca77)) ^ Math.imul(index + 1, 0xc2b2ae3d) ^ Math.imul(stream + 1, 0x27d4eb2f));
}

/**
 * stratified() for card i of a block, its cohort looked up (for draws outside the cohort loop of
 * kernel init). The same value, computed with less: the card's key from Fleet.key, its stratum
 * group found once per card, and each (index, stream)'s group key once per group (StrataCache).
 */
export function cardDraw(s: Sim, i: number, index: number, stream: number): number {
  const v = uniformOf(s.fleet.key[i], index, stream);
  if (!s.stratify) return v;
  const c = s.strata;
  if (c.card !== i) c.locate(s, i);
  if (c.n <= 1) return v;
  return (c.cell(s.key, index, stream) + v) / c.n;
}

/**
 * Whether card i's draw for (index, stream) (cardDraw) can fall below `chance`; false only when it
 * certainly does not, decided without drawing. With stratified draws only the cards in the lowest
 * cells of their group can fall below a small chance (an invoice's missChance): the group's cards
 * in those cells are found once per group and index by inverting its permutation
 * (StrataCache.mayBeBelow), so the other cards need no draw. `mayDrawBelow(…) && cardDraw(…) < chance`
 * is `cardDraw(…) < chance`, draw for draw.
 */
export function mayDrawBelow(s: Sim, i: number, index: number, stream: number, chance: number): boolean {
  if (!s.stratify) return true;
  const c = s.strata;
  if (c.card !== i) c.locate(s, i);
  return c.mayLie(s.key, index, stream, chance, false);
}

/**
 * Whether card i's draw for (index, stream) can be above `x`; false only when it certainly is not
 * (mayDrawBelow's counterpart, for the cards in the highest cells: an invoice's payment draw
 * against the payer's quiet limit, quiet.ts). `mayDrawAbove(…) || cardDraw(…) <= x` is true
 * exactly when `cardDraw(…) <= x`.
 */
export function mayDrawAbove(s: Sim, i: number, index: number, stream: number, x: number): boolean {
  if (!s.stratify) return true;
  const c = s.strata;
  if (c.card !== i) c.locate(s, i);
  return c.mayLie(s.key, index, stream, x, true);
}

/** mayDrawPast's bits: the draw below may lie below its chance; the draw above may lie above its x. */
export const MAY_BELOW = 1, MAY_ABOVE = 2;

/**
 * mayDrawBelow(s, i, index, below, chance) (the bit MAY_BELOW) and mayDrawAbove(s, i, index, above, x)
 * (MAY_ABOVE) at once, for an index in [0, count) (else both bits): two bits of one per-card table
 * instead of two stamped look-ups (StrataCache.mayPast; an invoice asks it of its miss and its
 * payment draw, billing.ts). 0 only when neither draw can lie past its threshold. The table is
 * built once per stratum group and arguments, for all of [0, count): worth it for draws that every
 * card of the group makes at every index (an invoice each cycle), not for a rare one.
 */
export function mayDrawPast(s: Sim, i: number, index: number, count: number, below: number, chance: number, above: number, x: number): number {
  if (!s.stratify) return MAY_BELOW | MAY_ABOVE;
  const c = s.strata;
  if (c.card !== i) c.locate(s, i);
  return c.mayPast(s.key, count, index, below, chance, above, x);
}
