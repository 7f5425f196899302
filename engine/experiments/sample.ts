/**
 * A metric of every arm measured unit by unit on the same units (replications under common
 * random numbers, or the blocks of one replication): what the selection and the bootstrap read.
 * Arm i's estimate is offset + scale · Σ_k x[i][k] ÷ Σ_k d[i][k]; with d = null every unit
 * weighs 1 and the estimate is the mean of x (replications). With d the block's cards (or its
 * demand card-days for availability) it is the ratio estimator of the batch means.
 */
export interface PairedSample {
  /** x[arm][unit] */
  x: Float64Array[];
  /** d[arm][unit], or null for units of equal weight. [default: null] */
  d: Float64Array[] | null;
  /** [default: 1] */
  scale: number;
  /** [default: 0] */
  offset: number;
}

/** A sample of units of equal weight: x[arm][unit] (replication totals). */
export function equalUnits(x: ArrayLike<number>[]): PairedSample {
  return { x: x.map((a) => Float64Array.from(a)), d: null, scale: 1, offset: 0 };
}

/** Units in the sample. */
export function unitCount(s: PairedSample): number {
  return s.x[0]?.length ?? 0;
}

/** Arm i's estimate over the units idx (every unit once when idx is omitted). */
export function armEstimate(s: PairedSample, i: number, idx?: Int32Array): number {
  const x = s.x[i], d = s.d?.[i];
  const n = idx ? idx.length : x.length;
  let sx = 0, sd = 0;
  for (let k = 0; k < n; k++) {
    const u = idx ? idx[k] : k;
    sx += x[u];
    sd += d ? d[u] : 1;
  }
  return sd === 0 ? s.offset : s.offset + (s.scale * sx) / sd; // no demand: availability 1, as metricsOf
}

/**
 * The standard error of estimate(i) − estimate(j) from the paired units: the linearised
 * residuals (x_ik − ρ_i d_ik) ÷ d̄_i − (x_jk − ρ_j d_jk) ÷ d̄_j over B units, √(Σe² ÷ (B(B−1)))
 * times |scale| (with d = null: the standard deviation of the differences over √B).
 */
export function pairedError(s: PairedSample, i: number, j: number): number {
  const xi = s.x[i], xj = s.x[j], di = s.d?.[i], dj = s.d?.[j];
  const B = xi.length;
  let sxi = 0, sxj = 0, sdi = 0, sdj = 0;
  for (let k = 0; k < B; k++) { sxi += xi[k]; sxj += xj[k]; sdi += di ? di[k] : 1; sdj += dj ? dj[k] : 1; }
  const ri = sxi / sdi, rj = sxj / sdj, mi = sdi / B, mj = sdj / B;
  let ss = 0;
  for (let k = 0; k < B; k++) {
    const e = (xi[k] - ri * (di ? di[k] : 1)) / mi - (xj[k] - rj * (dj ? dj[k] : 1)) / mj;
    ss += e * e;
  }
  return Math.abs(s.scale) * Math.sqrt(ss / (B * (B - 1)));
}
