/**
 * Batch means on a fixed grid of batches (engine/batches.ts): the grid is a function of the fleet
 * alone, and the report's batch-means intervals are the same bytes for any block size and any
 * number of workers finishing in any order.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileArm, planBlocks, runScenario, type Report } from '../../engine/index.ts';
import { BATCH_WIDTH, batchCards, planBatches, splitResult } from '../../engine/batches.ts';
import { runJob, planJobs } from '../../engine/jobs.ts';
import { STRATUM_CARDS } from '../../engine/strata.ts';
import { arm, cohort } from '../helpers/build.ts';
import { closeDelayedPools, delayedPool, twoArms } from '../helpers/pools.ts';



afterAll(closeDelayedPools);

const batchBytes = (r: Report) => JSON.stringify(r.arms.map((a) => a.batchMeans));

describe('the batch grid', () => {
  it('takes the largest batch of 64 × 2^k cards that still gives 32 batches, from 64 up to 16,384', () => {
    expect(batchCards(100)).toBe(64);
    expect(batchCards(2048)).toBe(64); // 2048 ÷ 128 = 16 < 32
    expect(batchCards(4096)).toBe(128); // 4096 ÷ 128 = 32
    expect(batchCards(10_000)).toBe(256); // 10,000 ÷ 512 = 19.5 < 32 ≤ 10,000 ÷ 256 = 39.1
    expect(batchCards(100_000)).toBe(2048); // 48.8 batches
    expect(batchCards(1_000_000)).toBe(16384); // 61.0 batches
    expect(batchCards(10_000_000)).toBe(16384); // the largest: a divisor of the default block size
  });

  it('cuts every batch size cards, a cut inside a pool moved to the pool’s end', () => {
    expect(planBatches(compileArm(arm({ cohorts: [cohort({ count: 200 })] })))).toEqual([0, 64, 128, 192, 200]);
    // Pools of 30: 64 falls in [60, 90), 128 in [120, 150), 192 in [180, 210).
    expect(planBatches(compileArm(arm({ cohorts: [cohort({ count: 200, poolSize: 30 })] })))).toEqual([0, 90, 150, 200]);
  });

  it('covers the fleet in increasing cuts, holds whole stratum groups where no pool moves a cut, and never splits a pool', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 0, max: 100 }), (cards, poolSize) => {
      const model = compileArm(arm({ cohorts: [cohort({ count: cards, poolSize })] }));
      const cuts = planBatches(model);
      expect(cuts[0]).toBe(0);
      expect(cuts[cuts.length - 1]).toBe(cards);
      for (let k = 1; k < cuts.length; k++) expect(cuts[k]).toBeGreaterThan(cuts[k - 1]);
      const pools = model.cohorts[0].pools;
      for (const c of cuts.slice(1, -1)) {
        if (pools) expect(pools.includes(c)).toBe(true);
        else expect(c % STRATUM_CARDS).toBe(0);
      }
    }));
  });
});

describe('batch vectors travel with job results', () => {
  it('a job returns, after its layout vector, the vectors of the batches that start in its cards', () => {
    const s = twoArms(200, { blockSize: 100 });
    const model = compileArm(s.arms[0]);
    const [first, second] = planJobs(s, [model]).filter((j) => j.arm === 0);
    // Blocks [0, 100) and [100, 200); batches [0, 64), [64, 128), [128, 192), [192, 200).
    expect(splitResult(runJob(s, model, first), model).batches.length).toBe(2 * BATCH_WIDTH);
    expect(splitResult(runJob(s, model, second), model).batches.length).toBe(2 * BATCH_WIDTH);
    expect(planBlocks(model, 100)).toEqual([[0, 100], [100, 200]]);
  });
});

describe('batch-means intervals are the same bytes', () => {
  it('for any block size (one thread)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 400 }), fc.constantFrom(0, 0, 7, 25), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), fc.boolean(),
      async (cards, poolSize, b1, b2, stratify) => {
        const s = twoArms(cards, { seed: `bm-${cards}`, stratify }, poolSize);
        const one = await runScenario({ ...s, blockSize: Math.max(b1, poolSize) });
        const two = await runScenario({ ...s, blockSize: Math.max(b2, poolSize) });
        expect(batchBytes(two)).toBe(batchBytes(one));
        expect(one.intervals.headline).toBe(cards > planBatches(compileArm(s.arms[0]))[1] ? 'batchMeans' : 'none');
      },
    ), { numRuns: 25 });
  });

  it('for any number of workers finishing in any order, and across replications', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 65, max: 400 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 1, max: 3 }),
      async (cards, blockSize, workers, seed, replications) => {
        const s = twoArms(cards, { seed: `w-${cards}`, replications, blockSize });
        const alone = await runScenario({ ...s, blockSize: 16384 });
        const pooled = await delayedPool(workers, seed).run(s);
        expect(batchBytes(pooled)).toBe(batchBytes(alone));
        expect(pooled.arms[0].batchMeans!.blocks).toBe(planBatches(compileArm(s.arms[0])).length - 1);
        expect(pooled.arms[1].batchMeans!.diff).not.toBeNull();
      },
    ), { numRuns: 15 });
  });
});
