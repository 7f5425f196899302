/**
 * A provisional answer from a random sample of the first replication's batches (docs/statistics.md,
 * "A first answer from a sample of batches"). The batch grid (engine/batches.ts) is run in a keyed
 * random order, the same for every arm, so every prefix of that order is a simple random sample of
 * batches, paired across arms batch by batch. From a prefix, each metric is the ratio estimate
 * scaled to the fleet (Σ value ÷ Σ cards × the fleet's cards) with its batch-means interval over
 * the batches so far. The order of work never changes the final report: the blocks are rebuilt
 * from their batches exactly as runJob builds them (sampleBlock) and merged in block order.
 *
 * Before the batches, a pilot: `least` smaller units (a batch ÷ `pilotSplit`, whole 64-card stratum
 * windows) drawn at random from the fleet in the same keyed way, each simulated alone in every arm,
 * give the first answer for a fraction of a batch sample's work. Their results serve that answer
 * only (extra work: `least` units per arm); the replication itself is still run batch by batch.
 */
import type { ScenarioConfig } from './config.ts';
import type { Model } from './model.ts';
import type { Report } from './report.ts';
import { jobParts, planBlocks, streamSeed, type Job } from './jobs.ts';
import { mergeParts } from './parts.ts';
import { BATCH_CARDS, BATCH_CONTROLS, BATCH_WIDTH, batchCards, cutGrid, planBatches, writeBatch } from './batches.ts';
import { controlsInto } from './experiments/control-draws.ts';
import { layout } from './layout.ts';
import { METRICS } from './metrics.ts';
import { analysisKey, uniform } from './rng.ts';
import { summarize } from './summarize.ts';
import { STRATUM_CARDS } from './strata.ts';
import { Sim } from './sim.ts';
import { runBlock } from './kernel.ts';

export interface SampleOptions {
  /** Units before the first provisional answer: the pilot's windows, or without a pilot paired batches (a prefix of the order complete in every arm); also the fewest batches of a later answer. [default: 8] */
  least?: number;
  /** A new provisional answer once the sampled cards have grown by this factor since the last answer (each costs a summary and a redraw on the page's main thread, where the results come in, and that thread shares the cores with the workers). [default: 4] */
  growth?: number;
  /** No later provisional answer (after the first) when the rest of the replication is expected within this many ms at the pace so far: the exact one is about to replace it. [default: 500] */
  soonMs?: number;
  /** The pilot's unit is a batch ÷ this, in whole 64-card stratum windows (at least one); the first answer comes from `least` such units when they are smaller than a batch. 1: no pilot, the first answer waits for `least` batches. [default: 4] */
  pilotSplit?: number;
}

export const SAMPLE_DEFAULTS: Required<SampleOptions> = { least: 8, growth: 4, soonMs: 500, pilotSplit: 4 };

/** A provisional report and what it is made of. */
export interface SampleReport {
  /** One replication estimated from the sampled units: totals, series and metrics scaled to the fleet; intervals from batch means over the sample. Never a final answer. */
  report: Report;
  /** Units sampled per arm: the pilot's windows, or the batches of the order's prefix. */
  units: number;
  /** Whether the units are the pilot's windows (else batches of the first replication). */
  pilot: boolean;
  /** Cards sampled (the first arm's). */
  cards: number;
  /** Cards in the first arm's fleet. */
  of: number;
}

/**
 * The order the batch grid of `n` batches is run in: a Fisher–Yates permutation keyed by the
 * scenario's seed and `n` alone (its own analysis stream, disjoint from the replications' draws),
 * so arms with the same grid run their batches in the same order.
 */
export function batchOrder(seed: string, n: number): number[] {
  return keyedOrder(seed, 'batch-order', n);
}

/** A Fisher–Yates permutation of [0, n) from the analysis stream `name` of the seed. */
function keyedOrder(seed: string, name: string, n: number): number[] {
  const key = analysisKey(seed, name);
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

/** The pilot's unit, in cards: a batch (batchCards) ÷ `split`, rounded down to whole stratum windows (at least one); null when that is not smaller than a batch. */
export function pilotCards(model: Model, split: number): number | null {
  const batch = batchCards(model.cards);
  const unit = Math.max(STRATUM_CARDS, Math.floor(batch / split / STRATUM_CARDS) * STRATUM_CARDS);
  return unit < batch ? unit : null;
}

/** The fleet cut every `size` cards from card 0, a cut inside a pool moved to that pool's end (as planBatches cuts its grid). */
export const unitGrid = cutGrid;

/**
 * The pilot of an arm: the first `count` units of its unit grid (pilotCards) in a keyed random
 * order (the seed's `pilot-order` stream and the grid's size alone, so arms with the same fleet
 * sample the same cards), as card ranges; null when the unit is not smaller than a batch or the
 * grid has no more than `count` units (the sample would be the whole fleet).
 */
export function pilotUnits(seed: string, model: Model, split: number, count: number): Array<[number, number]> | null {
  const size = pilotCards(model, split);
  if (size === null) return null;
  const grid = unitGrid(model, size), n = grid.length - 1;
  if (n <= count) return null;
  return keyedOrder(seed, 'pilot-order', n).slice(0, count).map((k) => [grid[k], grid[k + 1]]);
}

/**
 * One unit's packed result (as a batch's: its layout vector, then its vector, BATCH_WIDTH
 * numbers): the cards [job.start, job.end) simulated alone. A unit holds whole stratum windows
 * and pools, so each card's values are those it has in the replication.
 */
export function runUnit(scenario: ScenarioConfig, model: Model, job: Job): Float64Array {
  const L = layout(model.months).length, cards = job.end - job.start;
  const draws = streamSeed(scenario, job.arm);
  const r = runBlock(new Sim(model, draws, job.replication, job.start, cards));
  const out = new Float64Array(L + BATCH_WIDTH);
  out.set(r.subarray(0, L));
  // As a job writes a batch (jobs.ts): its first card, then its fault controls.
  writeBatch(r, model, cards, out, L, job.start);
  controlsInto(model, draws, job.replication, job.start, job.end, out, L + BATCH_CONTROLS);
  return out;
}
