import { round, skewness, tQuantile } from '../stats.ts';
import type { ControlledFit } from './control.ts';

/**
 * The control-variate estimate of a fleet total's paired difference from batches pooled over
 * replications (docs/statistics.md, "Control variates over batches"). Observation i is a batch of
 * one replication: ys[i] its paired difference, cards[i] its cards, devs[j][i] control j's value
 * minus its expectation for that batch's cards. Batches are independent and hold whole stratum
 * groups and pools, so var(y_i | d_i) grows with the cards: the model is
 *
 *   y_i = α · n_i + Σ_j β_j · d_ji + e_i,   var(e_i) = σ² · n_i,
 *
 * fitted by weighted least squares (weights 1/n_i: every term divided by √n_i, then ordinary
 * least squares with no other intercept). α is the difference per card; the estimate of the
 * replication total is N·α̂, N = Σ n_i ÷ replications, which is the classical ȳ − β̂·(d̄ − 0) of
 * the totals (α̂'s normal equation: Σ y_i − α̂ Σ n_i − β̂·Σ d_i = 0). Its 95 % interval is
 * ± t(m − q − 1) · N · σ̂ / r, r the norm of √n left after projecting out the kept controls and
 * σ̂² the weighted residual sum of squares over m − q − 1 (m observations, q controls kept).
 * With equal batches it is exactly controlledEstimate's interval on the batches.
 * A control that does not vary or that the others explain (Gram–Schmidt residual at or below
 * 1e-9 of its size) is left out; at most m − 3 are kept. `varianceRatio`: the variance of the
 * same fit with no control (the ratio estimator Σy/Σn) over this one's.
 */
export function pooledControlled(ys: ArrayLike<number>, cards: ArrayLike<number>, devs: ArrayLike<number>[], reps: number, robust = true): ControlledFit {
  const m = ys.length;
  const w = Float64Array.from({ length: m }, (_, i) => 1 / Math.sqrt(cards[i]));
  const Y = Float64Array.from({ length: m }, (_, i) => ys[i] * w[i]);
  const Z0 = Float64Array.from({ length: m }, (_, i) => cards[i] * w[i]);
  let N = 0;
  for (let i = 0; i < m; i++) N += cards[i];
  N /= reps;
  // Plain: α0 = Σy ÷ Σn (the ratio estimator) with σ0² on m − 1 degrees of freedom.
  const n0 = dot(Z0, Z0), a0 = dot(Y, Z0) / n0;
  let sse0 = 0;
  for (let i = 0; i < m; i++) sse0 += (Y[i] - a0 * Z0[i]) ** 2;
  let var0 = m > 1 ? sse0 / (m - 1) / n0 : NaN;
  if (robust && m > 1) {
    let hc = 0;
    for (let i = 0; i < m; i++) hc += (Z0[i] * (Y[i] - a0 * Z0[i]) / (1 - (Z0[i] * Z0[i]) / n0)) ** 2;
    var0 = hc / (n0 * n0);
  }
  // Orthonormal basis of the kept controls (weighted), then √n against it.
  const basis: Float64Array[] = [];
  for (const d of devs) {
    if (basis.length + 3 > m) break;
    const v = Float64Array.from({ length: m }, (_, i) => d[i] * w[i]);
    const size = Math.sqrt(dot(v, v));
    for (const b of basis) axpy(v, -dot(v, b), b);
    const rest = Math.sqrt(dot(v, v));
    if (size === 0 || rest <= 1e-9 * size) continue;
    for (let i = 0; i < m; i++) v[i] /= rest;
    basis.push(v);
  }
  const q = basis.length;
  const u = Float64Array.from(Z0);
  for (const b of basis) axpy(u, -dot(u, b), b);
  const r = Math.sqrt(dot(u, u));
  for (let i = 0; i < m; i++) u[i] /= r;
  const alpha = dot(Y, u) / r;
  const est = N * alpha;
  if (m - q - 1 < 1) return { mean: round(est), lo: null, hi: null, controls: q, varianceRatio: null, residualSkewness: null };
  // Residuals of Y on [controls, √n].
  const e = Float64Array.from(Y);
  for (const b of [...basis, u]) axpy(e, -dot(Y, b), b);
  const df = m - q - 1, s2 = Math.max(dot(e, e), 0) / df;
  let v = s2 / (r * r);
  if (robust) {
    // HC3 (MacKinnon & White 1985): Σ u_i² e_i² ÷ (1 − h_i)² ÷ r², h_i the leverage.
    let hc = 0;
    for (let i = 0; i < m; i++) {
      let h = u[i] * u[i];
      for (const b of basis) h += b[i] * b[i];
      hc += (u[i] * e[i] / (1 - h)) ** 2;
    }
    v = hc / (r * r);
  }
  const g = skewness(e);
  // A batch with all the leverage (hᵢ = 1) leaves HC3 no variance to estimate: no interval.
  if (!Number.isFinite(v)) return { mean: round(est), lo: null, hi: null, controls: q, varianceRatio: null, residualSkewness: g === null ? null : round(g) };
  const half = tQuantile(0.975, df) * N * Math.sqrt(v);
  const more = { controls: q, varianceRatio: v > 0 && Number.isFinite(var0) ? round(var0 / v) : null, residualSkewness: g === null ? null : round(g) };
  const mean = round(est), lo = round(est - half), hi = round(est + half);
  return lo === hi ? { mean, lo: null, hi: null, constant: true, ...more } : { mean, lo, hi, ...more };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

/** y += c · x */
function axpy(y: Float64Array, c: number, x: Float64Array): void {
  for (let k = 0; k < y.length; k++) y[k] += c * x[k];
}
