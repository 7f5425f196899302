import type { Dist } from './config.ts';

/**
 * Distributions are sampled by inverse transform: `quantile(dist, u)` with
 * one uniform u ∈ (0, 1) per sample, so every sample is one keyed draw.
 */
export function quantile(dist: Dist, u: number): number {
  switch (dist.kind) {
    case 'fixed':
      return dist.value;
    case 'uniform':
      return dist.min + (dist.max - dist.min) * u;
    case 'normal':
      return dist.mean + dist.sd * normalQuantile(u);
    case 'lognormal':
      return dist.median * Math.exp(dist.spread * normalQuantile(u));
    case 'empirical': {
      const { values, weights } = dist;
      let total = 0;
      for (let k = 0; k < weights.length; k++) total += weights[k];
      let t = u * total;
      for (let k = 0; k < values.length; k++) {
        if (t < weights[k]) return values[k];
        t -= weights[k];
      }
      return values[values.length - 1];
    }
    case 'mixture': {
      const { weights, parts } = dist;
      let total = 0;
      for (let k = 0; k < weights.length; k++) total += weights[k];
      let t = u * total;
      for (let k = 0; k < parts.length; k++) {
        // Rescale u inside the chosen component so that one draw serves both choices.
        if (t < weights[k] || k === parts.length - 1) return quantile(parts[k], Math.min(Math.max(t / weights[k], 1e-12), 1 - 1e-12));
        t -= weights[k];
      }
      return NaN;
    }
  }
}

/** A whole number of days from a distribution: rounded to the nearest integer. */
export function quantileDays(dist: Dist, u: number): number {
  return Math.round(quantile(dist, u));
}

/**
 * A distribution compiled once for the kernel (issue 17): its kind as a number, its parameters
 * in two slots, and the weights' total summed once (in the order `quantile` sums them), so a
 * draw is one switch and no re-summing. Every sampler has this one shape, so V8 sees one
 * object layout at every call site. `sample(compileDist(d), u)` equals `quantile(d, u)` bit
 * for bit (test/engine/dist.test.ts).
 */
export interface Sampler {
  /** FIXED, UNIFORM, NORMAL, LOGNORMAL, EMPIRICAL or MIXTURE. */
  readonly kind: number;
  /** fixed: the value; uniform: min; normal: mean; lognormal: median. */
  readonly a: number;
  /** uniform: max − min; normal: sd; lognormal: spread. */
  readonly b: number;
  /** empirical and mixture: the weights' sum. */
  readonly total: number;
  /** empirical: the values. */
  readonly values: Float64Array;
  /** empirical and mixture: the weights. */
  readonly weights: Float64Array;
  /** mixture: the components. */
  readonly parts: Sampler[];
}

/** Sampler kinds. */
export const FIXED = 0, UNIFORM = 1, NORMAL = 2, LOGNORMAL = 3, EMPIRICAL = 4, MIXTURE = 5;
const NONE = new Float64Array(0);

/** Compiles a distribution for `sample`. */
export function compileDist(dist: Dist): Sampler {
  const base = { kind: FIXED, a: 0, b: 0, total: 0, values: NONE, weights: NONE, parts: [] as Sampler[] };
  switch (dist.kind) {
    case 'fixed':
      return { ...base, a: dist.value };
    case 'uniform':
      return { ...base, kind: UNIFORM, a: dist.min, b: dist.max - dist.min };
    case 'normal':
      return { ...base, kind: NORMAL, a: dist.mean, b: dist.sd };
    case 'lognormal':
      return { ...base, kind: LOGNORMAL, a: dist.median, b: dist.spread };
    case 'empirical':
      return { ...base, kind: EMPIRICAL, total: sum(dist.weights), values: Float64Array.from(dist.values), weights: Float64Array.from(dist.weights) };
    case 'mixture':
      return { ...base, kind: MIXTURE, total: sum(dist.weights), weights: Float64Array.from(dist.weights), parts: dist.parts.map(compileDist) };
  }
}

/** A sample of a compiled distribution for u ∈ (0, 1): `quantile` of the distribution it was compiled from. */
export function sample(sm: Sampler, u: number): number {
  switch (sm.kind) {
    case FIXED:
      return sm.a;
    case UNIFORM:
      return sm.a + sm.b * u;
    case NORMAL:
      return sm.a + sm.b * normalQuantile(u);
    case LOGNORMAL:
      return sm.a * Math.exp(sm.b * normalQuantile(u));
    case EMPIRICAL: {
      const { values, weights } = sm;
      let t = u * sm.total;
      for (let k = 0; k < values.length; k++) {
        if (t < weights[k]) return values[k];
        t -= weights[k];
      }
      return values[values.length - 1];
    }
    default: {
      const { weights, parts } = sm;
      let t = u * sm.total;
      for (let k = 0; k < parts.length; k++) {
        if (t < weights[k] || k === parts.length - 1) {
          // Fixed and uniform components are read here (the same values), not sampled by a recursive call.
          const p = parts[k];
          if (p.kind === FIXED) return p.a;
          const v = Math.min(Math.max(t / weights[k], 1e-12), 1 - 1e-12);
          return p.kind === UNIFORM ? p.a + p.b * v : sample(p, v);
        }
        t -= weights[k];
      }
      return NaN;
    }
  }
}

/** A whole number of days from a compiled distribution: rounded to the nearest integer. */
export function sampleDays(sm: Sampler, u: number): number {
  return Math.round(sample(sm, u));
}

function sum(weights: readonly number[]): number {
  let total = 0;
  for (let k = 0; k < weights.length; k++) total += weights[k];
  return total;
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation,
 * relative error below 1.2e-9: https://web.archive.org/web/2007/home.online.no/~pjacklam/notes/invnorm/).
 */
export function normalQuantile(p: number): number {
  const a1 = -39.69683028665376, a2 = 220.9460984245205, a3 = -275.9285104469687, a4 = 138.357751867269, a5 = -30.66479806614716, a6 = 2.506628277459239;
  const b1 = -54.47609879822406, b2 = 161.5858368580409, b3 = -155.6989798598866, b4 = 66.80131188771972, b5 = -13.28068155288572;
  const c1 = -0.007784894002430293, c2 = -0.3223964580411365, c3 = -2.400758277161838, c4 = -2.549732539343734, c5 = 4.374664141464968, c6 = 2.938163982698783;
  const d1 = 0.007784695709041462, d2 = 0.3224671290700398, d3 = 2.445134137142996, d4 = 3.754408661907416;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
  }
  if (p > 1 - 0.02425) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
  }
  const q = p - 0.5, r = q * q;
  return ((((((a1 * r + a2) * r + a3) * r + a4) * r + a5) * r + a6) * q) / (((((b1 * r + b2) * r + b3) * r + b4) * r + b5) * r + 1);
}

/** Bits of a draw used to index a quantile table (4096 entries). */
export const TABLE_BITS = 12;
export const TABLE_SIZE = 1 << TABLE_BITS;

/**
 * The daily-noise quantile table: entry j is quantile((j + 0.5) / 4096), and a
 * day's noise is table[bits >>> 20]. This keeps a transcendental function out of
 * the per-card-day loop; tails are cut at the 1/8192 quantiles (±3.6 σ).
 */
export function quantileTable(dist: Dist): Float64Array {
  const t = new Float64Array(TABLE_SIZE);
  for (let j = 0; j < TABLE_SIZE; j++) t[j] = quantile(dist, (j + 0.5) / TABLE_SIZE);
  return t;
}
