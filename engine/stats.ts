/** Mean and 95 % Student-t interval over replications. */

import type { Estimate } from './report.ts';

const T975 = [NaN, 12.706204736, 4.30265273, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852, 2.200985160, 2.178812830, 2.160368656, 2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.100922040, 2.093024054, 2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562, 2.059538553, 2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456];

/** The 0.975 quantile of Student's t with df degrees of freedom (table to 30, then the Cornish–Fisher expansion). */
export function t975(df: number): number {
  if (df < T975.length) return T975[df];
  const z = 1.959963985, z3 = z * z * z, z5 = z3 * z * z;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
}

/** Estimate of the mean of xs; with one value the interval collapses to it. */
export function estimate(xs: ArrayLike<number>): Estimate {
  const n = xs.length;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += xs[k];
  const mean = sum / n;
  if (n < 2) return { mean: round(mean), lo: round(mean), hi: round(mean) };
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (xs[k] - mean) ** 2;
  const half = t975(n - 1) * Math.sqrt(ss / (n - 1) / n);
  return { mean: round(mean), lo: round(mean - half), hi: round(mean + half) };
}

/** Rounds to 10 significant digits, so reports carry no float noise past what the figures mean. */
export function round(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x === 0 ? 0 : x;
  return +x.toPrecision(10);
}
