import type { ArmReport, ParetoFront } from '../report.ts';

/**
 * The arms on the cost–downtime Pareto front (means of `cost.total` and `downtime.cardDays`,
 * both minimised): no other arm is at least as good on both and better on one. Arms with the
 * same point are all kept. Ordered by cost, then downtime, then file order. `onFront` is filled
 * by `addSelection`.
 */
export function paretoFront(arms: ArmReport[]): ParetoFront {
  const pts = arms.map((a, i) => ({ i, arm: a.name, x: a.metrics['cost.total'].mean, y: a.metrics['downtime.cardDays'].mean }));
  const front = pts.filter((p) => !pts.some((q) => q.x <= p.x && q.y <= p.y && (q.x < p.x || q.y < p.y)));
  front.sort((a, b) => a.x - b.x || a.y - b.y || a.i - b.i);
  return { x: 'cost.total', y: 'downtime.cardDays', arms: front.map(({ arm, x, y }) => ({ arm, x, y })), onFront: null };
}
