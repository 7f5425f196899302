import type { ArmConfig, ScenarioConfig } from '../config.ts';
import type { Decision } from './decision.ts';

/** One parameter of a sensitivity analysis, with every arm built at its low and high value. */
export interface SensitivityCase {
  /** Field path as written in the scenario, e.g. `plans.basic.overagePerMB`. */
  path: string;
  low: number;
  high: number;
  /**
   * Whether the field is an integer in the scenario's schema (`type: integer`: a cohort's count,
   * months, days): Morris and Sobol design values are then rounded to whole numbers, else they
   * take any value in [low, high] (a price or a probability, even with whole low and high).
   */
  integer: boolean;
  /** The scenario's arms with the parameter set to low (at scenario level, before arm overrides). */
  lowArms: ArmConfig[];
  highArms: ArmConfig[];
  /**
   * Per arm (in `lowArms` order), whether the parameter reaches it: false where the arm sets the
   * field itself (or replaces what holds it), so it keeps its own value at low and at high. Omitted:
   * every arm is reached.
   */
  reached?: boolean[];
}

/** A scenario with what the analyst wants decided: the loader's output when the file has `decision:` or `sensitivity:`. */
export interface ExperimentConfig extends ScenarioConfig {
  /** [default: DEFAULT_DECISION] */
  decision?: Decision;
  sensitivity?: SensitivityCase[];
  /**
   * With `sensitivity:`: the scenario's arms with every sensitivity parameter set at once
   * (values in `sensitivity` order, at scenario level), for global sensitivity (runMorris).
   * Throws an Error naming the parameter when a value makes an arm invalid.
   */
  armsAt?: (values: number[]) => ArmConfig[];
  /** With `sweep:`: the swept field paths and every arm's value at them, for result tables (replications.csv); the engine ignores it. */
  parameters?: SweepParameters;
}

/** The swept field paths (`policies.alerts.thresholdPct`) and, per arm (in arm order), the value each path has in that arm (undefined where it has none). */
export interface SweepParameters {
  keys: string[];
  values: unknown[][];
}

/** The scenario to run: the experiment without its sensitivity cases and sweep parameters (which workers do not need). */
export function runnable(config: ExperimentConfig): ExperimentConfig {
  const { sensitivity: _s, parameters: _p, armsAt: _a, ...rest } = config;
  return rest;
}
