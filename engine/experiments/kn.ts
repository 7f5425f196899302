/**
 * The KN fully sequential indifference-zone procedure (Kim & Nelson 2001, "A fully sequential
 * procedure for indifference-zone selection in simulation", ACM TOMACS 11(3)), for paired
 * (common random numbers) replications: after a first stage of n0, arm i is eliminated at
 * replication r when some surviving arm l is better by more than the shrinking allowance
 *
 *   ȳ_i(r) − ȳ_l(r) > max(0, (δ ÷ 2r) · (h² S²_il ÷ δ² − r)),   h² = (n0 − 1)((2α ÷ (k − 1))^(−2/(n0−1)) − 1),
 *
 * with ȳ = sign × value (lower is better) and S²_il the first stage's variance of the
 * differences. Guarantee: when the best arm is better than every other by at least δ, it is the
 * one left with probability ≥ 1 − α (normal replication values; any correlation between arms).
 * Arms tied exactly past the last replication any allowance covers are settled by the order given.
 */
export interface KnResult {
  /** Arms still in (the chosen one when one is left), in the order given. */
  survivors: number[];
  /** Per candidate (order given): the replication count at which it was eliminated, or null. */
  eliminatedAt: (number | null)[];
}

export interface KnOptions {
  /** The indifference zone: differences smaller than this do not matter (objective units). */
  delta: number;
  /** [default: 0.05] */
  alpha?: number;
  /** First-stage replications. [default: 10] */
  n0?: number;
}

/** Replays the procedure over the replications available: values[arm][r] (every candidate has at least n0). */
export function knScreen(values: ArrayLike<number>[], candidates: number[], sign: 1 | -1, options: KnOptions): KnResult {
  const n0 = options.n0 ?? 10, alpha = options.alpha ?? 0.05, delta = options.delta;
  const k = candidates.length;
  const R = Math.min(...candidates.map((i) => values[i].length));
  const out: (number | null)[] = candidates.map(() => null);
  if (k < 2 || R < n0) return { survivors: [...candidates], eliminatedAt: out };
  const h2 = (n0 - 1) * ((2 * alpha / (k - 1)) ** (-2 / (n0 - 1)) - 1);
  const s2: number[][] = candidates.map((i) => candidates.map((l) => (i === l ? 0 : diffVariance(values[i], values[l], n0))));
  const sums = candidates.map((i) => { let s = 0; for (let r = 0; r < n0 - 1; r++) s += sign * values[i][r]; return s; });
  let alive = candidates.map((_, a) => a);
  for (let r = n0; r <= R && alive.length > 1; r++) {
    for (const a of alive) sums[a] += sign * values[candidates[a]][r - 1];
    const gone = alive.filter((a) => alive.some((b) => b !== a && (sums[a] - sums[b]) / r > Math.max(0, (delta / (2 * r)) * (h2 * s2[a][b] / (delta * delta) - r))));
    for (const a of gone) out[a] = r;
    alive = alive.filter((a) => !gone.includes(a));
    // Past N = max ⌊h² S²_il ÷ δ²⌋ over the pairs left, every allowance is 0, so arms still in have exactly
    // equal sums (ties, as arms that never act give under common random numbers): the procedure stops
    // and selects the best sample mean (Kim & Nelson 2001, the first in the order given among equals),
    // which keeps its guarantee: tied arms are within δ of each other.
    if (alive.length > 1 && alive.every((a) => alive.every((b) => a === b || r > Math.floor(h2 * s2[a][b] / (delta * delta))))) {
      for (const a of alive.slice(1)) out[a] = r;
      alive = alive.slice(0, 1);
    }
  }
  return { survivors: alive.map((a) => candidates[a]), eliminatedAt: out };
}

/** Sample variance of x − y over the first n values. */
function diffVariance(x: ArrayLike<number>, y: ArrayLike<number>, n: number): number {
  let m = 0;
  for (let r = 0; r < n; r++) m += x[r] - y[r];
  m /= n;
  let ss = 0;
  for (let r = 0; r < n; r++) ss += (x[r] - y[r] - m) ** 2;
  return ss / (n - 1);
}
