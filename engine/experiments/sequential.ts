import type { ScenarioConfig } from '../config.ts';
import type { ResultStore } from '../collect.ts';
import type { Estimate, MetricName, Report, Stopping } from '../report.ts';
import { firstBatch, look, type StoppingRule } from './stopping.ts';
import { DEFAULT_DECISION } from './decision.ts';
import type { ExperimentConfig } from './experiment.ts';

export interface PrecisionOptions extends StoppingRule {
  /** [default: the scenario's objective, cost.total] */
  metric?: MetricName;
  /**
   * The arm whose paired difference from the baseline is watched. [default: the arm other than the
   * baseline that the decision favours, chosen again after each batch: the first in the ranking
   * (meeting the constraints first, then by the objective in its direction), whatever the metric,
   * since metrics have no better or worse of their own (availability is better high, stops low,
   * data served neither)]
   */
  arm?: string;
  /** Runs the scenario with the given store (runScenario, or a worker-thread runner). */
  run: (scenario: ScenarioConfig, store: ResultStore) => Promise<Report>;
  /** Called after each batch. */
  onBatch?: (stopping: Stopping) => void;
}

/**
 * Replicates in batches until the 95 % half-width of the watched paired difference is at or
 * below the target (`precision`, or `relativePrecision` × |mean|: either suffices; `look`), or
 * `maxReplications` is reached. The first batch is the scenario's replications, at least
 * `firstBatch` (10): looking from 2 replications on and stopping at the first look under the
 * target covered the mean 89 % of the time. Each next batch aims at the count the current
 * half-width projects (n·(h/target)²), at most 4× the current count; while the watched values
 * are too skewed for their number (Cochran), it does not stop at the target. Finished
 * replications are kept in a store and never run again, so the final report is the one a plain
 * run of that many replications gives. The report carries `stopping`.
 */
export async function runToPrecision(scenario: ExperimentConfig, options: PrecisionOptions): Promise<Report> {
  if (options.precision === undefined && options.relativePrecision === undefined) throw new RangeError('runToPrecision: give precision or relativePrecision');
  const max = options.maxReplications ?? 1000;
  const metric = options.metric ?? scenario.decision?.objective ?? DEFAULT_DECISION.objective;
  const store: ResultStore = [];
  const batches: number[] = [];
  let n = firstBatch(options, scenario.replications);
  for (;;) {
    const report = await options.run({ ...scenario, replications: n }, store);
    batches.push(n);
    const { arm, estimate, values } = watched(report, metric, options.arm);
    const l = look(estimate, values, { ...options, maxReplications: max });
    const stopping: Stopping = {
      metric, arm, baseline: report.arms[0].name, target: l.goal, halfWidth: l.halfWidth, replications: n, maxReplications: max,
      reason: l.stop ?? 'maximum', batches: [...batches],
      precision: options.precision ?? null, relativePrecision: options.relativePrecision ?? null,
      firstBatch: batches[0], skewed: l.skewed,
    };
    if (l.stop) {
      report.stopping = stopping;
      return report;
    }
    options.onBatch?.(stopping);
    n = l.next;
  }
}

/**
 * The watched estimate and its per-replication values: the named arm's paired difference, else
 * that of the arm the decision favours other than the baseline (the first in the ranking), else
 * (one arm) the baseline's own.
 */
function watched(report: Report, metric: MetricName, name?: string): { arm: string; estimate: Estimate; values: number[] } {
  const arms = report.arms;
  if (arms.length === 1) return { arm: arms[0].name, estimate: arms[0].metrics[metric], values: arms[0].replications[metric] };
  const favoured = name ?? report.ranking?.arms.find((a) => a.arm !== arms[0].name)?.arm ?? arms[1].name;
  const pick = arms.find((a) => a.name === favoured)!;
  const base = arms[0].replications[metric];
  return { arm: pick.name, estimate: pick.diff![metric], values: pick.replications[metric].map((x, r) => x - base[r]) };
}
