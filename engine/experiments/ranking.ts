import type { ArmReport, BestArm, ConstraintStatus, Estimate, MetricName, Ranking, RankedArm } from '../report.ts';
import { estimate, pairedRatioBatchMeans } from '../stats.ts';
import { batchSample } from '../batches.ts';
import { constraintText, judge, type Constraint, type Decision } from './decision.ts';

const ORDER: Record<ConstraintStatus, number> = { feasible: 0, undetermined: 1, infeasible: 2 };

/**
 * Ranks arms: each constraint is judged on the arm's headline 95 % interval (`judge`); feasible
 * arms first, then undetermined, then infeasible, each group by the objective's mean (ties keep
 * file order). The best is the first feasible arm; its margin over the runner-up (the next
 * feasible arm) is the paired difference computed replication by replication from
 * `perRep[arm][replication]`.
 */
export function rankArms(arms: ArmReport[], perRep: Record<MetricName, number>[][], decision: Decision, batches?: Float64Array[][][]): Ranking {
  const sign = decision.direction === 'minimize' ? 1 : -1;
  const R = perRep[0]?.length ?? 0;
  const rows = arms.map((a, i) => {
    const judged = decision.constraints.map((c) => ({ c, status: judge(c, a.metrics[c.metric]) }));
    const violated = judged.filter((j) => j.status === 'infeasible').map((j) => constraintText(j.c));
    const undetermined = judged.filter((j) => j.status === 'undetermined').map((j) => constraintText(j.c));
    const status: ConstraintStatus = violated.length ? 'infeasible' : undetermined.length ? 'undetermined' : 'feasible';
    const open = judged.filter((j) => j.status === 'undetermined').map((j) => replicationsToSettle(j.c, a.metrics[j.c.metric], R));
    return { i, arm: a.name, objective: a.metrics[decision.objective], status, feasible: status === 'feasible', violated, undetermined, open };
  });
  rows.sort((a, b) => ORDER[a.status] - ORDER[b.status] || sign * (a.objective.mean - b.objective.mean) || a.i - b.i);
  const ranked: RankedArm[] = rows.map(({ i: _i, open: _o, ...r }, k) => ({ rank: k + 1, ...r, pBest: null, inSubset: null }));
  const feasible = rows.filter((r) => r.feasible);
  let best: BestArm | null = null;
  if (feasible.length > 0) {
    const [b, r] = feasible;
    if (!r) best = { arm: b.arm, runnerUp: null, margin: null, separated: null };
    else {
      const diffs = perRep[b.i].map((m, k) => sign * (perRep[r.i][k][decision.objective] - m[decision.objective]));
      const margin = R === 1 && batches ? batchMargin(estimate(diffs), batches, decision.objective, b.i, r.i, sign) : estimate(diffs);
      const separated = margin.lo === null || margin.hi === null ? (margin.constant ? margin.mean !== 0 : null) : margin.lo > 0 || margin.hi < 0;
      best = { arm: b.arm, runnerUp: r.arm, margin, separated };
    }
  }
  const undetermined = rows.filter((r) => r.status === 'undetermined');
  const counts = undetermined.flatMap((r) => r.open);
  const suggestedReplications = counts.length === 0 || counts.includes(null) ? null : Math.max(...(counts as number[]));
  return {
    objective: decision.objective, direction: decision.direction, constraints: decision.constraints.map(constraintText), checkedOn: 'interval',
    arms: ranked, best, undetermined: undetermined.map((r) => r.arm), suggestedReplications, selection: null,
  };
}

/**
 * The margin of one replication over its batches, as the arms' `diff` is (docs/statistics.md,
 * "Units": with one replication the paired units are its batches of cards): the replication's
 * difference with the paired ratio estimator's interval over the batches; the plain estimate when the
 * arms cut the fleet into other batches (a hunt: the margin had no interval with one replication
 * although every `diff` had one).
 */
function batchMargin(plain: Estimate, batches: Float64Array[][][], metric: MetricName, b: number, r: number, sign: number): Estimate {
  const s = batchSample(batches, metric);
  if (!s || !s.d) return plain;
  // value = offset + scale · x/d; the runner-up minus the best, times sign (a positive margin: the best is better).
  const k = sign * s.scale;
  const e = k > 0 ? pairedRatioBatchMeans(s.x[r], s.d[r], s.x[b], s.d[b], k) : pairedRatioBatchMeans(s.x[b], s.d[b], s.x[r], s.d[r], -k);
  if (!e) return plain;
  return { mean: plain.mean, lo: e.lo, hi: e.hi, ...(e.constant && { constant: true as const }) };
}

/**
 * Replications after which the interval would likely clear the bound: the half-width falls as
 * 1/√n, so n = R·(half-width ÷ |mean − bound|)², more than R (2 at least when there is no
 * interval yet); null when the mean sits on the bound.
 */
function replicationsToSettle(c: Constraint, e: Estimate, R: number): number | null {
  if (e.lo === null || e.hi === null) return Math.max(2, R + 1);
  const gap = Math.abs(e.mean - c.value);
  if (gap === 0) return null;
  const half = (e.hi - e.lo) / 2;
  return Math.max(R + 1, Math.ceil(Math.max(1, R) * (half / gap) ** 2));
}
