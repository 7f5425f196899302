import type { ScenarioConfig } from './config.ts';
import { compileArm, poolAround, type Model } from './model.ts';
import { Sim, type Draws } from './sim.ts';
import { runBlock } from './kernel.ts';

/** A unit of work: one block of cards under one arm and replication. Its result is a mergeable Float64Array. */
export interface Job {
  arm: number;
  replication: number;
  block: number;
  /** Global card range [start, end). */
  start: number;
  end: number;
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

/** Runs one job. Pure: the same job always gives the same bytes. */
export function runJob(scenario: ScenarioConfig, model: Model, job: Job): Float64Array {
  return runBlock(new Sim(model, streamSeed(scenario, job.arm), job.replication, job.start, job.end - job.start));
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
 * scenario with a pool in any arm draws plainly in every arm. A pool's cost is not a sum over
 * its members: members drawn from distinct cells of one stratum group would be more alike
 * than independent cards and change the pool's expected overage and downtime.
 */
export function stratifies(scenario: ScenarioConfig): boolean {
  return scenario.stratify !== false && !scenario.arms.some((a) => a.cohorts.some((c) => c.poolSize > 0));
}
