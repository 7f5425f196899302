import type { ArmConfig, ScenarioConfig } from '../config.ts';
import type { Morris, MorrisEffect, Report } from '../report.ts';
import { analysisKey, uniform } from '../rng.ts';
import { round } from '../stats.ts';
import { DEFAULT_DECISION } from './decision.ts';
import { runnable, type ExperimentConfig } from './experiment.ts';
import { bestArm, firstArm } from './sensitivity.ts';

export interface MorrisOptions {
  /** Base points of the radial design (r): the runs are r × (parameters + 1), each of every arm. [default: 10] */
  trajectories?: number;
  /** Runs one design point (runScenario, or a worker-thread runner). */
  run: (scenario: ScenarioConfig, label: string) => Promise<Report>;
}

/**
 * Global sensitivity by Morris elementary effects on a radial one-at-a-time design (Campolongo,
 * Saltelli & Cariboni 2011): r base points a_t on a Latin hypercube of the `sensitivity:` ranges
 * (scaled to [0, 1]); from each, one run per parameter with that parameter moved half its range,
 * b_ti = (a_ti + ½) mod 1. The elementary effect of parameter i is (f(x_i) − f(a_t)) ÷ (b_ti − a_ti),
 * in objective units per whole range (low → high), for every arm; μ* = mean |EE|, μ = mean EE,
 * σ = their standard deviation (the μ* against σ chart). Integer fields (SensitivityCase.integer)
 * take whole values, other fields any value in the range (designValue). The design is keyed by
 * the scenario's seed; every run uses the main run's seed and replications (common random
 * numbers across design points). `bestChanges` is the share of design points whose best arm
 * (the ranking's `best`, meeting every constraint; none when no arm does) is not the main
 * run's, "none" included. The top-level effects are the main run's best arm's, or its
 * first-ranked arm's when no arm meets the constraints.
 */
export async function runMorris(scenario: ExperimentConfig, base: Report, options: MorrisOptions): Promise<Morris> {
  const cases = scenario.sensitivity ?? [];
  const build = scenario.armsAt;
  if (!build || cases.length === 0) throw new Error('Morris sensitivity needs the scenario\'s sensitivity: ranges');
  const decision = scenario.decision ?? DEFAULT_DECISION;
  const objective = decision.objective;
  const r = options.trajectories ?? 10, k = cases.length;
  const shared = { ...runnable(scenario), replications: base.scenario.replications, seed: base.scenario.seed };
  const points = morrisPoints(base.scenario.seed, r, k);
  const valueOf = (i: number, x: number) => designValue(cases[i], x);
  const names = base.arms.map((arm) => arm.name);
  const mainBest = bestArm(base), onArm = mainBest ?? firstArm(base);
  let runs = 0, changes = 0;
  const at = async (x: number[], label: string): Promise<number[]> => {
    const values = x.map((xi, i) => valueOf(i, xi));
    const report = await options.run({ ...shared, arms: build(values) as ArmConfig[] }, label);
    runs++;
    if (bestArm(report) !== mainBest) changes++;
    return report.arms.map((arm) => arm.metrics[objective].mean);
  };
  const effects: number[][][] = cases.map(() => names.map(() => [])); // [parameter][arm][trajectory]
  for (let t = 0; t < r; t++) {
    const x0 = points[t * (k + 1)];
    const f0 = await at(x0, `Morris point ${t + 1}/${r}: base`);
    for (let i = 0; i < k; i++) {
      const xi = points[t * (k + 1) + 1 + i], b = xi[i];
      const fi = await at(xi, `Morris point ${t + 1}/${r}: ${cases[i].path}`);
      const dx = (valueOf(i, b) - valueOf(i, x0[i])) / (cases[i].high - cases[i].low);
      for (let m = 0; m < names.length; m++) effects[i][m].push(dx === 0 ? 0 : (fi[m] - f0[m]) / dx);
    }
  }
  const bestAt = names.indexOf(onArm);
  const parameters = cases.map((c, i) => {
    const arms = names.map((arm, m) => ({ arm, reached: c.reached?.[m] ?? true, ...summary(effects[i][m]) }));
    return { path: c.path, low: c.low, high: c.high, ...summary(effects[i][bestAt]), arms };
  });
  const order = parameters.map((p, i) => ({ p, i })).sort((x, y) => y.p.muStar - x.p.muStar || x.i - y.i);
  return {
    method: 'morris-radial', objective, direction: decision.direction, arm: onArm, trajectories: r, runs,
    bestChanges: round(changes / runs), parameters: order.map((o) => o.p),
  };
}

/**
 * The radial design's points in run order, in [0, 1]^k: r base points a_t on a Latin hypercube
 * keyed by the seed (`analysisKey(seed, "morris")`), each followed by one point per parameter with
 * that parameter moved half its range, (a_ti + ½) mod 1.
 */
export function morrisPoints(seed: string, r: number, k: number): number[][] {
  const a = latinHypercube(analysisKey(seed, 'morris'), r, k), out: number[][] = [];
  for (const x0 of a) {
    out.push(x0);
    for (let i = 0; i < k; i++) out.push(x0.map((v, j) => (j === i ? (v + 0.5) % 1 : v)));
  }
  return out;
}

/**
 * The value at x in [0, 1] of a sensitivity range: rounded to a whole number for an integer field
 * (SensitivityCase.integer, from the scenario's schema), else to 10 significant digits.
 */
export function designValue(c: { low: number; high: number; integer: boolean }, x: number): number {
  const v = c.low + x * (c.high - c.low);
  return c.integer ? Math.round(v) : round(v);
}

/** μ*, μ and σ of elementary effects. */
function summary(ee: number[]): MorrisEffect {
  const n = ee.length;
  const mu = ee.reduce((s, x) => s + x, 0) / n;
  const muStar = ee.reduce((s, x) => s + Math.abs(x), 0) / n;
  const sigma = n < 2 ? null : Math.sqrt(ee.reduce((s, x) => s + (x - mu) ** 2, 0) / (n - 1));
  return { muStar: round(muStar), mu: round(mu), sigma: sigma === null ? null : round(sigma) };
}

/** r points in [0, 1]^k, one in each of r strata per dimension, strata shuffled by keyed draws. */
export function latinHypercube(key: number, r: number, k: number): number[][] {
  const out = Array.from({ length: r }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    const perm = Array.from({ length: r }, (_, t) => t);
    for (let t = r - 1; t > 0; t--) {
      const j = Math.floor(uniform(key, t, 2 * i, 1) * (t + 1));
      [perm[t], perm[j]] = [perm[j], perm[t]];
    }
    for (let t = 0; t < r; t++) out[t][i] = (perm[t] + uniform(key, t, 2 * i + 1, 1)) / r;
  }
  return out;
}
