import type { ScenarioConfig } from './config.ts';
import { compileArm, poolAround, type Model } from './model.ts';
import { Sim, type Draws } from './sim.ts';
import { StrataCache } from './strata-cache.ts';
import { runBlock } from './kernel.ts';
import { mergeParts, planParts } from './parts.ts';
import { BATCH_CONTROLS, BATCH_WIDTH, planBatches, writeBatch } from './batches.ts';
import { controlsInto } from './experiments/control-draws.ts';
import { layout } from './layout.ts';

/** A unit of work: one block of cards under one arm and replication. Its result is a mergeable Float64Array. */
export interface Job {
  arm: number;
  replication: number;
  block: number;
  /** Global card range [start, end): the block's, or with `part`, that part's. */
  start: number;
  end: number;
  /** A part of the block (engine/parts.ts: the tail blocks are cut into parts for scheduling): its index; absent: the whole block. */
  part?: number;
}

/**
 * Cuts the fleet into blocks of `blockSize` cards, fixed by the scenario and
 * never by the worker count; a cut that would split a pool moves to the end
 * of that pool (a pool never straddles blocks).
 */
export function planBlocks(model: Model, blockSize: number): Array<[number, number]> {
  const blocks: Array<[number, number]> = [];
  let a = 0;
  while (a < model.cards) {
    let b = Math.min(a + blockSize, model.cards);
    const c = model.cohorts.find((c) => c.start < b && b < c.end);
    if (c && c.pools) {
      const [ps, pe] = poolAround(c.pools, b);
      if (ps !== b) b = pe;
    }
    blocks.push([a, b]);
    a = b;
  }
  return blocks;
}

/**
 * Every job of a scenario, replication by replication (so that whole
 * replications finish early and partial reports can stream), then arm, then
 * block. Results merge by (arm, replication, block), whatever order they finish in.
 */
export function planJobs(scenario: ScenarioConfig, models: Model[] = scenario.arms.map(compileArm)): Job[] {
  const blocks = models.map((m) => planBlocks(m, scenario.blockSize));
  const jobs: Job[] = [];
  for (let replication = 0; replication < scenario.replications; replication++) {
    blocks.forEach((armBlocks, arm) => armBlocks.forEach(([start, end], block) => jobs.push({ arm, replication, block, start, end })));
  }
  return jobs;
}

/**
 * Runs one job. Pure: the same job always gives the same bytes. Its result is packed
 * (engine/batches.ts): the layout vector of its cards, then the vectors of the batches that start
 * in its range. A whole block that the plan cuts into parts is run part by part and merged in part
 * order (mergeParts), so its bytes are those of its parts run anywhere and merged; a job with
 * `part` runs that part's cards alone.
 */
export function runJob(scenario: ScenarioConfig, model: Model, job: Job): Float64Array {
  const seed = streamSeed(scenario, job.arm);
  if (job.part !== undefined) return runRange(model, seed, job.replication, job.start, job.end);
  const cuts = partsOf(scenario, model)[job.block];
  if (cuts.length === 2) return runRange(model, seed, job.replication, job.start, job.end);
  const results: Float64Array[] = [];
  for (let p = 0; p + 1 < cuts.length; p++) results.push(runRange(model, seed, job.replication, cuts[p], cuts[p + 1]));
  return mergeParts(results, layout(model.months).length);
}

/** The job's parts in order: one job per part of its block (engine/parts.ts), or the job itself when the block is whole. */
export function jobParts(scenario: ScenarioConfig, model: Model, job: Job): Job[] {
  const cuts = partsOf(scenario, model)[job.block];
  if (cuts.length === 2) return [job];
  return cuts.slice(1).map((end, part) => ({ ...job, part, start: cuts[part], end }));
}

/**
 * Cards [start, end) in pieces cut at the batch grid (planBatches), each simulated alone and added
 * in order; then the vector of every batch that starts in the range, from its piece when the batch
 * lies inside the range, else from simulating the whole batch (only where a block or part boundary
 * falls inside a batch: the default block size holds whole batches), with its fault controls
 * replayed from its cards' draws (control-draws.ts). A batch's vector is thus always that of its
 * own cards simulated alone, whoever computes it.
 */
function runRange(model: Model, draws: Draws, replication: number, start: number, end: number): Float64Array {
  const grid = planBatches(model), L = layout(model.months).length;
  let g = firstAfter(grid, start);
  const first = grid[g - 1] === start ? g - 1 : g;
  let last = first;
  while (last < grid.length - 1 && grid[last] < end) last++;
  const out = new Float64Array(L + (last - first) * BATCH_WIDTH), strata = new StrataCache();
  let at = L;
  for (let a = start; a < end; g++) {
    const b = g < grid.length && grid[g] < end ? grid[g] : end;
    const r = runBlock(new Sim(model, draws, replication, a, b - a, null, strata));
    for (let k = 0; k < L; k++) out[k] += r[k];
    if (grid[g - 1] === a) {
      const whole = b === grid[g] ? r : runBlock(new Sim(model, draws, replication, a, grid[g] - a, null, strata));
      writeBatch(whole, model, grid[g] - a, out, at, a);
      controlsInto(model, draws, replication, a, grid[g], out, at + BATCH_CONTROLS);
      at += BATCH_WIDTH;
    }
    a = b;
  }
  return out;
}

/** The index of the first grid cut after card g. */
function firstAfter(grid: number[], g: number): number {
  let lo = 0, hi = grid.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (grid[mid] <= g) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Each block's cut points, computed once per compiled arm and block size. */
const cutsCache = new WeakMap<Model, { blockSize: number; cuts: number[][] }>();
function partsOf(scenario: ScenarioConfig, model: Model): number[][] {
  let c = cutsCache.get(model);
  if (c?.blockSize !== scenario.blockSize) {
    c = { blockSize: scenario.blockSize, cuts: planParts(model, planBlocks(model, scenario.blockSize), scenario.blockSize) };
    cutsCache.set(model, c);
  }
  return c.cuts;
}

/**
 * How an arm draws: the seed its draws come from (the scenario's, or with common random numbers
 * off, one per arm) and whether per-card draws are stratified (engine/strata.ts).
 */
export function streamSeed(scenario: ScenarioConfig, arm: number): Draws {
  const seed = scenario.commonRandomNumbers === false ? `${scenario.seed}#arm${arm}` : scenario.seed;
  return { seed, stratify: stratifies(scenario) };
}

/**
 * Whether the scenario's per-card draws are stratified: its `stratify` key, except that a
 * scenario with a pool in any arm (a cohort's `poolSize`, or imported cards with a pool id) draws plainly in every arm. A pool's cost is not a sum over
 * its members: members drawn from distinct cells of one stratum group would be more alike
 * than independent cards and change the pool's expected overage and downtime.
 */
export function stratifies(scenario: ScenarioConfig): boolean {
  return scenario.stratify !== false && !scenario.arms.some((a) => a.cohorts.some((c) => c.poolSize > 0 || (c.cards?.pool.some((id) => id !== null) ?? false)));
}

/**
 * The kernel alone on the job's cards, as one block: the layout vector only, without the batch
 * vectors and their fault controls that runJob adds. Not a job's result (no batches for a report):
 * for bench/ab.ts's like-for-like run against a kernel from before batches (issue 17's baseline),
 * which sums these vectors with mergeBlocks as that kernel's were.
 */
export function runKernel(scenario: ScenarioConfig, model: Model, job: Job): Float64Array {
  return runBlock(new Sim(model, streamSeed(scenario, job.arm), job.replication, job.start, job.end - job.start));
}
