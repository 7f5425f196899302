import type { MetricName } from '../report.ts';

/** One constraint on an arm's mean, e.g. `availability >= 0.995`. */
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
  /** Every one must hold on an arm's mean for the arm to be chosen. [default: none] */
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
