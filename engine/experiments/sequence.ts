import type { ScenarioConfig } from '../config.ts';
import type { Report } from '../report.ts';
import type { Progress, RunOptions } from '../run.ts';
import { runnable, type ExperimentConfig } from './experiment.ts';
import { runToPrecision, type PrecisionOptions } from './sequential.ts';
import { runSensitivity } from './sensitivity.ts';
import { designValue, morrisPoints, runMorris } from './morris.ts';
import { runSobol, sobolPoints } from './sobol.ts';
import { runToSelection } from './indifference.ts';
import type { ResultStore } from '../collect.ts';

/**
 * Where a scenario's jobs run: `runScenario` (this thread), `(s, o) => runParallel(s, { ...o, workers, spawn })`
 * (a worker pool, in Node or the page), `runOnThreads`, `runOnQueue`. Same bytes, whichever.
 */
export type Runner = (scenario: ScenarioConfig, options: RunOptions) => Promise<Report>;

/** The run an experiment is at. */
export type ExperimentPhase =
  /** The scenario's replications, in one run. */
  | { kind: 'main' }
  /** With `precision` or `relativePrecision`: batch `batch` (from 1), running the first `replications` replications (those of earlier batches are kept). */
  | { kind: 'batch'; batch: number; replications: number }
  /** Sensitivity run `variant` (from 1) of `variants`: one parameter at its low or high value, `label` as `plans.basic.overagePerMB = 0.2`. */
  | { kind: 'sensitivity'; variant: number; variants: number; label: string };

export interface ExperimentRunOptions extends Omit<PrecisionOptions, 'run'> {
  /** Replicate until the watched paired difference's 95 % half-width is at most this (runToPrecision). [default: none: one run of the scenario's replications] */
  precision?: number;
  /** Or until it is at most this share of the difference's |mean| (runToPrecision; with `precision`, either suffices). [default: none] */
  relativePrecision?: number;
  /** Instead of `precision`: add replications until the KN procedure leaves one arm, with this indifference zone δ (runToSelection). [default: none] */
  indifference?: number;
  /** With `sensitivity:`: also Morris elementary effects (runMorris) from this many base points of a Latin hypercube. [default: none] */
  morris?: number;
  /** With `sensitivity:`: also Sobol first-order and total indices (runSobol) from this many base samples. [default: none] */
  sobol?: number;
  /** Called as each run begins (before its first progress); a function it returns is called when that run ends, resolved or not. */
  onPhase?: (phase: ExperimentPhase) => void | (() => void);
  /** Called after each job, with the run it belongs to; `total` is that run's. */
  onProgress?: (progress: Progress, phase: ExperimentPhase) => void;
  /** Called with the main run's report (carrying `stopping` with `precision`) before any sensitivity run. */
  onMain?: (report: Report) => void;
  /** Partial reports of the main run (of each batch with `precision`); sensitivity runs stream none. */
  onPartial?: (report: Report) => void;
  /** Aborting stops the run under way; the promise rejects with its AbortError. */
  signal?: AbortSignal;
}

/**
 * The experiment a scenario asks for, on any runner: the main run (the scenario without its
 * sensitivity cases; with `precision`, batches until the target via runToPrecision), then,
 * when the scenario has `sensitivity:`, every arm at each parameter's low and high value
 * (runSensitivity), with `morris`, the Morris design (runMorris), and with `sobol`, the Saltelli
 * design (runSobol). Returns the main run's report with `stopping`, `sensitivity`, `morris` and `sobol` filled in.
 */
export async function runExperiment(scenario: ExperimentConfig, runner: Runner, options: ExperimentRunOptions = {}): Promise<Report> {
  const { precision, onPartial, signal } = options;
  checkDesigns(scenario, options.morris, options.sobol);
  const run = async (s: ScenarioConfig, phase: ExperimentPhase, more: RunOptions): Promise<Report> => {
    const ended = options.onPhase?.(phase);
    const onProgress = options.onProgress && ((p: Progress) => options.onProgress!(p, phase));
    try {
      return await runner(s, { onProgress, signal, ...more });
    } finally {
      ended?.();
    }
  };
  const main = runnable(scenario);
  let batch = 0;
  const batchRun = (s: ScenarioConfig, store: ResultStore) => run(s, { kind: 'batch', batch: ++batch, replications: s.replications }, { onPartial, store });
  const report = options.indifference !== undefined
    ? await runToSelection(main, { delta: options.indifference, maxReplications: options.maxReplications, run: batchRun })
    : precision === undefined && options.relativePrecision === undefined
    ? await run(main, { kind: 'main' }, { onPartial })
    : await runToPrecision(main, {
        precision,
        relativePrecision: options.relativePrecision,
        firstBatch: options.firstBatch,
        skewness: options.skewness,
        metric: options.metric,
        arm: options.arm,
        maxReplications: options.maxReplications,
        onBatch: options.onBatch,
        run: batchRun,
      });
  options.onMain?.(report);
  if (scenario.sensitivity) {
    const variants = 2 * scenario.sensitivity.length;
    let variant = 0;
    report.sensitivity = await runSensitivity(scenario, report, {
      run: (s, label) => run(s, { kind: 'sensitivity', variant: ++variant, variants, label }, {}),
    });
  }
  if (scenario.sensitivity && options.morris !== undefined) {
    const variants = options.morris * (scenario.sensitivity.length + 1);
    let variant = 0;
    report.morris = await runMorris(scenario, report, {
      trajectories: options.morris,
      run: (s, label) => run(s, { kind: 'sensitivity', variant: ++variant, variants, label }, {}),
    });
  }
  if (scenario.sensitivity && options.sobol !== undefined) {
    const variants = options.sobol * (scenario.sensitivity.length + 2);
    let variant = 0;
    report.sobol = await runSobol(scenario, report, {
      samples: options.sobol,
      run: (s, label) => run(s, { kind: 'sensitivity', variant: ++variant, variants, label }, {}),
    });
  }
  return report;
}

/**
 * Builds every arm at every point of the Morris and Sobol designs before the first run. Each
 * sensitivity range is checked alone when the scenario loads, but a design point sets them all at
 * once, and a combination can make an arm invalid (a cohort smaller than an action's card range):
 * armsAt then throws the scenario's error naming the point, here, rather than after the main run
 * and the design runs before that point. The same points as runMorris and runSobol (their seed is
 * the main run's, which is the scenario's).
 */
export function checkDesigns(scenario: ExperimentConfig, morris: number | undefined, sobol: number | undefined): void {
  const cases = scenario.sensitivity, build = scenario.armsAt;
  if (!cases || !build || (morris === undefined && sobol === undefined)) return;
  const k = cases.length, seen = new Set<string>();
  const points = [...(morris !== undefined ? morrisPoints(scenario.seed, morris, k) : []), ...(sobol !== undefined ? sobolPoints(scenario.seed, sobol, k) : [])];
  for (const x of points) {
    const values = x.map((xi, i) => designValue(cases[i], xi)), key = values.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    build(values);
  }
}
