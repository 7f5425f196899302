/**
 * The report's choice among arms (report.json `ranking` and `pareto`): the ranking by the
 * objective with its constraints, the best subset and bootstrap behind it, and the cost–downtime
 * Pareto front. Re-exported by report.ts.
 */
import type { MetricName } from './metrics.ts';
import type { Estimate } from './report.ts';

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
  /**
   * Constraints are judged on each arm's headline 95 % interval (Report.intervals): feasible
   * when the whole interval meets it, infeasible when none of it does, undetermined otherwise
   * (or with no interval).
   */
  checkedOn: 'interval';
  /** Best first: feasible arms by objective, then undetermined ones, then infeasible ones. */
  arms: RankedArm[];
  /** The best feasible arm; null when no arm is feasible. */
  best: BestArm | null;
  /** Arms undetermined for some constraint (none infeasible), in rank order. */
  undetermined: string[];
  /**
   * Replications that would likely settle every undetermined arm (the interval's half-width
   * shrinking as 1/√n to the distance from the mean to the bound); null when none is
   * undetermined or a mean sits on its bound.
   */
  suggestedReplications: number | null;
  /**
   * Which arms may be the best, with a stated guarantee (README, "Experiments: which policy, and
   * how sure"): the best subset and the bootstrap behind `pBest`. Null without two paired units
   * (one replication of fleets in one block each).
   */
  selection: Selection | null;
}

/** Multiple comparisons with the best among the feasible arms, and the bootstrap over the same units. */
export interface Selection {
  /**
   * `mcb-subset`: the screening subset of Nelson, Swann, Goldsman & Song (2001) with a Bonferroni
   * t quantile over the k − 1 comparisons (valid under common random numbers): it holds the best
   * feasible arm with probability ≥ 95 % (exact for normal replication values).
   */
  method: 'mcb-subset';
  confidence: 0.95;
  /** The units compared and resampled: replications (two or more), else the blocks (batches) of the one replication. */
  over: 'replications' | 'batches';
  /** How many units. */
  units: number;
  /** Feasible arms that cannot be ruled out as the best, in rank order (never empty when an arm is feasible). */
  subset: string[];
  /** Paired bootstrap resamples of the units behind `RankedArm.pBest` and `ParetoFront.onFront`, drawn with the scenario's seed. */
  resamples: number;
}

/** An arm's standing on one constraint, or on all (infeasible if any is, else undetermined if any is). */
export type ConstraintStatus = 'feasible' | 'infeasible' | 'undetermined';

export interface RankedArm {
  /** 1 = best. */
  rank: number;
  arm: string;
  objective: Estimate;
  status: ConstraintStatus;
  /** status is `feasible`: every constraint holds over the whole interval. */
  feasible: boolean;
  /** The constraints this arm is infeasible for (as in `Ranking.constraints`). */
  violated: string[];
  /** The constraints this arm is undetermined for. */
  undetermined: string[];
  /** Share of bootstrap resamples in which this arm has the best objective among the feasible arms (ties share); null for an arm that is not feasible or without a selection. */
  pBest: number | null;
  /** In the best subset (`Ranking.selection`); false for an arm that is not feasible, null without a selection. */
  inSubset: boolean | null;
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
  /** The margin's 95 % interval excludes 0, or the margin is the same non-zero value in every replication (`constant`); null without a runner-up or with one replication. */
  separated: boolean | null;
}

/** The cost–downtime Pareto front: arms no other arm beats on both means (both minimised). */
export interface ParetoFront {
  x: 'cost.total';
  y: 'downtime.cardDays';
  /** Front arms by increasing cost. */
  arms: Array<{ arm: string; x: number; y: number }>;
  /**
   * Every arm (file order) with the share of bootstrap resamples (`Ranking.selection`) in which it is
   * on the front: an arm on the front of the means with p near 0.5 is there by chance. Null without a selection.
   */
  onFront: Array<{ arm: string; p: number }> | null;
}
