/** Means, 95 % intervals (Student-t over replications; ratio batch means over blocks) and skewness. */

import type { Estimate } from './report.ts';

const T975 = [NaN, 12.706204736, 4.30265273, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852, 2.200985160, 2.178812830, 2.160368656, 2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.100922040, 2.093024054, 2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562, 2.059538553, 2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456];

/** The confidence of every interval in a report. */
export const CONFIDENCE = 0.95;

/**
 * The 0.975 quantile of Student's t with df degrees of freedom: the table to 30, then tQuantile
 * (to about 1e-10), kept per df. (Two terms of the Cornish–Fisher expansion, used before, were
 * off in the 5th digit at df 31, the batch-means interval's usual df.)
 */
export function t975(df: number): number {
  if (df < T975.length) return T975[df];
  let t = T975_MORE.get(df);
  if (t === undefined) T975_MORE.set(df, (t = +tQuantile(0.975, df).toPrecision(10)));
  return t;
}
const T975_MORE = new Map<number, number>();

/**
 * Estimate of the mean of xs; with fewer than two values there is no interval (lo = hi = null),
 * never a zero-width one; values without spread (all equal, to 10 significant digits) have none
 * either and say so with `constant: true`.
 */
export function estimate(xs: ArrayLike<number>): Estimate {
  const n = xs.length;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += xs[k];
  const mean = sum / n;
  if (n < 2) return { mean: round(mean), lo: null, hi: null };
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (xs[k] - mean) ** 2;
  const half = t975(n - 1) * Math.sqrt(ss / (n - 1) / n);
  return withHalfWidth(mean, half, 1);
}

/**
 * Ratio batch means: batches k = 0 … B−1 (independent: blocks of cards, of one or several
 * replications) with totals xs[k] over sizes ds[k] (cards in the block; demand card-days for a
 * rate). The ratio ρ = Σx ÷ Σd is estimated with the ratio estimator's variance
 * Σ(x_k − ρ d_k)² ÷ (B (B−1) d̄²) and a Student-t quantile on B−1 degrees of freedom; the
 * estimate returned is `scale` × ρ, e.g. scale = cards per replication for a fleet total (then
 * with equal sizes it is the textbook batch-means interval of B·x̄). Null with fewer than two
 * batches or Σd = 0.
 */
export function ratioBatchMeans(xs: ArrayLike<number>, ds: ArrayLike<number>, scale: number): Estimate | null {
  const B = xs.length;
  let sx = 0, sd = 0;
  for (let k = 0; k < B; k++) { sx += xs[k]; sd += ds[k]; }
  if (B < 2 || sd === 0) return null;
  const rho = sx / sd, dbar = sd / B;
  let ss = 0;
  for (let k = 0; k < B; k++) ss += (xs[k] - rho * ds[k]) ** 2;
  const half = t975(B - 1) * Math.sqrt(ss / (B * (B - 1))) / dbar;
  return withHalfWidth(rho, half, scale);
}

/** Adjusted Fisher–Pearson sample skewness G1 of xs; null with fewer than three values or none spread. */
export function skewness(xs: ArrayLike<number>): number | null {
  const n = xs.length;
  if (n < 3) return null;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += xs[k];
  const mean = sum / n;
  let m2 = 0, m3 = 0;
  for (let k = 0; k < n; k++) { const d = xs[k] - mean; m2 += d * d; m3 += d * d * d; }
  m2 /= n; m3 /= n;
  if (m2 <= 1e-24 * mean * mean || m2 === 0) return null;
  return (m3 / m2 ** 1.5) * Math.sqrt(n * (n - 1)) / (n - 2);
}

/** Standard error of G1 under normality: sqrt(6n(n−1) ÷ ((n−2)(n+1)(n+3))). */
export function skewnessError(n: number): number {
  return Math.sqrt((6 * n * (n - 1)) / ((n - 2) * (n + 1) * (n + 3)));
}

/**
 * Replications a 95 % t-interval needs for skewness g to matter little: Cochran's rule,
 * n > 25 g² (Cochran 1977, Sampling Techniques, §2.15; Boos & Hughes-Oliver 2000).
 */
export function replicationsForSkewness(g: number): number {
  return Math.ceil(25 * g * g);
}

/**
 * Whether skewness g of n replication totals is large for n: significant (|g| above twice its
 * standard error under normality, so symmetric noise rarely trips it) and n at or below Cochran's 25 g².
 */
export function skewnessTooLarge(g: number | null, n: number): boolean {
  return g !== null && Math.abs(g) > 2 * skewnessError(n) && n <= replicationsForSkewness(g);
}

/**
 * scale × (center ± half), rounded; a sample without spread (the rounded bounds meet) gets no
 * interval and `constant: true` instead of a zero-width one.
 */
function withHalfWidth(center: number, half: number, scale: number): Estimate {
  const mean = round(scale * center), lo = round(scale * (center - half)), hi = round(scale * (center + half));
  return lo === hi ? { mean, lo: null, hi: null, constant: true } : { mean, lo: Math.min(lo, hi), hi: Math.max(lo, hi) };
}

/** Rounds to 10 significant digits, so reports carry no float noise past what the figures mean. */
export function round(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x === 0 ? 0 : x;
  return +x.toPrecision(10);
}

/**
 * Paired ratio batch means: ρa − ρb for two ratios measured on the same batches (arm and
 * baseline, block by block), with the linearised residuals
 * (xa − ρa da) ÷ d̄a − (xb − ρb db) ÷ d̄b. Equal sizes make it the batch means of per-batch differences.
 */
export function pairedRatioBatchMeans(xa: ArrayLike<number>, da: ArrayLike<number>, xb: ArrayLike<number>, db: ArrayLike<number>, scale: number): Estimate | null {
  const B = xa.length;
  let sxa = 0, sda = 0, sxb = 0, sdb = 0;
  for (let k = 0; k < B; k++) { sxa += xa[k]; sda += da[k]; sxb += xb[k]; sdb += db[k]; }
  if (B < 2 || sda === 0 || sdb === 0) return null;
  const ra = sxa / sda, rb = sxb / sdb, ma = sda / B, mb = sdb / B;
  let ss = 0;
  for (let k = 0; k < B; k++) ss += ((xa[k] - ra * da[k]) / ma - (xb[k] - rb * db[k]) / mb) ** 2;
  const half = t975(B - 1) * Math.sqrt(ss / (B * (B - 1)));
  const d = ra - rb;
  return withHalfWidth(d, half, scale);
}

/**
 * The p quantile of Student's t with df degrees of freedom, for any p in (0, 1): the CDF
 * (regularized incomplete beta, Lentz's continued fraction, Numerical Recipes §6.4) inverted by
 * bisection to about 1e-12. Used where t975 does not fit, such as the Bonferroni quantile
 * t(1 − α/(k−1)) of the best-subset selection.
 */
export function tQuantile(p: number, df: number): number {
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  let lo = 0, hi = 1;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let k = 0; k < 200 && hi - lo > 1e-12 * Math.max(1, hi); k++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

/** P(T ≤ t) for Student's t with df degrees of freedom. */
export function tCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The regularized incomplete beta function I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(x, a, b)) / a : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1, d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d; h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms). */
function logGamma(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let s = g[0];
  for (let k = 1; k < 9; k++) s += g[k] / (x + k);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}
