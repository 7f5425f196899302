/**
 * Block batch means: each job's block result reduced to its metric totals, kept per
 * (arm, replication, block) so that a report can give every metric an interval from blocks
 * as well as across replications. Cards of different blocks share nothing (a pool never
 * straddles blocks; draws are keyed by card) when blocks hold whole 64-card stratum groups
 * (strata.ts: a block size that is a multiple of 64), so blocks are independent batches; blocks
 * that split a group are negatively correlated and give conservative intervals.
 */
import type { Model } from './model.ts';
import type { BatchMeans, Estimate, MetricName } from './report.ts';
import { METRICS } from './metrics.ts';
import { T_DEMAND_DAYS, layout } from './layout.ts';
import { metricsOf } from './summarize.ts';
import { pairedRatioBatchMeans, ratioBatchMeans, round } from './stats.ts';
import type { PairedSample } from './experiments/sample.ts';

/** Where the block's card count and demand card-days sit after the metrics in a batch vector. */
const CARDS = METRICS.length, DEMAND = METRICS.length + 1;

/** One block's batch vector: every metric's total over the block (METRICS order), then its cards and its card-days with demand. */
export function batchOf(result: Float64Array, model: Model, cards: number): Float64Array {
  const m = metricsOf(result, model);
  const out = new Float64Array(METRICS.length + 2);
  METRICS.forEach((name, k) => (out[k] = m[name]));
  out[CARDS] = cards;
  out[DEMAND] = result[layout(model.months).totals + T_DEMAND_DAYS];
  return out;
}

/**
 * The batch-means estimates of one arm from its batches [replication][block] (null with fewer
 * than two batches); with `baseline` (the first arm's batches), also the paired difference
 * block by block when both arms cut the fleet into the same blocks.
 */
export function batchMeans(batches: Float64Array[][], baseline?: Float64Array[][]): BatchMeans | null {
  const flat = batches.flat();
  if (flat.length < 2) return null;
  const base = baseline?.flat();
  const paired = base !== undefined && base.length === flat.length && base.every((b, k) => b[CARDS] === flat[k][CARDS]);
  const metrics = {} as Record<MetricName, Estimate>;
  const diff = paired ? ({} as Record<MetricName, Estimate>) : null;
  const perRep = flat.reduce((x, b) => x + b[CARDS], 0) / batches.length;
  const cards = flat.map((b) => b[CARDS]);
  const none = (k: number): Estimate => ({ mean: round(flat.reduce((x, b) => x + b[k], 0) / batches.length), lo: null, hi: null });
  METRICS.forEach((name, k) => {
    if (name === 'availability') {
      // The ratio estimator's batch form: downtime over demand card-days per batch, not a mean of availabilities.
      const down = METRICS.indexOf('downtime.cardDays');
      const r = ratioBatchMeans(flat.map((b) => b[down]), flat.map((b) => b[DEMAND]), 1);
      metrics[name] = r ? { mean: flip(r.mean), lo: flip(r.hi!), hi: flip(r.lo!) } : { mean: 1, lo: null, hi: null };
      if (diff) {
        const d = pairedRatioBatchMeans(base!.map((b) => b[down]), base!.map((b) => b[DEMAND]), flat.map((b) => b[down]), flat.map((b) => b[DEMAND]), 1);
        diff[name] = d ?? { mean: 0, lo: null, hi: null };
      }
      return;
    }
    metrics[name] = ratioBatchMeans(flat.map((b) => b[k]), cards, perRep) ?? none(k);
    if (diff) diff[name] = pairedRatioBatchMeans(flat.map((b) => b[k]), cards, base!.map((b) => b[k]), cards, perRep) ?? { mean: 0, lo: null, hi: null };
  });
  return { blocks: batches[0].length, batches: flat.length, metrics, diff };
}

/** 1 − x, rounded as estimates are. */
function flip(x: number): number {
  return round(1 - x);
}

/**
 * One metric of every arm on the batches (replication × block) as paired units, for the
 * selection and the bootstrap: x the metric's batch totals over d the block's cards, scaled to
 * a replication (availability: 1 − downtime over demand card-days). Null with fewer than two
 * batches or when an arm cuts the fleet into other blocks than the baseline.
 */
export function batchSample(batches: Float64Array[][][], metric: MetricName): PairedSample | null {
  const flat = batches.map((a) => a.flat());
  const base = flat[0];
  if (base.length < 2 || flat.some((f) => f.length !== base.length || f.some((b, k) => b[CARDS] !== base[k][CARDS]))) return null;
  const reps = batches[0].length;
  if (metric === 'availability') {
    const down = METRICS.indexOf('downtime.cardDays');
    return { x: flat.map((f) => Float64Array.from(f, (b) => b[down])), d: flat.map((f) => Float64Array.from(f, (b) => b[DEMAND])), scale: -1, offset: 1 };
  }
  const k = METRICS.indexOf(metric);
  const cards = base.reduce((x, b) => x + b[CARDS], 0) / reps;
  return { x: flat.map((f) => Float64Array.from(f, (b) => b[k])), d: flat.map((f) => Float64Array.from(f, (b) => b[CARDS])), scale: cards, offset: 0 };
}
