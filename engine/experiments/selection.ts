import type { MetricName, ParetoFront, Ranking, Selection } from '../report.ts';
import { CONFIDENCE, round, tQuantile } from '../stats.ts';
import { BOOTSTRAP_RESAMPLES, bootstrapDecision } from './bootstrap.ts';
import { armEstimate, pairedError, unitCount, type PairedSample } from './sample.ts';

/**
 * The subset of `candidates` (arm indexes) that holds the best of them with probability at least
 * `confidence` (multiple comparisons with the best; the screening procedure of Nelson, Swann,
 * Goldsman & Song 2001, "Simple procedures for selecting the best simulated system when the
 * number of alternatives is large", Operations Research 49(6), with the Bonferroni quantile that
 * keeps it valid under common random numbers): with k candidates and B paired units,
 *
 *   arm i stays  ⇔  ŷ_i ≤ ŷ_j + t(1 − α/(k−1), B−1) · se(ŷ_i − ŷ_j)  for every other candidate j,
 *
 * where ŷ = sign × estimate (sign 1 minimises, −1 maximises) and se is the paired standard
 * error. The guarantee is exact for normal unit values (any correlation between arms) and
 * asymptotic otherwise. Returns the candidates kept, in the order given; null with fewer than
 * two units (no spread to judge by).
 */
export function bestSubset(s: PairedSample, candidates: number[], sign: 1 | -1, confidence = 0.95): number[] | null {
  const B = unitCount(s);
  if (B < 2) return null;
  const k = candidates.length;
  if (k <= 1) return [...candidates];
  const t = tQuantile(1 - (1 - confidence) / (k - 1), B - 1);
  const y = candidates.map((i) => sign * armEstimate(s, i));
  return candidates.filter((i, a) => candidates.every((j, b) => a === b || y[a] <= y[b] + t * pairedError(s, i, j)));
}

export interface SelectionInput {
  /** Units per metric: every metric of every arm on the same units. */
  sample: (metric: MetricName) => PairedSample;
  over: Selection['over'];
  seed: string;
}

/**
 * Adds the guarantee to a ranking: the best subset among the feasible arms (`bestSubset`), each
 * feasible arm's bootstrap probability of being best, and each arm's probability of being on the
 * Pareto front (`bootstrapDecision`). `ranking` and `pareto` are filled in place; without two
 * paired units their fields are null.
 */
export function addSelection(ranking: Ranking, pareto: ParetoFront, names: string[], input: SelectionInput | null): void {
  const objective = input?.sample(ranking.objective);
  if (!input || !objective || unitCount(objective) < 2) {
    ranking.selection = null;
    for (const a of ranking.arms) { a.pBest = null; a.inSubset = null; }
    pareto.onFront = null;
    return;
  }
  const sign = ranking.direction === 'minimize' ? 1 : -1;
  const index = new Map(names.map((n, i) => [n, i]));
  const candidates = ranking.arms.filter((a) => a.feasible).map((a) => index.get(a.arm)!);
  const kept = new Set(bestSubset(objective, candidates, sign, CONFIDENCE) ?? []);
  const boot = bootstrapDecision({ objective, candidates, sign, cost: input.sample('cost.total'), downtime: input.sample('downtime.cardDays'), seed: input.seed });
  const p = new Map(candidates.map((i, c) => [i, boot.pBest[c]]));
  for (const a of ranking.arms) {
    const i = index.get(a.arm)!;
    a.pBest = p.has(i) ? round(p.get(i)!) : null;
    a.inSubset = kept.has(i);
  }
  ranking.selection = {
    method: 'mcb-subset', confidence: CONFIDENCE, over: input.over, units: unitCount(objective),
    subset: ranking.arms.filter((a) => a.inSubset).map((a) => a.arm), resamples: BOOTSTRAP_RESAMPLES,
  };
  pareto.onFront = names.map((arm, i) => ({ arm, p: round(boot.onFront[i]) }));
}
