import type { ArmReport, BestArm, MetricName, Ranking, RankedArm } from '../report.ts';
import { estimate } from '../stats.ts';
import { constraintText, holds, type Decision } from './decision.ts';

/**
 * Ranks arms: those meeting every constraint (on the mean) first, each group by the objective's
 * mean (ties keep file order). The best is the first arm meeting every constraint; its margin
 * over the runner-up is the paired difference computed replication by replication from
 * `perRep[arm][replication]`.
 */
export function rankArms(arms: ArmReport[], perRep: Record<MetricName, number>[][], decision: Decision): Ranking {
  const sign = decision.direction === 'minimize' ? 1 : -1;
  const rows = arms.map((a, i) => {
    const violated = decision.constraints.filter((c) => !holds(c, a.metrics[c.metric].mean)).map(constraintText);
    return { i, arm: a.name, objective: a.metrics[decision.objective], feasible: violated.length === 0, violated };
  });
  rows.sort((a, b) => Number(b.feasible) - Number(a.feasible) || sign * (a.objective.mean - b.objective.mean) || a.i - b.i);
  const ranked: RankedArm[] = rows.map(({ i: _i, ...r }, k) => ({ rank: k + 1, ...r }));
  const feasible = rows.filter((r) => r.feasible);
  let best: BestArm | null = null;
  if (feasible.length > 0) {
    const [b, r] = feasible;
    if (!r) best = { arm: b.arm, runnerUp: null, margin: null, separated: null };
    else {
      const diffs = perRep[b.i].map((m, k) => sign * (perRep[r.i][k][decision.objective] - m[decision.objective]));
      const margin = estimate(diffs);
      best = { arm: b.arm, runnerUp: r.arm, margin, separated: diffs.length < 2 ? null : margin.lo > 0 || margin.hi < 0 };
    }
  }
  return { objective: decision.objective, direction: decision.direction, constraints: decision.constraints.map(constraintText), checkedOn: 'mean', arms: ranked, best };
}
