import type { ConstraintStatus, Estimate, MetricName } from '../report.ts';

/** One constraint on an arm's metric, e.g. `availability >= 0.995`, judged on its 95 % interval (`judge`). */
export interface Constraint {
  metric: MetricName;
  op: '>=' | '<=' | '==' | '>' | '<';
  value: number;
}

/** How arms are chosen between (`decision:` in a scenario). */
export interface Decision {
  /** [default: cost.total, which includes the downtime cost] */
  objective: MetricName;
  /** [default: minimize] */
  direction: 'minimize' | 'maximize';
  /** Every one must hold over an arm's whole 95 % interval for the arm to be chosen. [default: none] */
  constraints: Constraint[];
}

export const DEFAULT_DECISION: Decision = { objective: 'cost.total', direction: 'minimize', constraints: [] };

/** `availability >= 0.995` */
export function constraintText(c: Constraint): string {
  return `${c.metric} ${c.op} ${c.value}`;
}

/** Whether `x` satisfies the constraint. `==` is exact: meant for counts such as `cancelled == 0`. */
export function holds(c: Constraint, x: number): boolean {
  switch (c.op) {
    case '>=': return x >= c.value;
    case '<=': return x <= c.value;
    case '>': return x > c.value;
    case '<': return x < c.value;
    default: return x === c.value;
  }
}

/**
 * An arm's standing on a constraint at the interval's confidence: feasible when every value of
 * the interval satisfies it, infeasible when none does, undetermined otherwise or with no
 * interval. A metric without spread (`constant`: every replication gave the same value) is
 * judged on that value; `==` is feasible only so (every replication gave v).
 */
export function judge(c: Constraint, e: Estimate): ConstraintStatus {
  const { lo, hi } = e;
  if (lo === null || hi === null) return e.constant ? (holds(c, e.mean) ? 'feasible' : 'infeasible') : 'undetermined';
  const v = c.value;
  switch (c.op) {
    case '>=': return lo >= v ? 'feasible' : hi < v ? 'infeasible' : 'undetermined';
    case '>': return lo > v ? 'feasible' : hi <= v ? 'infeasible' : 'undetermined';
    case '<=': return hi <= v ? 'feasible' : lo > v ? 'infeasible' : 'undetermined';
    case '<': return hi < v ? 'feasible' : lo >= v ? 'infeasible' : 'undetermined';
    default: return lo === v && hi === v ? 'feasible' : v < lo || v > hi ? 'infeasible' : 'undetermined';
  }
}
