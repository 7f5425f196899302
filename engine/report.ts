/**
 * The report: the one interface between the engine and everything that shows
 * results (CLI table, report.json, monthly CSV, the page). Versioned; documented
 * in the README ("The report").
 */

/** Mean over replications and its 95 % Student-t interval (lo = hi = mean with one replication). */
export interface Estimate {
  mean: number;
  lo: number;
  hi: number;
}

import type { MetricName, SeriesName } from './metrics.ts';

export type { MetricName, SeriesName };

export interface ArmReport {
  name: string;
  metrics: Record<MetricName, Estimate>;
  /** Per month (see Report.months), the mean over replications. */
  series: Record<SeriesName, number[]>;
  /** Cards by total downtime days over the horizon: cards[k] counts cards with edges[k] ≤ days < edges[k+1] (mean over replications). */
  downtimeHistogram: { edges: number[]; cards: number[] };
  /** Paired difference from the baseline arm (this arm minus baseline), replication by replication; null for the baseline. */
  diff: Record<MetricName, Estimate> | null;
  /** Every metric's value in each replication (replication r at index r), rounded as the estimates are: what `metrics` and `diff` are computed from. */
  replications: Record<MetricName, number[]>;
}

export interface Report {
  format: 'simlapse-report';
  /** Report format version. */
  version: 1;
  engine: { name: 'simlapse'; version: string };
  /** The RNG algorithm, so figures can be reproduced. */
  rng: string;
  scenario: {
    name: string;
    question: string;
    hash: string;
    seed: string;
    replications: number;
    start: string;
    months: number;
    days: number;
    cards: number;
    blockSize: number;
    currency: string;
  };
  /** First day (YYYY-MM-DD) of each monthly period of the series. */
  months: string[];
  arms: ArmReport[];
  /** Arms ranked by the objective, constraints marked (two arms or more). */
  ranking?: Ranking;
  /** The cost–downtime Pareto front (two arms or more). */
  pareto?: ParetoFront;
  /** One-at-a-time low/high runs (scenarios with `sensitivity:`). */
  sensitivity?: Sensitivity;
  /** How a `--precision` run stopped. */
  stopping?: Stopping;
}

/**
 * The arms ranked by the scenario's objective (`decision:`; default `cost.total`, minimised),
 * those meeting every constraint first. Present when the report has two arms or more.
 */
export interface Ranking {
  /** The metric arms are ranked by. [default: cost.total, which includes the downtime cost] */
  objective: MetricName;
  direction: 'minimize' | 'maximize';
  /** The constraints as normalised text, e.g. `availability >= 0.995`. */
  constraints: string[];
  /** Constraints are checked on each arm's mean over replications, not on its interval. */
  checkedOn: 'mean';
  /** Best first: arms meeting every constraint by objective, then the others by objective. */
  arms: RankedArm[];
  /** The best arm meeting every constraint; null when no arm meets them. */
  best: BestArm | null;
}

export interface RankedArm {
  /** 1 = best. */
  rank: number;
  arm: string;
  objective: Estimate;
  /** Every constraint holds on the mean. */
  feasible: boolean;
  /** The constraints this arm fails (as in `Ranking.constraints`). */
  violated: string[];
}

export interface BestArm {
  arm: string;
  /** The next arm meeting every constraint; null when the best is the only one. */
  runnerUp: string | null;
  /**
   * How much better the best is than the runner-up (runner-up minus best when minimising,
   * best minus runner-up when maximising), replication by replication: positive favours the best.
   */
  margin: Estimate | null;
  /** The margin's 95 % interval excludes 0 (null without a runner-up or with one replication). */
  separated: boolean | null;
}

/** The cost–downtime Pareto front: arms no other arm beats on both means (both minimised). */
export interface ParetoFront {
  x: 'cost.total';
  y: 'downtime.cardDays';
  /** Front arms by increasing cost. */
  arms: Array<{ arm: string; x: number; y: number }>;
}

/** One-at-a-time low/high runs of every arm (tornado data), widest swing first. */
export interface Sensitivity {
  objective: MetricName;
  direction: 'minimize' | 'maximize';
  /** The best arm (rank 1) of the main run and its objective mean. */
  base: { best: string; objective: number };
  parameters: SensitivityParameter[];
}

export interface SensitivityParameter {
  /** Field path in the scenario, e.g. `plans.basic.overagePerMB`; set at scenario level (arms that override it keep theirs). */
  path: string;
  low: number;
  high: number;
  /** The best arm (rank 1) with the parameter at low, and its objective mean. */
  atLow: { best: string; objective: number };
  atHigh: { best: string; objective: number };
  /** atHigh.objective − atLow.objective; the tornado bar's length is its absolute value. */
  swing: number;
  /** The best arm at low or at high differs from the main run's. */
  bestChanges: boolean;
  /** Every arm's objective mean at low and at high. */
  arms: Array<{ arm: string; low: number; high: number }>;
}

/** How a `--precision` run stopped. */
export interface Stopping {
  metric: MetricName;
  /** The arm whose paired difference from the baseline was watched (the baseline itself when it is the only arm: then its own interval). */
  arm: string;
  baseline: string;
  /** Target half-width of the 95 % interval. */
  target: number;
  /** Half-width reached. */
  halfWidth: number;
  replications: number;
  maxReplications: number;
  /** `target`: the half-width fell to the target; `maximum`: the replication limit came first. */
  reason: 'target' | 'maximum';
  /** Replications after each batch. */
  batches: number[];
}
