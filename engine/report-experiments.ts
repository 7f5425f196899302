/**
 * The report's experiment sections (report.json `sensitivity`, `stopping`, `indifference`,
 * `morris`, `sobol`): one-at-a-time sensitivity, the `--precision` stopping rule,
 * indifference-zone selection and the global sensitivity indices. Re-exported by report.ts.
 */
import type { MetricName } from './metrics.ts';
import type { Estimate } from './report.ts';

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
