import type { ArmConfig, ScenarioConfig } from '../config.ts';
import type { Report, Sobol, SobolIndex } from '../report.ts';
import { analysisKey } from '../rng.ts';
import { round } from '../stats.ts';
import { DEFAULT_DECISION } from './decision.ts';
import { runnable, type ExperimentConfig } from './experiment.ts';
import { designValue, latinHypercube } from './morris.ts';
import { bestArm, firstArm } from './sensitivity.ts';

export interface SobolOptions {
  /** Base samples N: the runs are N × (parameters + 2), each of every arm. [default: 64] */
  samples?: number;
  /** Runs one design point (runScenario, or a worker-thread runner). */
  run: (scenario: ScenarioConfig, label: string) => Promise<Report>;
}

/** The points of a Saltelli design in [0, 1]^k: A and B (N × k each) and, per parameter i, A with column i from B. */
export interface SobolDesign {
  a: number[][];
  b: number[][];
  /** ab[i][j]: row j of A with coordinate i taken from row j of B. */
  ab: number[][][];
}

/** A and B: two independent Latin hypercubes of n points in [0, 1]^k, keyed by `key`. */
export function sobolDesign(key: number, n: number, k: number): SobolDesign {
  const a = latinHypercube(key ^ 0x5a17e11, n, k), b = latinHypercube(key ^ 0x0b5e55ed, n, k);
  const ab = Array.from({ length: k }, (_, i) => a.map((row, j) => row.map((v, m) => (m === i ? b[j][i] : v))));
  return { a, b, ab };
}

/** The Saltelli design's points in run order (runSobol): per base sample j, A_j, B_j, then A_j with each parameter from B_j. */
export function sobolPoints(seed: string, n: number, k: number): number[][] {
  const d = sobolDesign(analysisKey(seed, 'sobol'), n, k), out: number[][] = [];
  for (let j = 0; j < n; j++) out.push(d.a[j], d.b[j], ...d.ab.map((ab) => ab[j]));
  return out;
}

/**
 * First-order and total Sobol indices from a Saltelli design's outputs fA, fB (N each) and
 * fAB[i] (N each): V = the variance of fA and fB together, f̄ their mean;
 * S_i = mean((fB − f̄) · (fAB_i − fA)) ÷ V (Saltelli et al. 2010, Comput. Phys. Commun. 181, table 2 (b);
 * centred on f̄, which leaves its expectation and removes the noise f̄ · mean(fAB_i − fA), large
 * when costs sit far from 0 compared with their spread);
 * S_Ti = mean((fA − fAB_i)²) ÷ 2V (Jansen 1999, table 2 (f)). Null indices when V is 0 (the output does not move).
 */
export function sobolIndices(fA: number[], fB: number[], fAB: number[][]): { variance: number; indices: SobolIndex[] } {
  const n = fA.length, all = fA.concat(fB);
  const mean = all.reduce((s, x) => s + x, 0) / all.length;
  const variance = all.reduce((s, x) => s + (x - mean) ** 2, 0) / (all.length - 1);
  const flat = variance <= 1e-24 * Math.max(1, mean * mean);
  const indices = fAB.map((f) => {
    if (flat) return { first: null, total: null };
    let s1 = 0, st = 0;
    for (let j = 0; j < n; j++) {
      s1 += (fB[j] - mean) * (f[j] - fA[j]);
      st += (fA[j] - f[j]) ** 2;
    }
    return { first: round(s1 / n / variance), total: round(st / (2 * n) / variance) };
  });
  return { variance: round(variance), indices };
}

/**
 * Global sensitivity by Sobol indices over the `sensitivity:` ranges (docs/statistics.md): a
 * Saltelli design of N base samples on two Latin hypercubes keyed by the scenario's seed
 * (`analysisKey(seed, "sobol")`), N × (k + 2) runs of every arm, each with the main run's seed
 * and replications (common random numbers across design points). Per parameter and arm, the
 * first-order index (the share of the objective's variance over the ranges that the parameter
 * explains alone) and the total index (with its interactions), the top-level ones of the main
 * run's best arm (its first-ranked arm when no arm meets the constraints). Largest total index
 * first. `bestChanges` is the share of design points whose best arm (the ranking's `best`; none
 * when no arm meets the constraints) is not the main run's, "none" included.
 */
export async function runSobol(scenario: ExperimentConfig, base: Report, options: SobolOptions): Promise<Sobol> {
  const cases = scenario.sensitivity ?? [];
  const build = scenario.armsAt;
  if (!build || cases.length === 0) throw new Error('Sobol indices need the scenario\'s sensitivity: ranges');
  const decision = scenario.decision ?? DEFAULT_DECISION;
  const objective = decision.objective;
  const n = options.samples ?? 64, k = cases.length;
  const shared = { ...runnable(scenario), replications: base.scenario.replications, seed: base.scenario.seed };
  const design = sobolDesign(analysisKey(base.scenario.seed, 'sobol'), n, k);
  const names = base.arms.map((arm) => arm.name);
  const mainBest = bestArm(base), onArm = mainBest ?? firstArm(base);
  let points = 0, changes = 0;
  const at = async (x: number[], label: string): Promise<number[]> => {
    const report = await options.run({ ...shared, arms: build(x.map((xi, i) => designValue(cases[i], xi))) as ArmConfig[] }, label);
    points++;
    if (bestArm(report) !== mainBest) changes++;
    return report.arms.map((arm) => arm.metrics[objective].mean);
  };
  // f[point][arm]
  const fA: number[][] = [], fB: number[][] = [], fAB: number[][][] = cases.map(() => []);
  for (let j = 0; j < n; j++) {
    fA.push(await at(design.a[j], `Sobol sample ${j + 1}/${n}: A`));
    fB.push(await at(design.b[j], `Sobol sample ${j + 1}/${n}: B`));
    for (let i = 0; i < k; i++) fAB[i].push(await at(design.ab[i][j], `Sobol sample ${j + 1}/${n}: ${cases[i].path} from B`));
  }
  const perArm = names.map((_, m) => sobolIndices(fA.map((f) => f[m]), fB.map((f) => f[m]), fAB.map((fi) => fi.map((f) => f[m]))));
  const bestAt = names.indexOf(onArm);
  const parameters = cases.map((c, i) => ({
    path: c.path, low: c.low, high: c.high, ...perArm[bestAt].indices[i],
    arms: names.map((arm, m) => ({ arm, reached: c.reached?.[m] ?? true, ...perArm[m].indices[i] })),
  }));
  const order = parameters.map((p, i) => ({ p, i })).sort((x, y) => (y.p.total ?? -1) - (x.p.total ?? -1) || x.i - y.i);
  return {
    method: 'saltelli-jansen', objective, direction: decision.direction, arm: onArm, samples: n, runs: points,
    variance: perArm[bestAt].variance, bestChanges: round(changes / points), parameters: order.map((o) => o.p),
  };
}
