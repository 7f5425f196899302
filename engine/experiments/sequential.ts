import type { ScenarioConfig } from '../config.ts';
import type { ResultStore } from '../collect.ts';
import type { Estimate, MetricName, Report, Stopping } from '../report.ts';
import { round } from '../stats.ts';
import { DEFAULT_DECISION } from './decision.ts';
import type { ExperimentConfig } from './experiment.ts';

export interface PrecisionOptions {
  /** Target half-width of the 95 % interval of the watched difference, in the metric's unit. */
  precision: number;
  /** [default: the scenario's objective, cost.total] */
  metric?: MetricName;
  /** The arm whose paired difference from the baseline is watched. [default: the best other arm by the metric, chosen again after each batch] */
  arm?: string;
  /** [default: 1000] */
  maxReplications?: number;
  /** Runs the scenario with the given store (runScenario, or a worker-thread runner). */
  run: (scenario: ScenarioConfig, store: ResultStore) => Promise<Report>;
  /** Called after each batch. */
  onBatch?: (stopping: Stopping) => void;
}

/**
 * Replicates in batches until the 95 % half-width of the watched paired difference is at or
 * below `precision`, or `maxReplications` is reached. The first batch is the scenario's
 * replications (at least 2); each next batch aims at the count the current half-width
 * projects (n·(h/target)²), at most 4× the current count. Finished replications are kept in a
 * store and never run again, so the final report is the one a plain run of that many
 * replications gives. The report carries `stopping`.
 */
export async function runToPrecision(scenario: ExperimentConfig, options: PrecisionOptions): Promise<Report> {
  const target = options.precision;
  const max = options.maxReplications ?? 1000;
  const metric = options.metric ?? scenario.decision?.objective ?? DEFAULT_DECISION.objective;
  const direction = scenario.decision?.direction ?? DEFAULT_DECISION.direction;
  const store: ResultStore = [];
  const batches: number[] = [];
  let n = Math.min(max, Math.max(2, scenario.replications));
  for (;;) {
    const report = await options.run({ ...scenario, replications: n }, store);
    batches.push(n);
    const { arm, estimate } = watched(report, metric, direction, options.arm);
    const halfWidth = round((estimate.hi! - estimate.lo!) / 2); // n ≥ 2: an interval over replications
    const reason = halfWidth <= target ? 'target' : n >= max ? 'maximum' : null;
    const stopping: Stopping = {
      metric, arm, baseline: report.arms[0].name, target, halfWidth, replications: n, maxReplications: max,
      reason: reason ?? 'maximum', batches: [...batches],
    };
    if (reason) {
      report.stopping = stopping;
      return report;
    }
    options.onBatch?.(stopping);
    const projected = Math.ceil(n * (halfWidth / target) ** 2);
    n = Math.min(max, Math.max(n + 1, Math.min(projected, 4 * n)));
  }
}

/** The watched estimate: the named arm's paired difference, else the best non-baseline arm's, else (one arm) the baseline's own. */
function watched(report: Report, metric: MetricName, direction: 'minimize' | 'maximize', name?: string): { arm: string; estimate: Estimate } {
  const arms = report.arms;
  if (arms.length === 1) return { arm: arms[0].name, estimate: arms[0].metrics[metric] };
  const sign = direction === 'minimize' ? 1 : -1;
  const pick = name !== undefined
    ? arms.find((a) => a.name === name)!
    : arms.slice(1).reduce((b, a) => (sign * (a.metrics[metric].mean - b.metrics[metric].mean) < 0 ? a : b));
  return { arm: pick.name, estimate: pick.diff![metric] };
}
