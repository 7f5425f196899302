import { analysisKey, uniform } from '../rng.ts';
import { armEstimate, unitCount, type PairedSample } from './sample.ts';

/** Bootstrap resamples behind `pBest` and the Pareto `onFront` probabilities: a probability's Monte Carlo error is at most 0.5/√2000 ≈ 0.011. */
export const BOOTSTRAP_RESAMPLES = 2000;

export interface DecisionBootstrap {
  /** Per candidate (in the order given): the share of resamples in which it has the best objective among the candidates (a tie shares the win). */
  pBest: number[];
  /** Per arm: the share of resamples in which it is on the cost–downtime Pareto front. */
  onFront: number[];
}

export interface BootstrapInput {
  /** The objective, unit by unit. */
  objective: PairedSample;
  /** The arms that may be best (the feasible ones). */
  candidates: number[];
  /** 1 minimises the objective, −1 maximises it. */
  sign: 1 | -1;
  /** cost.total and downtime.cardDays on the same units, for the front (both minimised). */
  cost: PairedSample;
  downtime: PairedSample;
  /** The scenario's seed: resample b draws unit k as ⌊B · uniform(key, b, k)⌋, key = analysisKey(seed, "bootstrap"). */
  seed: string;
  /** [default: BOOTSTRAP_RESAMPLES] */
  resamples?: number;
}

/**
 * Paired bootstrap over the units (replications, or batches): each resample draws B units with
 * replacement, the same units for every arm (so common random numbers carry over), and
 * recomputes every arm's estimates. Deterministic: the draws are keyed by the scenario's seed.
 */
export function bootstrapDecision(input: BootstrapInput): DecisionBootstrap {
  const { objective, candidates, sign, cost, downtime } = input;
  const resamples = input.resamples ?? BOOTSTRAP_RESAMPLES;
  const B = unitCount(objective), A = cost.x.length, C = candidates.length;
  const key = analysisKey(input.seed, 'bootstrap');
  const idx = new Int32Array(B);
  const y = new Float64Array(C), cx = new Float64Array(A), dy = new Float64Array(A);
  const wins = new Float64Array(C), front = new Float64Array(A);
  for (let b = 0; b < resamples; b++) {
    for (let k = 0; k < B; k++) idx[k] = Math.min(B - 1, Math.floor(B * uniform(key, b, k, 0)));
    let top = Infinity, ties = 0;
    for (let c = 0; c < C; c++) {
      y[c] = sign * armEstimate(objective, candidates[c], idx);
      if (y[c] < top) { top = y[c]; ties = 1; } else if (y[c] === top) ties++;
    }
    for (let c = 0; c < C; c++) if (y[c] === top) wins[c] += 1 / ties;
    for (let a = 0; a < A; a++) { cx[a] = armEstimate(cost, a, idx); dy[a] = armEstimate(downtime, a, idx); }
    for (let a = 0; a < A; a++) {
      let dominated = false;
      for (let q = 0; q < A && !dominated; q++) dominated = cx[q] <= cx[a] && dy[q] <= dy[a] && (cx[q] < cx[a] || dy[q] < dy[a]);
      if (!dominated) front[a]++;
    }
  }
  return { pBest: Array.from(wins, (w) => w / resamples), onFront: Array.from(front, (f) => f / resamples) };
}
