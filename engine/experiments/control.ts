import { NEVER } from '../fleet.ts';
import type { ScenarioConfig } from '../config.ts';
import type { Estimate } from '../report.ts';
import type { Model } from '../model.ts';
import { MIXTURE, sample, sampleDays, type Sampler } from '../dist.ts';
import { controlsInto, FAULT_MB, MEAN_MB } from './control-draws.ts';
import { streamSeed } from '../jobs.ts';
import { round, skewness, tQuantile } from '../stats.ts';

/**
 * Control variates for the runaway faults (docs/statistics.md, "Control variates"): functions of
 * a replication's draws alone, whose expectations are known from the profiles, and which move
 * with the costs the faults drive. Per replication and arm:
 *
 * - `faultMB` = Σ over cards, Σ over the faults begun before the horizon, of the card's mean
 *   daily MB (at least 0) × the fault's factor × its duration in days: the extra MB the faults
 *   would ask for at the card's mean;
 * - `meanMB` = Σ over cards of the mean daily MB (at least 0).
 *
 * They replay the kernel's own draws (card-init.ts init, usage.ts nextOnset and runaway: the same
 * keys, strata and fault indexes), so they share the replication's randomness with every metric;
 * their expectations do not depend on the policy.
 */
export interface Controls {
  faultMB: number;
  meanMB: number;
}

/** The controls of arm `arm` (compiled as `model`) in one replication: those of all its cards (controlsInto). */
export function controlsOf(scenario: ScenarioConfig, arm: number, model: Model, replication: number): Controls {
  const out = new Float64Array(2);
  controlsInto(model, streamSeed(scenario, arm), replication, 0, model.cards, out, 0);
  return { faultMB: out[FAULT_MB], meanMB: out[MEAN_MB] };
}

/**
 * Per card of a profile: E[faultMB], E[meanMB] and the expected faults begun before the horizon;
 * `tail`: the share of E[faultMB] and of E[meanMB] (the larger) that lies past the draws' resolution (integrate).
 */
type PerCard = Controls & { faults: number; tail: number };

/** The expectations of the controls of an arm: per cohort, cards × E[mean⁺] (× E[factor] × E[duration] × E[faults begun before the horizon]); `faults`: the expected faults begun per replication. */
export function expectedControls(model: Model): PerCard {
  return expectedIn(model, 0, model.cards);
}

/** expectedControls of the cards [a, b) alone (a batch): its cohorts' cards in [a, b) × their profile's per-card expectations. */
export function expectedIn(model: Model, a: number, b: number): PerCard {
  const per = perCardOf(model);
  let faultMB = 0, meanMB = 0, faults = 0, tail = 0;
  for (const c of model.cohorts) {
    const n = Math.min(c.end, b) - Math.max(c.start, a);
    if (n <= 0) continue;
    const e = per[c.profile];
    faultMB += n * e.faultMB;
    meanMB += n * e.meanMB;
    faults += n * e.faults;
    if (e.tail > tail) tail = e.tail;
  }
  return { faultMB, meanMB, faults, tail };
}

/**
 * Per-card expectations per profile of a compiled arm. The quadratures (about 0.1 s each) are
 * cached by the distributions' content, not by the compiled arm: arms that share a profile, and
 * the page's re-runs after a knob that leaves the profile alone (each re-run compiles new arms),
 * reuse them instead of spending 0.3 s of the thread that draws the answer.
 */
const perCard = new WeakMap<Model, PerCard[]>();
function perCardOf(model: Model): PerCard[] {
  let per = perCard.get(model);
  if (per) return per;
  const used = new Set(model.cohorts.map((c) => c.profile));
  per = model.meanDist.map((meanDist, p) => {
    if (!used.has(p)) return { faultMB: 0, meanMB: 0, faults: 0, tail: 0 };
    const spec = model.runaway[p];
    const m = cached(`mean+ ${samplerKey(meanDist)}`, () => integrate(meanDist, (x) => (x > 0 ? x : 0)));
    if (spec === null || spec.dailyHazard <= 0) return { faultMB: 0, meanMB: m.mean, faults: 0, tail: m.tail };
    const { pmf, mean: ed } = cachedPmf(spec.durationDays);
    const k = expectedFaults(spec.dailyHazard, pmf, model.days);
    const f = cached(`mean ${samplerKey(spec.factor)}`, () => integrate(spec.factor, (x) => x));
    // E[faultMB] is a product: its share past the resolution is at least either factor's.
    return { faultMB: m.mean * f.mean * ed * k, meanMB: m.mean, faults: k, tail: 1 - (1 - m.tail) * (1 - f.tail) };
  });
  perCard.set(model, per);
  return per;
}

/** A distribution's content as text (kind, parameters, tables, parts): equal keys, equal draws. */
export function samplerKey(sm: Sampler): string {
  return `${sm.kind}:${sm.a}:${sm.b}:${sm.total}:[${sm.values.join(',')}]:[${sm.weights.join(',')}]:(${sm.parts.map(samplerKey).join(';')})`;
}

/** Quadrature results by content, the oldest dropped past CACHE_SIZE entries. */
const CACHE_SIZE = 256;
const quadratures = new Map<string, Integral>();
const pmfs = new Map<string, { pmf: number[]; mean: number }>();
function remember<T>(map: Map<string, T>, key: string, compute: () => T): T {
  let v = map.get(key);
  if (v === undefined) {
    v = compute();
    if (map.size >= CACHE_SIZE) map.delete(map.keys().next().value!);
    map.set(key, v);
  }
  return v;
}
function cached(key: string, compute: () => Integral): Integral {
  return remember(quadratures, key, compute);
}
function cachedPmf(sm: Sampler): { pmf: number[]; mean: number } {
  return remember(pmfs, samplerKey(sm), () => durationPmf(sm));
}

/** Nodes per integral. */
const NODES = 1 << 20;

/**
 * E[g(sample(sm, U))], U uniform on (0, 1): the midpoint rule on NODES cells after u = sin²(πv/2),
 * which crowds the nodes into both tails (where a lognormal's mass sits) and makes the
 * integrand vanish at the ends: a lognormal mean comes out within 2e-10 relative at spread 1, 4e-8 at spread 2.
 */
export function expectation(sm: Sampler, g: (x: number) => number): number {
  return integrate(sm, g).mean;
}

/** An expectation and the share of it that lies past the draws' resolution (integrate). */
export interface Integral {
  mean: number;
  tail: number;
}

/**
 * The draws' resolution: a keyed uniform (rng.ts) is one of the 2³² midpoints (k + ½)/2³², so
 * each stands for a cell of width 2⁻³², and the outermost cells (below 2⁻³², above 1 − 2⁻³²) are
 * one value each (stratified draws reach a group's cell count further, at most 64: not past
 * 1 − 2⁻³⁹). What a distribution holds out there (a lognormal of spread 5 about 11 % of its mean)
 * the draws do not produce, so an expectation that counts it is not that of the control the run
 * replays: the controlled difference would be biased by the slope times the gap.
 */
export const DRAW_RESOLUTION = 2 ** -32;

/**
 * expectation(sm, g), and its `tail`: the share of it from u below DRAW_RESOLUTION or above
 * 1 − DRAW_RESOLUTION, which the draws do not resolve (the trust rule refuses a control whose
 * expectation leans on it, controlled.ts). 0 when the expectation is 0.
 *
 * A mixture is the weighted sum of its parts' integrals, each over its own u: sample() maps part k's
 * whole range onto a slice of width w_k of the mixture's u, so its tails lie inside (0, 1), where the
 * nodes are sparse (a lognormal of spread 4 listed first came out 17 % low, and its tail unseen: a
 * verification hunt), and a part resolves its u only to DRAW_RESOLUTION ÷ w_k.
 */
export function integrate(sm: Sampler, g: (x: number) => number, resolution = DRAW_RESOLUTION): Integral {
  if (sm.kind === MIXTURE) {
    let mean = 0, out = 0;
    sm.parts.forEach((part, k) => {
      const w = sm.weights[k] / sm.total;
      if (!(w > 0)) return;
      const r = integrate(part, g, resolution / w);
      mean += w * r.mean;
      out += w * r.mean * r.tail;
    });
    return { mean, tail: mean === 0 ? 0 : Math.abs(out / mean) };
  }
  let s = 0, out = 0;
  for (let j = 0; j < NODES; j++) {
    const v = (j + 0.5) / NODES, u = Math.sin((Math.PI * v) / 2) ** 2;
    if (u > 0 && u < 1) {
      const t = g(sample(sm, u)) * Math.sin(Math.PI * v);
      s += t;
      if (u < resolution || u > 1 - resolution) out += t;
    }
  }
  return { mean: (s * Math.PI) / 2 / NODES, tail: s === 0 ? 0 : Math.abs(out / s) };
}

/** Durations past this many days are not tabulated one by one: no horizon reaches them (the days of a run are below fleet.ts NEVER). */
const PMF_DAYS = NEVER;

/**
 * P(duration = d) of max(1, sampleDays(sm, U)), by the same quadrature, for d up to PMF_DAYS (the
 * renewal recursion needs no longer one: a fault that outlasts the horizon leaves no room for
 * another), and E[duration] over all of them. A dense table up to the longest duration ran out of
 * memory at a 1e9-day fault ("never fixed"). The mean adds q·d in increasing d, as a sum over the
 * dense table did.
 */
function durationPmf(sm: Sampler): { pmf: number[]; mean: number } {
  const mass = new Map<number, number>();
  for (let j = 0; j < NODES; j++) {
    const d = Math.max(1, sampleDays(sm, (j + 0.5) / NODES));
    mass.set(d, (mass.get(d) ?? 0) + 1 / NODES);
  }
  const days = [...mass.keys()].sort((a, b) => a - b);
  let mean = 0;
  for (const d of days) mean += mass.get(d)! * d;
  const pmf: number[] = new Array(Math.min(days[days.length - 1], PMF_DAYS) + 1).fill(0);
  for (const d of days) if (d <= PMF_DAYS) pmf[d] = mass.get(d)!;
  return { pmf, mean };
}

/**
 * E[faults begun on days 0 … H − 1] of one card: the first onset is day G, each later one the fix
 * day + 1 + G, G geometric (P(G = g) = h(1 − h)^g; G = 0 when h ≥ 1), the fix `d` days after the
 * onset with probability pmf[d]. Renewal recursion: r[t] = h·A[t] (an onset on day t), with
 * A[t + 1] = (1 − h)·A[t] + F[t], F[t] = Σ_d r[t − d]·pmf[d] (a fix on day t) and A[0] = 1 (the
 * first wait counts from day −1).
 */
export function expectedFaults(h: number, pmf: number[], H: number): number {
  const p = h >= 1 ? 1 : h, q = 1 - p;
  const r = new Float64Array(H);
  let a = 1, total = 0;
  for (let t = 0; t < H; t++) {
    r[t] = p * a;
    total += r[t];
    let fix = 0;
    for (let d = 1; d < pmf.length && d <= t; d++) fix += r[t - d] * pmf[d];
    a = q * a + fix;
  }
  return total;
}

/** A control-variate estimate: the controls used, the variance of the plain mean over the estimate's, and the skewness of the regression residuals (null below 3 replications). */
export type ControlledFit = Estimate & { controls: number; varianceRatio: number | null; residualSkewness: number | null };

/**
 * The control-variate estimate of the mean of ys (Lavenberg & Welch 1981; Nelson 1990, Manag.
 * Sci. 36(9)): ȳ − β̂·(x̄ − μ), β̂ the least-squares slopes of y on the controls xs[r] (known
 * means μ), with the 95 % interval ± t(n − q − 1) · s_e · √(1/n + (x̄ − μ)ᵀ S⁻¹ (x̄ − μ)), s_e² the
 * residual variance on n − q − 1 degrees of freedom and S the controls' centred sum of squares:
 * exact for jointly normal (y, x), unbiased for any y linear in x. Controls that do not vary, or
 * that the others already explain, are left out (`controls` counts those used); it needs
 * n ≥ q + 3 replications for q controls, and fewer are used when there are fewer.
 */
export function controlledEstimate(ys: ArrayLike<number>, xs: ArrayLike<number>[], mu: number[]): ControlledFit {
  const n = ys.length;
  const ybar = meanOf(ys);
  // Centred controls, kept when they add a direction of their own (Gram–Schmidt residual above 1e-9 of their spread).
  const keep: number[] = [], basis: Float64Array[] = [];
  for (let j = 0; j < mu.length && keep.length + 4 <= n; j++) {
    const xbar = meanOf(xs.map((x) => x[j]));
    const v = Float64Array.from({ length: n }, (_, r) => xs[r][j] - xbar);
    const size = Math.sqrt(dot(v, v));
    for (const b of basis) { const c = dot(v, b); for (let r = 0; r < n; r++) v[r] -= c * b[r]; }
    const rest = Math.sqrt(dot(v, v));
    if (size === 0 || rest <= 1e-9 * size) continue;
    for (let r = 0; r < n; r++) v[r] /= rest;
    keep.push(j);
    basis.push(v);
  }
  const q = keep.length;
  if (n < 2) return { mean: round(ybar), lo: null, hi: null, controls: 0, varianceRatio: null, residualSkewness: null };
  // Regression on the orthonormal basis: y − ȳ = Σ c_k b_k + e; the adjustment is Σ c_k · (b_k at x̄ − μ).
  const yc = Float64Array.from({ length: n }, (_, r) => ys[r] - ybar);
  const coef = basis.map((b) => dot(yc, b));
  const e = Float64Array.from(yc);
  basis.forEach((b, k) => { for (let r = 0; r < n; r++) e[r] -= coef[k] * b[r]; });
  const sse = dot(e, e);
  // x̄ − μ in the basis' coordinates: z = L⁻¹ (x̄ − μ) with X_c = B L (the Gram–Schmidt triangle), solved by least squares on the kept controls.
  const dx = keep.map((j) => meanOf(xs.map((x) => x[j])) - mu[j]);
  const cols = keep.map((j) => Float64Array.from({ length: n }, (_, r) => xs[r][j] - meanOf(xs.map((x) => x[j]))));
  // L[k][i] = <b_k, col_i> (upper triangular: col_i lies in span(b_0 … b_i))
  const L = basis.map((b) => cols.map((c) => dot(b, c)));
  // Solve Lᵀ-free: we need w = L⁻ᵀ … instead: the fitted change of y per unit x is β = L⁻¹ coef (upper triangular back-substitution).
  const beta = new Array<number>(q).fill(0);
  for (let i = q - 1; i >= 0; i--) {
    let t = coef[i];
    for (let k = i + 1; k < q; k++) t -= L[i][k] * beta[k];
    beta[i] = t / L[i][i];
  }
  const est = ybar - beta.reduce((s, b, i) => s + b * dx[i], 0);
  // (x̄ − μ)ᵀ S⁻¹ (x̄ − μ) with S = Lᵀ L: ‖L⁻ᵀ dx‖² (forward substitution).
  const z = new Array<number>(q).fill(0);
  for (let i = 0; i < q; i++) {
    let t = dx[i];
    for (let k = 0; k < i; k++) t -= L[k][i] * z[k];
    z[i] = t / L[i][i];
  }
  const df = n - q - 1;
  const se2 = Math.max(sse, 0) / df;
  const half = tQuantile(0.975, df) * Math.sqrt(se2 * (1 / n + z.reduce((s, v) => s + v * v, 0)));
  const mean = round(est), lo = round(est - half), hi = round(est + half);
  const sy2 = dot(yc, yc) / (n - 1), v = se2 * (1 / n + z.reduce((s, x) => s + x * x, 0));
  const g = skewness(e);
  const more = { controls: q, varianceRatio: v > 0 ? round(sy2 / n / v) : null, residualSkewness: g === null ? null : round(g) };
  return lo === hi ? { mean, lo: null, hi: null, constant: true, ...more } : { mean, lo, hi, ...more };
}

function meanOf(xs: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < xs.length; k++) s += xs[k];
  return s / xs.length;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}
