import type { Interval } from '../report.ts';
import { round, t975 } from '../stats.ts';

/**
 * The 95 % Welch interval of mean(ys) − mean(xs) for two independent samples (each of two
 * values or more): what comparing arms costs without common random numbers.
 */
export function welchDifference(xs: ArrayLike<number>, ys: ArrayLike<number>): Interval {
  const a = moments(xs), b = moments(ys);
  const va = a.variance / xs.length, vb = b.variance / ys.length;
  const se = Math.sqrt(va + vb);
  const df = se === 0 ? Infinity : (va + vb) ** 2 / (va ** 2 / (xs.length - 1) + vb ** 2 / (ys.length - 1));
  const half = (df === Infinity ? 1.959963985 : t975(Math.max(1, Math.floor(df)))) * se; // whole df: slightly conservative
  const mean = b.mean - a.mean;
  return { mean: round(mean), lo: round(mean - half), hi: round(mean + half) };
}

function moments(xs: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let k = 0; k < xs.length; k++) sum += xs[k];
  const mean = sum / xs.length;
  let ss = 0;
  for (let k = 0; k < xs.length; k++) ss += (xs[k] - mean) ** 2;
  return { mean, variance: ss / (xs.length - 1) };
}
