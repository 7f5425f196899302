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

import type { ParetoFront, Ranking } from './report-ranking.ts';
import type { Indifference, Morris, Sensitivity, Sobol, Stopping } from './report-experiments.ts';

export type { BestArm, ConstraintStatus, ParetoFront, RankedArm, Ranking, Selection } from './report-ranking.ts';
export type { Indifference, Morris, MorrisEffect, Sensitivity, SensitivityParameter, Sobol, SobolIndex, Stopping } from './report-experiments.ts';

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
