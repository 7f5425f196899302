/**
 * The report: the one interface between the engine and everything that shows
 * results (CLI table, report.json, monthly CSV, the page). Versioned; documented
 * in the README ("The report").
 */

/**
 * A mean and its 95 % interval. In `metrics` and `diff` the interval is the one
 * `Report.intervals.headline` names; lo = hi = null when none can be computed (never a
 * zero-width interval standing in for a missing one).
 */
export interface Estimate {
  mean: number;
  lo: number | null;
  hi: number | null;
  /**
   * Present (true) when the sample had values but no spread: every replication (or batch) gave
   * the same value, so lo = hi = null although there was enough data. Absent otherwise.
   */
  constant?: true;
}

/** An estimate whose interval exists. */
export interface Interval {
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
  /**
   * Intervals from batch means: every (replication, batch) is one batch, on a grid fixed by the
   * fleet alone (engine/batches.ts; cards of different batches share no pool or stratum group, so
   * batches are independent). Null with fewer than two batches (one replication of a fleet of 64
   * cards or fewer) or for a report built without job results.
   */
  batchMeans: BatchMeans | null;
  /** Checks on the replication totals behind the intervals. */
  diagnostics: Diagnostics;
  /** Control-variate estimates of the paired money differences, on the other arms when an arm has runaway faults and there are 3 replications or more (docs/statistics.md, "Control variates"). */
  controlled?: Controlled;
}

/** Control-variate estimates of an arm's paired differences from the baseline (engine/experiments/controlled.ts). */
export interface Controlled {
  /** The controls offered to the regression, in order (a control that repeats another is dropped). */
  controls: string[];
  /** Per money metric (cost.total and its parts): the estimate over batches × replications, or why the trust rule turned it off. */
  diff: Partial<Record<MetricName, ControlledEstimate>>;
  /**
   * Where an estimate is trusted, the arm's `diff` for that metric is the controlled estimate (its
   * headline) and this holds the plain paired difference it replaced (the interval
   * `Report.intervals.headline` names). Absent when none is trusted.
   */
  plain?: Partial<Record<MetricName, Estimate>>;
}

/** A control-variate estimate the trust rule keeps (`trusted: true`), or the reason it does not. */
export type ControlledEstimate =
  | (Estimate & {
      trusted: true;
      /** Controls used. */
      controls: number;
      /** Variance of the plain paired mean over the controlled estimate's (how many times the replications it is worth); null without spread. */
      varianceRatio: number | null;
      /** Skewness G1 of the regression residuals. */
      residualSkewness: number | null;
    })
  | { trusted: false; reason: string; controls: number; residualSkewness: number | null };

/** Ratio batch-means estimates of an arm's metrics (README, "The report": intervals). */
export interface BatchMeans {
  /** Batches per replication (the name is from version 1, when batches were blocks). */
  blocks: number;
  /** Batches: batches per replication × replications. */
  batches: number;
  /** Per metric: the mean per replication and its 95 % interval (Student-t on batches − 1 degrees of freedom; none for availability without demand). */
  metrics: Record<MetricName, Estimate>;
  /** Paired difference from the baseline, batch by batch; null for the baseline or when the arms' batches differ. */
  diff: Record<MetricName, Estimate> | null;
}

export interface Diagnostics {
  /** Adjusted sample skewness G1 of each metric's replication totals; null with fewer than three replications or no spread. */
  skewness: Record<MetricName, number | null>;
  /** Metrics whose skewness is large for the number of replications: their 95 % interval may cover less than 95 %. */
  skewed: SkewWarning[];
  /** Metrics with the same value in every replication (two or more): they have no interval (lo = hi = null, `constant: true`), as the sample has no spread; that says nothing of events rarer than one in `replications`. */
  noSpread: MetricName[];
}

export interface SkewWarning {
  metric: MetricName;
  skewness: number;
  replications: number;
  /** Replications Cochran's rule (n > 25 G1²) asks for. */
  needed: number;
}

/** Which interval `metrics` and `diff` carry, and why (README, "The report": intervals). */
export interface Intervals {
  confidence: 0.95;
  /**
   * `replications`: Student-t over replication totals (two replications or more); `batchMeans`:
   * one replication, ratio batch means over its batches (an arm of one batch has none); `none`:
   * one replication of fleets of one batch each (64 cards or fewer): no interval. Neither depends
   * on the block size or the worker count. Except: an arm's money `diff` where its
   * `controlled.diff` is trusted is the control-variate estimate over batches × replications
   * (`controlled.plain` keeps the one named here).
   */
  headline: 'replications' | 'batchMeans' | 'none';
  /** The scenario's block size (since batches are a grid fixed by the fleet, engine/batches.ts, it no longer changes any interval). */
  blockSize: number;
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
  /** Which interval the estimates carry. */
  intervals: Intervals;
  arms: ArmReport[];
  /** Arms ranked by the objective, constraints marked (two arms or more). */
  ranking?: Ranking;
  /** The cost–downtime Pareto front (two arms or more). */
  pareto?: ParetoFront;
  /** One-at-a-time low/high runs (scenarios with `sensitivity:`). */
  sensitivity?: Sensitivity;
  /** How a `--precision` run stopped. */
  stopping?: Stopping;
  /** Indifference-zone selection (runs with `--indifference δ`). */
  indifference?: Indifference;
  /** Global sensitivity: Morris elementary effects over the `sensitivity:` ranges (runs with `--morris`). */
  morris?: Morris;
  /** Global sensitivity: Sobol first-order and total indices over the `sensitivity:` ranges (runs with `--sobol`). */
  sobol?: Sobol;
}

/** How an indifference-zone run (KN, Kim & Nelson 2001) chose (docs/statistics.md). */
export interface Indifference {
  method: 'kn';
  objective: MetricName;
  direction: 'minimize' | 'maximize';
  /** The indifference zone: when the best leads every other arm by at least δ, it is `chosen` with probability ≥ 1 − alpha. */
  delta: number;
  alpha: 0.05;
  /** First-stage replications (n0). */
  firstStage: number;
  replications: number;
  maxReplications: number;
  /** The one arm left; null when the maximum came first. */
  chosen: string | null;
  /** Arms still in, in file order. */
  survivors: string[];
  /** Arms eliminated, with the replication count at which each went. */
  eliminated: Array<{ arm: string; at: number }>;
  /** `selected`: one arm is left; `maximum`: the replication limit came first. */
  reason: 'selected' | 'maximum';
}

/** Morris elementary effects on a radial design over a Latin hypercube of the sensitivity ranges (docs/statistics.md). */
export interface Morris {
  method: 'morris-radial';
  objective: MetricName;
  direction: 'minimize' | 'maximize';
  /**
   * The main run's best arm (`ranking.best`), or its first-ranked arm when no arm meets the
   * constraints (`ranking.best` null): the parameters' top-level μ*, μ and σ are its own.
   */
  arm: string;
  /** Base points (r). */
  trajectories: number;
  /** Design points run, each of every arm: r × (parameters + 1). */
  runs: number;
  /** Share of design points whose best arm (meeting every constraint; none when no arm does) is not the main run's, none counting as one. */
  bestChanges: number;
  /** Largest μ* first. An arm's `reached` is as in the sensitivity's (false: it sets the field itself, and its effects are 0). */
  parameters: Array<{ path: string; low: number; high: number; arms: Array<{ arm: string; reached: boolean } & MorrisEffect> } & MorrisEffect>;
}

/** Sobol indices on a Saltelli design over two Latin hypercubes of the sensitivity ranges (docs/statistics.md). */
export interface Sobol {
  method: 'saltelli-jansen';
  objective: MetricName;
  direction: 'minimize' | 'maximize';
  /**
   * The main run's best arm (`ranking.best`), or its first-ranked arm when no arm meets the
   * constraints (`ranking.best` null): the parameters' top-level indices and `variance` are its own.
   */
  arm: string;
  /** Base samples (N). */
  samples: number;
  /** Design points run, each of every arm: N × (parameters + 2). */
  runs: number;
  /** Variance of the objective of `arm` over the design's A and B points (objective units²). */
  variance: number;
  /** Share of design points whose best arm (meeting every constraint; none when no arm does) is not the main run's, none counting as one. */
  bestChanges: number;
  /** Largest total index first. An arm's `reached` is as in the sensitivity's (false: it sets the field itself, and its indices are null or 0). */
  parameters: Array<{ path: string; low: number; high: number; arms: Array<{ arm: string; reached: boolean } & SobolIndex> } & SobolIndex>;
}

/** Sobol indices of one parameter: shares of the objective's variance over the ranges (estimates: may stray a little outside [0, 1]). */
export interface SobolIndex {
  /** First-order index: the share the parameter explains alone (Saltelli 2010); null when the objective does not move. */
  first: number | null;
  /** Total index: its share with every interaction (Jansen 1999); null when the objective does not move. */
  total: number | null;
}

/** Elementary effects of one parameter, in objective units per whole range (low → high). */
export interface MorrisEffect {
  /** Mean absolute effect: the parameter's importance. */
  muStar: number;
  /** Mean effect (its sign: the direction). */
  mu: number;
  /** Standard deviation of the effects: interactions and non-linearity; null with one trajectory. */
  sigma: number | null;
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

/** One-at-a-time low/high runs of every arm (tornado data), widest swing first. */
export interface Sensitivity {
  objective: MetricName;
  direction: 'minimize' | 'maximize';
  /**
   * The best arm of the main run (the ranking's `best`: the best arm meeting every constraint) and
   * its objective mean; both null when no arm meets the constraints.
   */
  base: { best: string | null; objective: number | null };
  parameters: SensitivityParameter[];
}

export interface SensitivityParameter {
  /** Field path in the scenario, e.g. `plans.basic.overagePerMB`; set at scenario level (arms that override it keep theirs). */
  path: string;
  low: number;
  high: number;
  /** The best arm (meeting every constraint) with the parameter at low, and its objective mean; both null when no arm meets the constraints there. */
  atLow: { best: string | null; objective: number | null };
  atHigh: { best: string | null; objective: number | null };
  /** The objective of `swingArm` at high minus the same arm at low; the tornado bar's length is its absolute value. */
  swing: number;
  /** The arm the swing is measured on: the main run's best arm, or its first-ranked arm when no arm meets the constraints (`base.best` null). */
  swingArm: string;
  /** The best arm at low or at high differs from the main run's, none (no arm meets the constraints) counting as one. */
  bestChanges: boolean;
  /**
   * Every arm's objective mean at low and at high, and `effect`: high − low replication by
   * replication (both runs share the seed, so the difference is paired), with its 95 % interval.
   * `reached` false: the arm sets the field itself (or replaces what holds it), so the parameter,
   * set at scenario level, does not reach it: it runs its own value at low and at high.
   */
  arms: Array<{ arm: string; reached: boolean; low: number; high: number; effect: Estimate }>;
}

/** How a `--precision` run stopped. */
export interface Stopping {
  metric: MetricName;
  /** The arm whose paired difference from the baseline was watched (the baseline itself when it is the only arm: then its own interval). */
  arm: string;
  baseline: string;
  /** The half-width aimed at in the last look: the larger of `precision` and `relativePrecision` × |mean| (either target suffices). */
  target: number;
  /** Half-width reached: 0 when the watched value had no spread (`constant`), null without an interval (one replication). */
  halfWidth: number | null;
  replications: number;
  maxReplications: number;
  /**
   * `target`: the half-width fell to the target; `maximum`: the replication limit came first;
   * `constant`: the watched value was the same in every replication of the batch (no interval, and more would not make one).
   */
  reason: 'target' | 'maximum' | 'constant';
  /** Replications after each batch. */
  batches: number[];
  /** The absolute target asked for (`--precision`), in the metric's unit; null if none. */
  precision: number | null;
  /** The relative target asked for (`--relative-precision`, 0.05 = within 5 % of the mean); null if none. */
  relativePrecision: number | null;
  /** Replications of the first batch, the first look (at least 10 unless the maximum is lower). */
  firstBatch: number;
  /** At the last look the watched values were too skewed for their number (Cochran's rule), so the target alone did not stop the run. */
  skewed: boolean;
}
