/**
 * A provisional answer from a random sample of the first replication's batches (docs/statistics.md,
 * "A first answer from a sample of batches"). The batch grid (engine/batches.ts) is run in a keyed
 * random order, the same for every arm, so every prefix of that order is a simple random sample of
 * batches, paired across arms batch by batch. From a prefix, each metric is the ratio estimate
 * scaled to the fleet (Σ value ÷ Σ cards × the fleet's cards) with its batch-means interval over
 * the batches so far. The order of work never changes the final report: the blocks are rebuilt
 * from their batches exactly as runJob builds them (sampleBlock) and merged in block order.
 */
import type { ScenarioConfig } from './config.ts';
import type { Model } from './model.ts';
import type { Report } from './report.ts';
import { jobParts, planBlocks, type Job } from './jobs.ts';
import { mergeParts } from './parts.ts';
import { BATCH_CARDS, BATCH_WIDTH, planBatches } from './batches.ts';
import { layout } from './layout.ts';
import { METRICS } from './metrics.ts';
import { analysisKey, uniform } from './rng.ts';
import { summarize } from './summarize.ts';

export interface SampleOptions {
  /** Paired batches (a prefix of the order complete in every arm) before the first provisional answer. [default: 8] */
  least?: number;
  /** A new provisional answer once the prefix has grown by this factor since the last one (each costs a summary and a redraw on the page's main thread, where the results come in). [default: 2] */
  growth?: number;
  /** No later provisional answer (after the first) when the rest of the replication is expected within this many ms at the pace so far: the exact one is about to replace it. [default: 500] */
  soonMs?: number;
}

export const SAMPLE_DEFAULTS: Required<SampleOptions> = { least: 8, growth: 2, soonMs: 500 };

/** A provisional report and what it is made of. */
export interface SampleReport {
  /** One replication estimated from the sampled batches: totals, series and metrics scaled to the fleet; intervals from batch means over the sample. Never a final answer. */
  report: Report;
  /** Batches sampled per arm (the prefix of the order). */
  batches: number;
  /** Batches in the replication (the largest arm's grid). */
  of: number;
}

/**
 * The order the batch grid of `n` batches is run in: a Fisher–Yates permutation keyed by the
 * scenario's seed and `n` alone (its own analysis stream, disjoint from the replications' draws),
 * so arms with the same grid run their batches in the same order.
 */
export function batchOrder(seed: string, n: number): number[] {
  const key = analysisKey(seed, 'batch-order');
  const out = Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(uniform(key, n, k, 0) * (k + 1));
    [out[k], out[j]] = [out[j], out[k]];
  }
  return out;
}

/**
 * The batch jobs of one block: one job per batch (a part of the block, in the sense of runJob: its
 * cards run alone), or null when a block boundary falls inside a batch (a block size that is not a
 * multiple of the batch size: such a scenario is run block by block).
 */
export function batchJobs(scenario: ScenarioConfig, model: Model, job: Job): Job[] | null {
  const grid = planBatches(model);
  const at = grid.indexOf(job.start), end = grid.indexOf(job.end);
  if (at < 0 || end < 0) return null;
  const out: Job[] = [];
  for (let g = at; g < end; g++) out.push({ arm: job.arm, replication: job.replication, block: job.block, start: grid[g], end: grid[g + 1], part: g });
  return out;
}

/** Whether every block of the arm starts and ends on the batch grid (so batchJobs holds for each). */
export function sampleable(scenario: ScenarioConfig, model: Model): boolean {
  const grid = new Set(planBatches(model));
  return planBlocks(model, scenario.blockSize).every(([a, b]) => grid.has(a) && grid.has(b));
}

/**
 * A block's result from its batches' results (each the packed result of its batch run alone, in
 * card order): the batches of each of the block's parts merged in order (as runRange adds its
 * pieces), then the parts merged in part order (as runJob and the pool do); the same bytes as
 * runJob(scenario, model, job).
 */
export function sampleBlock(scenario: ScenarioConfig, model: Model, job: Job, batches: Float64Array[]): Float64Array {
  const L = layout(model.months).length, grid = planBatches(model), g = grid.indexOf(job.start);
  const results: Float64Array[] = [];
  let k = 0;
  for (const p of jobParts(scenario, model, job)) {
    const mine: Float64Array[] = [];
    while (k < batches.length && grid[g + k + 1] <= p.end) mine.push(batches[k++]);
    results.push(mergeParts(mine, L));
  }
  if (k !== batches.length) throw new Error(`block ${job.block} of arm ${job.arm}: ${batches.length} batch results for ${k} batches`);
  return results.length === 1 ? results[0] : mergeParts(results, L);
}

/**
 * The provisional report from sampled batches: sampled[arm] holds the packed results of the arm's
 * sampled batches (each a batch run alone), in the order sampled (the same batches in every arm).
 * Each arm's totals and batch vectors are scaled by its fleet's cards over the sampled cards
 * (everything the metrics read is a sum, so the ratio estimate and its interval scale alike), then
 * summarized as one replication: its metrics are ratio estimates for the whole fleet with
 * batch-means intervals over the sample, and with two arms or more the paired differences batch by batch.
 */
export function sampleReport(scenario: ScenarioConfig, models: Model[], sampled: Float64Array[][]): Report {
  const totals: Float64Array[][] = [], batches: Float64Array[][][] = [];
  sampled.forEach((results, a) => {
    const L = layout(models[a].months).length;
    let cards = 0;
    for (const r of results) cards += r[L + BATCH_CARDS];
    const f = cards > 0 ? models[a].cards / cards : 0;
    const total = new Float64Array(L), vectors = new Float64Array(results.length * BATCH_WIDTH);
    results.forEach((r, k) => {
      for (let i = 0; i < L; i++) total[i] += r[i];
      vectors.set(r.subarray(L, L + BATCH_WIDTH), k * BATCH_WIDTH);
    });
    for (let i = 0; i < L; i++) total[i] *= f;
    for (let k = 0; k < results.length; k++) {
      // Every metric and the demand card-days scale; the cards (the ratio's denominator) stay.
      for (let m = 0; m < METRICS.length; m++) vectors[k * BATCH_WIDTH + m] *= f;
      vectors[k * BATCH_WIDTH + METRICS.length + 1] *= f;
    }
    totals.push([total]);
    batches.push([[vectors]]);
  });
  return summarize({ ...scenario, replications: 1 }, models, totals, batches);
}
