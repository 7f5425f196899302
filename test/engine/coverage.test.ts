/**
 * Coverage of the report's 95 % intervals, measured by simulation: many independent runs of a
 * tiny fleet (different seeds), each interval checked against the true mean of cost.total,
 * estimated from many more replications. Printed, and held between 0.93 and 0.97.
 */
import { describe, expect, it } from 'vitest';
import { compileArm, metricsOf, mergeBlocks, planJobs, runJob, type ScenarioConfig } from '../../engine/index.ts';
import { BATCH_WIDTH, splitResult } from '../../engine/batches.ts';
import { estimate, ratioBatchMeans } from '../../engine/stats.ts';
import { METRICS } from '../../engine/metrics.ts';
import { arm, cohort, constant, plan, scenario } from '../helpers/build.ts';

/**
 * `cards` cards in blocks of 6, 2 months, lognormal daily use over a 100 MB plan: overage varies card to card.
 * Batch means take the fixed batch grid (engine/batches.ts: 512 cards are 8 batches of 64 whole
 * stratum groups), whatever the block size.
 */
const fleet = (seed: string, replications: number, cards = 48): ScenarioConfig => scenario(
  [arm({
    months: 2,
    plans: [plan({ monthlyFee: 5, quotaMB: 100, overagePerMB: 0.29 })],
    profiles: [constant(0, { meanDailyMB: { kind: 'lognormal', median: 3.5, spread: 0.3 }, noise: { kind: 'lognormal', median: 1, spread: 0.3 } })],
    cohorts: [cohort({ count: cards })],
  })],
  { seed, replications, blockSize: 6 },
);

const COST = METRICS.indexOf('cost.total');

/** Per replication: the batch vectors (engine/batches.ts) and the replication total of cost.total. */
function runAll(s: ScenarioConfig): { batches: Float64Array[][]; totals: number[] } {
  const model = compileArm(s.arms[0]);
  const jobs = planJobs(s, [model]);
  const batches: Float64Array[][] = Array.from({ length: s.replications }, () => []);
  const results: Float64Array[][] = Array.from({ length: s.replications }, () => []);
  for (const j of jobs) {
    const { total, batches: b } = splitResult(runJob(s, model, j), model);
    for (let k = 0; k < b.length; k += BATCH_WIDTH) batches[j.replication].push(b.subarray(k, k + BATCH_WIDTH));
    results[j.replication][j.block] = total;
  }
  return { batches, totals: results.map((bs) => metricsOf(mergeBlocks(bs), model)['cost.total']) };
}

const RUNS = 1000;

describe('interval coverage (simulation)', () => {
  const truth = estimate(runAll(fleet('truth', 4000)).totals);
  const truth512 = estimate(runAll(fleet('truth', 1000, 512)).totals);

  it('the batch-means interval of one replication covers the true mean of cost.total about 95 % of the time', () => {
    let hits = 0, width = 0;
    for (let i = 0; i < RUNS; i++) {
      const { batches } = runAll(fleet(`bm-${i}`, 1, 512));
      const e = ratioBatchMeans(batches[0].map((b) => b[COST]), batches[0].map((b) => b[METRICS.length]), 512)!;
      if (e.lo! <= truth512.mean && truth512.mean <= e.hi!) hits++;
      width += e.hi! - e.lo!;
    }
    const coverage = hits / RUNS;
    console.log(`batch means (1 replication, 512 cards: 8 batches of 64), cost.total: coverage ${coverage.toFixed(3)} over ${RUNS} runs; true mean ${truth512.mean} ± ${((truth512.hi! - truth512.lo!) / 2).toFixed(2)}, mean width ${(width / RUNS).toFixed(2)}`);
    expect(coverage).toBeGreaterThanOrEqual(0.93);
    expect(coverage).toBeLessThanOrEqual(0.97);
  });

  it('the interval over 5 replications covers the true mean of cost.total about 95 % of the time', () => {
    let hits = 0;
    for (let i = 0; i < RUNS; i++) {
      const e = estimate(runAll(fleet(`rep-${i}`, 5)).totals);
      if (e.lo! <= truth.mean && truth.mean <= e.hi!) hits++;
    }
    const coverage = hits / RUNS;
    console.log(`over replications (5), cost.total: coverage ${coverage.toFixed(3)} over ${RUNS} runs`);
    expect(coverage).toBeGreaterThanOrEqual(0.93);
    expect(coverage).toBeLessThanOrEqual(0.97);
  });
});
