/**
 * Batch means: every metric's interval from one replication. The fleet is cut into a fixed grid
 * of batches (planBatches): a pure function of the arm's fleet, never of the block size, the
 * worker count or the replication count. Cards of different batches share nothing (a batch never
 * splits a pool; draws are keyed by card; a batch holds whole 64-card stratum groups), so
 * batches are independent. Each batch is simulated as its own card range (jobs.ts), so its
 * vector (its metric totals) has the same bits whichever block, part or worker computes it: the
 * batch-means intervals are the same bytes for any block size and worker count.
 *
 * A job's result is packed: the block's layout vector (layout.ts), then the vectors of the
 * batches that start in the job's card range, BATCH_WIDTH numbers each (splitResult).
 */
import type { Model } from './model.ts';
import { poolAround } from './model.ts';
import type { BatchMeans, Estimate, MetricName } from './report.ts';
import { METRICS } from './metrics.ts';
import { T_DEMAND_DAYS, layout } from './layout.ts';
import { metricsInto } from './summarize.ts';
import { STRATUM_CARDS } from './strata.ts';
import { pairedRatioBatchMeans, ratioBatchMeans, round } from './stats.ts';
import type { PairedSample } from './experiments/sample.ts';

/**
 * A batch vector: every metric (METRICS order), then the batch's cards (BATCH_CARDS), its card-days
 * with demand (BATCH_DEMAND), its fault controls faultMB and meanMB from BATCH_CONTROLS
 * (engine/experiments/control-draws.ts: functions of its cards' draws alone, whose expectations
 * follow from its cohorts' cards) and its first card (BATCH_START).
 */
export const BATCH_CARDS = METRICS.length, BATCH_DEMAND = METRICS.length + 1, BATCH_CONTROLS = METRICS.length + 2, BATCH_START = METRICS.length + 4;
const CARDS = BATCH_CARDS, DEMAND = BATCH_DEMAND;
/** Numbers per batch vector. */
export const BATCH_WIDTH = METRICS.length + 5;

export interface BatchOptions {
  /** Batches per replication aimed at: the batch size is the largest STRATUM_CARDS × 2^k that still gives this many. [default: 32] */
  target?: number;
  /** The largest batch, in cards (a divisor of the default block size, so default blocks hold whole batches). [default: 16384] */
  maxCards?: number;
}

export const BATCH_DEFAULTS: Required<BatchOptions> = { target: 32, maxCards: 16384 };

/**
 * The batch size of a fleet of `cards`: STRATUM_CARDS × 2^k cards, the largest (up to `maxCards`)
 * that still cuts the fleet into `target` batches or more; STRATUM_CARDS when the fleet is smaller.
 */
export function batchCards(cards: number, options: BatchOptions = {}): number {
  const { target, maxCards } = { ...BATCH_DEFAULTS, ...options };
  let s = STRATUM_CARDS;
  while (s * 2 <= maxCards && cards / (s * 2) >= target) s *= 2;
  return s;
}

/**
 * The arm's batch grid: cut points [0, …, cards] every batchCards(cards) cards, a cut that
 * would split a pool moved to that pool's end (a pool never straddles batches). Cached per model.
 */
export function planBatches(model: Model): number[] {
  let cuts = gridCache.get(model);
  if (!cuts) gridCache.set(model, (cuts = cutGrid(model, batchCards(model.cards))));
  return cuts;
}

/** The fleet cut every `size` cards from card 0, a cut inside a pool moved to that pool's end (the batch grid's rule; the page's pilot units use it too). */
export function cutGrid(model: Model, size: number): number[] {
  const n = model.cards, cuts = [0];
  for (let b = size; b < n + size; b += size) {
    let cut = Math.min(b, n);
    const c = model.cohorts.find((c) => c.start < cut && cut < c.end);
    if (c && c.pools) {
      const [ps, pe] = poolAround(c.pools, cut);
      if (ps !== cut) cut = pe;
    }
    if (cut > cuts[cuts.length - 1]) cuts.push(cut);
  }
  return cuts;
}
const gridCache = new WeakMap<Model, number[]>();

/** One batch's vector from the result of simulating exactly its cards (its controls and first card left 0: runRange in jobs.ts writes them). */
export function batchOf(result: Float64Array, model: Model, cards: number): Float64Array {
  const out = new Float64Array(BATCH_WIDTH);
  writeBatch(result, model, cards, out, 0);
  return out;
}

/** batchOf into `out` from `at` (the controls are written apart, by the job: engine/jobs.ts). */
export function writeBatch(result: Float64Array, model: Model, cards: number, out: Float64Array, at: number, start = 0): void {
  const L = layout(model.months);
  metricsInto(result, model, out, at, L);
  out[at + BATCH_START] = start;
  out[at + CARDS] = cards;
  out[at + DEMAND] = result[L.totals + T_DEMAND_DAYS];
}

/** A packed job result split: the layout vector (a view) and the batch vectors after it (a view; empty when no batch starts in the job). */
export function splitResult(result: Float64Array, model: Model): { total: Float64Array; batches: Float64Array } {
  const n = layout(model.months).length;
  return { total: result.subarray(0, n), batches: result.subarray(n) };
}

/** The batch vectors of one replication, in batch order, from its blocks' concatenated vectors. */
export function vectorsOf(blocks: Float64Array[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (const b of blocks) for (let k = 0; b && k + BATCH_WIDTH <= b.length; k += BATCH_WIDTH) out.push(b.subarray(k, k + BATCH_WIDTH));
  return out;
}

/**
 * The batch-means estimates of one arm from its batch vectors [replication][block] (each block's
 * vectors concatenated; null with fewer than two batches); with `baseline` (the first arm's), also
 * the paired difference batch by batch when both arms cut the fleet into the same batches.
 */
export function batchMeans(batches: Float64Array[][], baseline?: Float64Array[][]): BatchMeans | null {
  const flat = batches.flatMap(vectorsOf);
  if (flat.length < 2) return null;
  const base = baseline?.flatMap(vectorsOf);
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
      // A constant ratio has no interval (lo = hi = null): flip only the bounds there are.
      metrics[name] = !r ? { mean: 1, lo: null, hi: null } : r.lo === null ? { ...r, mean: flip(r.mean) } : { mean: flip(r.mean), lo: flip(r.hi!), hi: flip(r.lo) };
      if (diff) {
        const d = pairedRatioBatchMeans(base!.map((b) => b[down]), base!.map((b) => b[DEMAND]), flat.map((b) => b[down]), flat.map((b) => b[DEMAND]), 1);
        diff[name] = d ?? { mean: 0, lo: null, hi: null };
      }
      return;
    }
    metrics[name] = ratioBatchMeans(flat.map((b) => b[k]), cards, perRep) ?? none(k);
    if (diff) diff[name] = pairedRatioBatchMeans(flat.map((b) => b[k]), cards, base!.map((b) => b[k]), cards, perRep) ?? { mean: 0, lo: null, hi: null };
  });
  return { blocks: flat.length / batches.length, batches: flat.length, metrics, diff };
}

/** 1 − x, rounded as estimates are. */
function flip(x: number): number {
  return round(1 - x);
}

/**
 * One metric of every arm on the batches (replication × batch) as paired units, for the
 * selection and the bootstrap: x the metric's batch totals over d the batch's cards, scaled to
 * a replication (availability: 1 − downtime over demand card-days). Null with fewer than two
 * batches or when an arm cuts the fleet into other batches than the baseline.
 */
export function batchSample(batches: Float64Array[][][], metric: MetricName): PairedSample | null {
  const flat = batches.map((a) => a.flatMap(vectorsOf));
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
