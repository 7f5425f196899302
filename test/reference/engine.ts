/** Runs the engine on one arm and replication and returns raw (unrounded) figures, for comparison with the reference. */
import { compileArm, mergeBlocks, metricsOf, planJobs, runJob, seriesOf, summarize, type ArmConfig, type MetricName, type SeriesName } from '../../engine/index.ts';
import { scenario } from '../helpers/build.ts';

export interface EngineResult {
  metrics: Record<MetricName, number>;
  series: Record<SeriesName, number[]>;
  /** Cards by downtime days (the report's histogram bins). */
  histogram: number[];
}

export function runEngine(arm: ArmConfig, seed: string, replication = 0, blockSize = 16384, stratify = true): EngineResult {
  const sc = scenario([arm], { seed, replications: replication + 1, blockSize, stratify });
  const model = compileArm(arm);
  const blocks = planJobs(sc, [model]).filter((j) => j.replication === replication).map((j) => runJob(sc, model, j));
  const total = mergeBlocks(blocks);
  const histogram = summarize({ ...sc, replications: 1 }, [model], [[total]]).arms[0].downtimeHistogram.cards;
  return { metrics: metricsOf(total, model), series: seriesOf(total, model), histogram };
}

/** Integer-valued metrics compare exactly; the rest to a relative 1e-9. */
export const INTEGER_METRICS: MetricName[] = ['stops.manual', 'stops.overQuota', 'stops.arrears', 'stops.expired', 'stops.manualRefused', 'cancelled', 'replaced'];

export function close(a: number, b: number, rel = 1e-9): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Differences between two result sets, as readable lines (empty when they agree). */
export function differences(ref: EngineResult, eng: EngineResult): string[] {
  const out: string[] = [];
  for (const name of Object.keys(ref.metrics) as MetricName[]) {
    const a = ref.metrics[name], b = eng.metrics[name];
    const ok = INTEGER_METRICS.includes(name) ? a === b : close(a, b);
    if (!ok) out.push(`metric ${name}: reference ${a}, engine ${b}`);
  }
  for (const name of Object.keys(ref.series) as SeriesName[]) {
    ref.series[name].forEach((a, k) => {
      const b = eng.series[name][k];
      if (!close(a, b)) out.push(`series ${name}[${k}]: reference ${a}, engine ${b}`);
    });
  }
  if (ref.histogram.join() !== eng.histogram.join()) out.push(`downtime histogram: reference ${ref.histogram.join(' ')}, engine ${eng.histogram.join(' ')}`);
  return out;
}
